import LangoJSON
import LangoPolicy
import Testing

/// Rules' API products, plans' products in the authorization step, and the limits block.
@Suite struct ProductsAndLimitsTests {
    private typealias T = TestSupport

    private func metered(_ id: String, _ path: String, product: String? = "accounts", limits: JSONValue = ["cost": 2]) -> JSONValue {
        var extra: JSONObject = ["limits": limits]
        if let product { extra["product"] = .string(product) }
        return T.allow(id, "GET", path, auth: T.apiKeyAuth(["accounts:read"]), extra: extra)
    }

    @Test func rulesCarryTheirProductCostAndLossMode() throws {
        let set = try T.compile(
            T.policy(
                "metered", defaults: ["limits_unavailable": "closed"],
                rules: [
                    metered("a", "/a"),
                    metered("b", "/b", product: "sandbox", limits: ["cost": 0, "when_unavailable": "open"]),
                    T.allow("free", "GET", "/free", extra: ["product": "accounts"]),
                ]))
        let a = try #require(set.rule(id: "a"))
        #expect(a.product == "accounts")
        #expect(a.limits?.cost == 2)
        #expect(a.limits?.whenUnavailable == .closed)
        #expect(set.rule(id: "b")?.limits?.whenUnavailable == .open)
        #expect(set.rule(id: "free")?.limits == nil)
        #expect(set.products == ["accounts", "sandbox"])
    }

    @Test func theLossModeDefaultsToLocal() throws {
        let set = try T.compile(T.policy(rules: [metered("a", "/a")]))
        #expect(set.rule(id: "a")?.limits?.whenUnavailable == .local)
    }

    @Test func meteredRulesMustNameAProduct() {
        let diagnostics = T.failure([T.source(T.policy(rules: [metered("a", "/a", product: nil)]))])
        #expect(diagnostics.map(\.description) == [
            #"policies/test.json:$.rules[0].limits: error: a rule with limits must name the API product it belongs to (hint: add "product": "accounts" (or another product): plans include products and usage is metered by product)"#
        ])
    }

    @Test func badProductNamesAndModesAreReported() {
        let diagnostics = T.failure([
            T.source(
                T.policy(rules: [
                    metered("a", "/a", product: "Accounts"),
                    metered("b", "/b", limits: ["cost": 1, "when_unavailable": "fail"]),
                    T.deny("c", "*", "/c", extra: ["product": "accounts"]),
                ]))
        ]).map(\.description)
        #expect(diagnostics.contains { $0.hasPrefix(#"policies/test.json:$.rules[0].product: error: invalid product name "Accounts""#) })
        #expect(diagnostics.contains { $0.hasPrefix("policies/test.json:$.rules[1].limits.when_unavailable: error:") })
        #expect(diagnostics.contains { $0.contains(#"$.rules[2].product: error: a deny rule cannot have "product""#) })
        let defaults = T.failure([T.source(T.policy(defaults: ["limits_unavailable": "sometimes"], rules: [metered("a", "/a")]))])
        #expect(defaults.contains { $0.description.hasPrefix("policies/test.json:$.defaults.limits_unavailable: error:") })
    }

    @Test func thePlanMustIncludeTheRulesProduct() throws {
        let set = try T.compile(T.policy(rules: [metered("a", "/a"), T.allow("untagged", "GET", "/u", auth: T.apiKeyAuth())]))
        let withAccounts = AppFacts(id: "app_a", status: .active, environment: .production, products: ["accounts"])
        let withoutAccounts = AppFacts(id: "app_b", status: .active, environment: .production, products: ["sandbox"])
        let unknownPlan = AppFacts(id: "app_c", status: .active, environment: .production)
        #expect(set.decide(method: "GET", path: "/a", facts: T.apiKey(["accounts:read"], app: withAccounts)).isAllowed)
        let refused = set.decide(method: "GET", path: "/a", facts: T.apiKey(["accounts:read"], app: withoutAccounts))
        #expect(refused.reason?.code == "product_not_in_plan")
        #expect(refused.status == 403)
        #expect(refused.reason?.message == "app app_b's plan does not include the accounts API product")
        #expect(set.decide(method: "GET", path: "/a", facts: T.apiKey(["accounts:read"], app: unknownPlan)).isAllowed)
        #expect(set.decide(method: "GET", path: "/u", facts: T.apiKey([], app: withoutAccounts)).isAllowed)
    }

    @Test func scopesAreCheckedBeforeTheProduct() throws {
        let set = try T.compile(T.policy(rules: [metered("a", "/a")]))
        let app = AppFacts(id: "app_b", status: .active, environment: .production, products: [])
        #expect(set.decide(method: "GET", path: "/a", facts: T.apiKey([], app: app)).reason?.code == "scope_missing")
    }

    @Test func fixtureCredentialsCanNameThePlansProducts() throws {
        let facts = try CredentialFacts.parse(
            PolicySource(
                name: "--credential",
                contents: Array(#"{"type":"api_key","app":{"id":"app_x","environment":"sandbox","products":["sandbox"]}}"#.utf8)))
        guard case .apiKey(let key) = facts else {
            Issue.record("expected API key facts")
            return
        }
        #expect(key.app?.products == ["sandbox"])
    }
}
