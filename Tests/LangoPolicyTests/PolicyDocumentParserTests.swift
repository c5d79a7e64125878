import LangoJSON
import LangoPolicy
import Testing

/// File-level checks: JSON syntax, the top-level object and `defaults`.
@Suite struct PolicyDocumentParserTests {
    private typealias T = TestSupport

    private func failure(_ text: String) -> [PolicyDiagnostic] {
        T.failure([PolicySource(name: "policies/bad.json", text: text)])
    }

    @Test func syntaxErrorsHaveLineAndColumn() throws {
        let diagnostics = failure("{\n  \"policy\": \"x\",\n  \"version\": 1,\n}")
        let diagnostic = try #require(diagnostics.only)
        #expect(diagnostic.location == .position(line: 4, column: 1))
        #expect(diagnostic.message.hasPrefix("invalid JSON: "))
        #expect(diagnostic.description.hasPrefix("policies/bad.json:4:1: error: invalid JSON: "))
    }

    @Test func duplicateKeysAreReportedWithLineAndColumn() throws {
        let text = """
            {
              "policy": "dup",
              "version": 1,
              "policy": "dup-again",
              "rules": []
            }
            """
        let diagnostic = try #require(failure(text).only)
        guard case .position(let line, _) = diagnostic.location else {
            Issue.record("expected a position, got \(diagnostic.location)")
            return
        }
        #expect(line == 4)
        #expect(diagnostic.message.contains("duplicate object key"))
        #expect(diagnostic.hint == "each key may appear only once in an object")
    }

    @Test func theDocumentMustBeAnObject() throws {
        let diagnostic = try #require(failure("[1, 2]").only)
        #expect(diagnostic.message == "expected object, found array")
        #expect(diagnostic.pathText == "$")
    }

    @Test func unknownTopLevelFieldsGetAHint() {
        let diagnostics = failure(#"{"policy": "p", "version": 1, "rule": []}"#)
        #expect(diagnostics.count == 2)
        #expect(
            diagnostics.contains {
                $0.pathText == "$.rule" && $0.message == #"unknown field "rule""# && $0.hint == #"did you mean "rules"?"#
            })
        #expect(diagnostics.contains { $0.pathText == "$.rules" && $0.message == #"missing required field "rules""# })
        let farOff = failure(#"{"policy": "p", "version": 1, "rules": [], "owner": "me"}"#)
        #expect(
            farOff.contains {
                $0.pathText == "$.owner" && $0.hint == "known fields: defaults, description, policy, rules, version"
            })
    }

    @Test func requiredFieldsAreAllReported() {
        let diagnostics = failure(#"{"rules": []}"#)
        #expect(
            diagnostics.map(\.description) == [
                #"policies/bad.json:$.policy: error: missing required field "policy""#,
                #"policies/bad.json:$.version: error: missing required field "version""#,
                #"policies/bad.json:$.rules: error: "rules" must list at least one rule"#,
            ]
        )
    }

    @Test func policyNameAndVersionAreValidated() {
        let diagnostics = failure(#"{"policy": "Internal Accounts", "version": 0, "rules": 3}"#)
        #expect(
            diagnostics.contains {
                $0.pathText == "$.policy" && $0.message == #"invalid policy name "Internal Accounts""#
                    && $0.hint?.contains("lowercase") == true
            })
        #expect(diagnostics.contains { $0.pathText == "$.version" && $0.message == #""version" must be at least 1, found 0"# })
        #expect(diagnostics.contains { $0.pathText == "$.rules" && $0.message == "expected array, found integer" })
        #expect(
            failure(#"{"policy": "p", "version": 1.5, "rules": []}"#).contains { $0.message == "expected integer, found number" })
        #expect(
            failure(#"{"policy": "p", "version": "1", "rules": []}"#).contains { $0.message == "expected integer, found string" })
        #expect(
            failure(#"{"policy": 7, "version": 1, "rules": []}"#).contains {
                $0.pathText == "$.policy" && $0.message == "expected string, found integer"
            })
    }

    @Test func defaultsAreAClosedVocabulary() {
        let diagnostics = T.failure(
            T.policy(defaults: ["mode": "shdow", "on_error": "open", "timeout": 5], rules: [T.allow("r", "GET", "/a")])
        )
        #expect(
            diagnostics.contains {
                $0.pathText == "$.defaults.mode" && $0.message == #"invalid mode "shdow""#
                    && $0.hint == #"did you mean "shadow"?"#
            })
        #expect(
            diagnostics.contains {
                $0.pathText == "$.defaults.on_error" && $0.message == #"invalid on_error "open""#
                    && $0.hint == "expected one of: deny, allow"
            })
        #expect(diagnostics.contains { $0.pathText == "$.defaults.timeout" && $0.message == #"unknown field "timeout""# })
    }

    @Test func everyProblemOfAFileIsReportedAtOnce() {
        let diagnostics = T.failure(
            T.policy(rules: [
                T.allow("ok", "GET", "/a"),
                T.allow("Bad Id", "GET", "/b"),
                T.allow("c", "GETS", "/c"),
                T.allow("d", "GET", "d"),
            ])
        )
        #expect(diagnostics.compactMap(\.pathText) == ["$.rules[1].id", "$.rules[2].match.method", "$.rules[3].match.path"])
    }
}
