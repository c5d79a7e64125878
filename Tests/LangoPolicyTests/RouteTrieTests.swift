import LangoJSON
import LangoPolicy
import Testing

/// Routing through the compiled trie, observed through ``PolicySet/resolve(method:path:)``.
@Suite struct RouteTrieTests {
    private typealias T = TestSupport

    @Test func literalsAndParameters() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow("list", "GET", "/accounts"),
                T.allow("read", "GET", "/accounts/{AccountId}"),
                T.allow("balances", "GET", "/accounts/{AccountId}/balances"),
            ])
        )
        #expect(set.resolve(method: "GET", path: "/accounts").ruleID == "list")
        #expect(set.resolve(method: "GET", path: "/accounts/ACC-1").ruleID == "read")
        #expect(set.resolve(method: "GET", path: "/accounts/ACC-1/balances").ruleID == "balances")
        #expect(set.resolve(method: "GET", path: "/accounts/ACC-1/balances/x").isNotFound)
        #expect(set.resolve(method: "GET", path: "/account").isNotFound)
        #expect(set.resolve(method: "GET", path: "/").isNotFound)
        guard case .matched(let route) = set.resolve(method: "GET", path: "/accounts/ACC-1/balances?x=1") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.parameters["AccountId"] == "ACC-1")
        #expect(route.method == "GET")
        #expect(route.path == "/accounts/ACC-1/balances?x=1")
    }

    @Test func rootTemplate() throws {
        let set = try T.compile(T.policy(rules: [T.allow("root", "GET", "/")]))
        #expect(set.resolve(method: "GET", path: "/").ruleID == "root")
        #expect(set.resolve(method: "GET", path: "/a").isNotFound)
    }

    @Test func percentDecodesBeforeMatchingAndCapture() throws {
        let set = try T.compile(
            T.policy(rules: [T.allow("read", "GET", "/accounts/{AccountId}"), T.allow("me", "GET", "/accounts/me")]))
        #expect(set.resolve(method: "GET", path: "/%61ccounts/%6De").ruleID == "me")
        guard case .matched(let route) = set.resolve(method: "GET", path: "/accounts/ACC%20%C3%A9") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.rule.id == "read")
        #expect(route.parameters["AccountId"] == "ACC é")
        #expect(set.resolve(method: "GET", path: "/accounts/a%2Fb").isNotFound)
        #expect(set.resolve(method: "GET", path: "/accounts/%zz").isNotFound)
    }

    @Test func trailingSlashAndEmptySegmentsMatchNothing() throws {
        let set = try T.compile(T.policy(rules: [T.allow("list", "GET", "/accounts"), T.allow("any", "GET", "/files/{*rest}")]))
        #expect(set.resolve(method: "GET", path: "/accounts/").isNotFound)
        #expect(set.resolve(method: "GET", path: "//accounts").isNotFound)
        #expect(set.resolve(method: "GET", path: "/files/a//b").isNotFound)
        #expect(set.resolve(method: "GET", path: "/files/a/").isNotFound)
    }

    @Test func catchAllTakesOneOrMoreSegments() throws {
        let set = try T.compile(T.policy(rules: [T.allow("files", "GET", "/files/{*rest}")]))
        #expect(set.resolve(method: "GET", path: "/files").isNotFound)
        guard case .matched(let route) = set.resolve(method: "GET", path: "/files/a/b%20c/d") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.parameters["rest"] == "a/b c/d")
    }

    @Test func literalBeatsParameterBeatsCatchAll() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow("catch", "GET", "/a/{*rest}"),
                T.allow("param", "GET", "/a/{x}"),
                T.allow("literal", "GET", "/a/b"),
            ])
        )
        #expect(set.resolve(method: "GET", path: "/a/b").ruleID == "literal")
        #expect(set.resolve(method: "GET", path: "/a/c").ruleID == "param")
        #expect(set.resolve(method: "GET", path: "/a/c/d").ruleID == "catch")
    }

    @Test func backtracksWhenTheLiteralBranchDeadEnds() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow("literal-branch", "GET", "/a/b/c"),
                T.allow("param-branch", "GET", "/a/{x}/d"),
                T.allow("catch-all", "GET", "/a/{*rest}"),
            ])
        )
        #expect(set.resolve(method: "GET", path: "/a/b/c").ruleID == "literal-branch")
        #expect(set.resolve(method: "GET", path: "/a/b/d").ruleID == "param-branch")
        #expect(set.resolve(method: "GET", path: "/a/b/e").ruleID == "catch-all")
    }

    @Test func backtracksPastARouteWithoutTheMethod() throws {
        let set = try T.compile(
            T.policy(rules: [T.allow("literal-post", "POST", "/a/b"), T.allow("param-get", "GET", "/a/{x}")])
        )
        #expect(set.resolve(method: "GET", path: "/a/b").ruleID == "param-get")
        #expect(set.resolve(method: "POST", path: "/a/b").ruleID == "literal-post")
        #expect(set.resolve(method: "PUT", path: "/a/b").allowedMethods == ["GET", "POST"])
    }

    @Test func sameShapeWithDifferentMethodsAndParameterNames() throws {
        let set = try T.compile(
            T.policy(rules: [T.allow("get", "GET", "/items/{ItemId}"), T.allow("delete", ["DELETE", "PUT"], "/items/{Id}")])
        )
        guard case .matched(let deleted) = set.resolve(method: "DELETE", path: "/items/7") else {
            Issue.record("expected a match")
            return
        }
        #expect(deleted.rule.id == "delete")
        #expect(deleted.parameters["Id"] == "7")
        #expect(deleted.parameters["ItemId"] == nil)
        #expect(set.resolve(method: "GET", path: "/items/7").ruleID == "get")
    }

    @Test func methodNotAllowedListsTheSortedUnion() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow("read", ["PUT", "GET"], "/a/{x}"),
                T.allow("write", "POST", "/a/b"),
                T.allow("other", "DELETE", "/z"),
            ])
        )
        #expect(set.resolve(method: "PATCH", path: "/a/b").allowedMethods == ["GET", "POST", "PUT"])
        #expect(set.resolve(method: "PATCH", path: "/a/c").allowedMethods == ["GET", "PUT"])
        #expect(set.resolve(method: "HEAD", path: "/a/c").allowedMethods == ["GET", "PUT"])
        #expect(set.resolve(method: "PATCH", path: "/nothing").isNotFound)
    }

    @Test func headIsNotImpliedByGet() throws {
        let set = try T.compile(T.policy(rules: [T.allow("read", "GET", "/a")]))
        #expect(set.resolve(method: "HEAD", path: "/a").allowedMethods == ["GET"])
    }

    @Test func starMatchesEveryMethodIncludingUnnamedOnes() throws {
        let set = try T.compile(T.policy(rules: [T.allow("any", "*", "/a"), T.allow("get", "GET", "/b")]))
        #expect(set.resolve(method: "GET", path: "/a").ruleID == "any")
        #expect(set.resolve(method: "TRACE", path: "/a").ruleID == "any")
        #expect(set.resolve(method: "TRACE", path: "/b").allowedMethods == ["GET"])
        #expect(set.resolve(method: "get", path: "/b").allowedMethods == ["GET"])
    }

    @Test func denyRulesDoNotRoute() throws {
        let set = try T.compile(T.policy(rules: [T.allow("read", "GET", "/a/{x}"), T.deny("block", "*", "/a/b")]))
        #expect(set.resolve(method: "GET", path: "/a/b").ruleID == "read")
        #expect(set.resolve(method: "POST", path: "/a/b").allowedMethods == ["GET"])
    }

    /// A generated set of 1,000 allow rules: literal routes, parameter routes and catch-alls under
    /// 100 services, each of which must resolve to exactly the rule built for it.
    @Test func resolvesEveryRuleOfAThousandRuleSet() throws {
        var rules: [JSONValue] = []
        for service in 0..<100 {
            let base = "/svc\(service)"
            rules.append(T.allow("s\(service).list", "GET", "\(base)/items"))
            rules.append(T.allow("s\(service).create", "POST", "\(base)/items"))
            rules.append(T.allow("s\(service).read", "GET", "\(base)/items/{ItemId}"))
            rules.append(T.allow("s\(service).replace", ["PUT", "PATCH"], "\(base)/items/{ItemId}"))
            rules.append(T.allow("s\(service).special", "GET", "\(base)/items/special"))
            rules.append(T.allow("s\(service).parts", "GET", "\(base)/items/{ItemId}/parts/{PartId}"))
            rules.append(T.allow("s\(service).audit", "GET", "\(base)/items/{ItemId}/audit"))
            rules.append(T.allow("s\(service).files", "GET", "\(base)/files/{*path}"))
            rules.append(T.allow("s\(service).readme", "GET", "\(base)/files/readme"))
            rules.append(T.allow("s\(service).health", "*", "\(base)/health"))
        }
        let set = try T.compile(T.policy(rules: rules))
        #expect(set.rules.count == 1000)
        for service in 0..<100 {
            let base = "/svc\(service)"
            #expect(set.resolve(method: "GET", path: "\(base)/items").ruleID == "s\(service).list")
            #expect(set.resolve(method: "POST", path: "\(base)/items").ruleID == "s\(service).create")
            #expect(set.resolve(method: "GET", path: "\(base)/items/\(service * 7)").ruleID == "s\(service).read")
            #expect(set.resolve(method: "PATCH", path: "\(base)/items/\(service)").ruleID == "s\(service).replace")
            #expect(set.resolve(method: "GET", path: "\(base)/items/special").ruleID == "s\(service).special")
            #expect(set.resolve(method: "PUT", path: "\(base)/items/special").ruleID == "s\(service).replace")
            #expect(set.resolve(method: "GET", path: "\(base)/items/9/parts/3").ruleID == "s\(service).parts")
            #expect(set.resolve(method: "GET", path: "\(base)/items/special/audit").ruleID == "s\(service).audit")
            #expect(set.resolve(method: "GET", path: "\(base)/files/a/b/c").ruleID == "s\(service).files")
            #expect(set.resolve(method: "GET", path: "\(base)/files/readme").ruleID == "s\(service).readme")
            #expect(set.resolve(method: "OPTIONS", path: "\(base)/health").ruleID == "s\(service).health")
            #expect(set.resolve(method: "DELETE", path: "\(base)/items").allowedMethods == ["GET", "POST"])
            #expect(set.resolve(method: "GET", path: "\(base)/nothing").isNotFound)
        }
        #expect(set.resolve(method: "GET", path: "/svc100/items").isNotFound)
    }
}
