import LangoJSON
import LangoPolicy
import Testing

/// Set-wide checks: sources, duplicate names and ids, duplicate and ambiguous routes.
@Suite struct PolicyCompilerTests {
    private typealias T = TestSupport

    @Test func aSetNeedsSources() throws {
        let diagnostic = try #require(T.failure([]).only)
        #expect(
            diagnostic.description
                == "error: no policy files were given (hint: a policy set needs at least one policies/*.json file)")
        #expect(diagnostic.location == .file)
    }

    @Test func aFileNameMayBeGivenOnce() throws {
        let document = T.policy(rules: [T.allow("a", "GET", "/a")])
        let diagnostics = T.failure([T.source(document, name: "policies/a.json"), T.source(document, name: "policies/a.json")])
        let diagnostic = try #require(diagnostics.only)
        #expect(
            diagnostic.description == "policies/a.json: error: the same file name was given twice (hint: give each file once)")
    }

    @Test func policyNamesAreUniqueAcrossFiles() {
        let diagnostics = T.failure([
            T.source(T.policy("shared", rules: [T.allow("a", "GET", "/a")]), name: "policies/a.json"),
            T.source(T.policy("shared", rules: [T.allow("b", "GET", "/b")]), name: "policies/b.json"),
        ])
        #expect(
            diagnostics.map(\.description) == [
                #"policies/b.json:$.policy: error: duplicate policy name "shared": also used by policies/a.json (hint: policy names are unique across the set)"#
            ])
    }

    @Test func ruleIdsAreUniqueAcrossTheSetNamingTheOtherFile() {
        let diagnostics = T.failure([
            T.source(T.policy("one", rules: [T.allow("x", "GET", "/x"), T.allow("read", "GET", "/a")]), name: "policies/a.json"),
            T.source(T.policy("two", rules: [T.allow("read", "GET", "/b")]), name: "policies/b.json"),
        ])
        #expect(
            diagnostics.map(\.description) == [
                #"policies/b.json:$.rules[0].id: error: duplicate rule id "read": first defined in policies/a.json at $.rules[1] (hint: rule ids are unique across the whole set)"#
            ])
    }

    @Test func duplicateRoutesNameTheOtherRule() {
        let diagnostics = T.failure([
            T.source(T.policy("one", rules: [T.allow("first", ["GET", "POST"], "/items/{ItemId}")]), name: "policies/a.json"),
            T.source(T.policy("two", rules: [T.allow("second", "GET", "/items/{Id}")]), name: "policies/b.json"),
        ])
        #expect(
            diagnostics.map(\.description) == [
                #"policies/b.json:$.rules[0].match: error: route GET /items/{Id} duplicates rule "first" (GET|POST /items/{ItemId} in policies/a.json at $.rules[0]) (hint: two allow rules may share a path shape only if their methods differ)"#
            ])
    }

    @Test func starOverlapsEveryMethod() {
        let diagnostics = T.failure(T.policy(rules: [T.allow("get", "GET", "/a"), T.allow("any", "*", "/a")]))
        #expect(diagnostics.map(\.pathText) == ["$.rules[1].match"])
        #expect(diagnostics.first?.message.hasPrefix(#"route * /a duplicates rule "get""#) == true)
    }

    @Test func ambiguousRoutesAreErrorsWithAnExamplePath() {
        let diagnostics = T.failure(
            T.policy(rules: [T.allow("x", ["GET", "PUT"], "/a/{x}/c"), T.allow("y", ["PUT", "POST"], "/a/b/{y}")]))
        #expect(
            diagnostics.map(\.summary) == [
                #"$.rules[1].match: route POST|PUT /a/b/{y} is ambiguous with rule "x" (GET|PUT /a/{x}/c in policies/test.json at $.rules[0]): both match PUT /a/b/c and neither is more specific (hint: give one template a literal where the other has a parameter, or split the methods)"#
            ])
        let catchAll = T.failure(
            T.policy(rules: [T.allow("x", "GET", "/{Tenant}/reports"), T.allow("y", "GET", "/acme/{*rest}")]))
        #expect(catchAll.first?.message.contains("both match GET /acme/reports") == true)
    }

    @Test func overlappingRoutesWithAClearWinnerOrDisjointMethodsAreFine() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow("literal", "GET", "/a/b"),
                T.allow("param", "GET", "/a/{x}"),
                T.allow("catch", "GET", "/a/{*rest}"),
                T.allow("x", "GET", "/c/{x}/e"),
                T.allow("y", "POST", "/c/d/{y}"),
            ])
        )
        #expect(set.rules.map(\.id) == ["literal", "param", "catch", "x", "y"])
        #expect(set.warnings.isEmpty)
    }

    @Test func reportsErrorsOfEveryFileAndTheSetTogether() {
        let diagnostics = T.failure([
            T.source(
                T.policy(
                    "one", rules: [T.allow("a", "GET", "/a", extra: ["upstream": ["adapter": "cor", "operation": "accounts"]])]),
                name: "policies/a.json"),
            T.source(T.policy("two", rules: [T.allow("a", "GET", "/a"), T.allow("b", "GETT", "/b")]), name: "policies/b.json"),
            PolicySource(name: "policies/c.json", text: "{"),
        ])
        #expect(
            diagnostics.map { "\($0.file) \($0.location)" } == [
                "policies/a.json $.rules[0].upstream.adapter",
                "policies/b.json $.rules[1].match.method",
                "policies/b.json $.rules[0].id",
                "policies/b.json $.rules[0].match",
                "policies/c.json 1:1",
            ])
        #expect(
            diagnostics.first?.description
                == #"policies/a.json:$.rules[0].upstream.adapter: error: unknown adapter "cor" (hint: did you mean "core"?)"#)
    }

    @Test func theSetIsOrderedByFileName() throws {
        let set = try PolicySet.compile(
            [
                T.source(T.policy("zeta", rules: [T.allow("z", "GET", "/z")]), name: "policies/z.json"),
                T.source(
                    T.policy("alpha", rules: [T.allow("a1", "GET", "/a"), T.allow("a2", "GET", "/b")]), name: "policies/a.json"),
            ],
            vocabulary: T.vocabulary
        )
        #expect(set.rules.map(\.id) == ["a1", "a2", "z"])
        #expect(set.policies.map(\.id) == ["alpha", "zeta"])
        #expect(set.policies.first?.ruleCount == 2)
        #expect(set.policies.first?.file == "policies/a.json")
        #expect(set.policies.first?.version == 1)
    }
}
