import LangoJSON
import LangoPlans
import LangoPolicy
import Testing

/// Plan documents for tests: a valid plan to start from, and ways to compile variations of it.
enum TestSupport {
    static let products: Set<String> = ["accounts", "payments", "sandbox"]

    /// A plan with every field: the brief's Startup example, with payments among its products.
    static let startup: JSONObject = [
        "plan": "startup", "version": 2, "name": "Startup", "description": "For growing fintechs",
        "rate": ["requests": 1000, "per": "minute", "burst": 100],
        "quotas": [["requests": 50000, "per": "day"], ["requests": 1_200_000, "per": "month"]],
        "products": ["accounts", "payments", "sandbox"],
        "price": [
            "currency": "KES", "monthly_fee": "2500.00", "included_calls": 100000,
            "overage": [["up_to": 1_000_000, "per_1000": "40.00"], ["up_to": nil, "per_1000": "25.00"]],
        ],
        "revenue_share": [["product": "payments", "percent": 15]],
    ]

    static func source(_ plan: JSONObject, name: String = "plans/test.json") -> PolicySource {
        PolicySource(name: name, contents: JSONValue.object(plan).encoded(.pretty))
    }

    /// `startup` changed by `change`.
    static func startup(_ change: (inout JSONObject) -> Void) -> JSONObject {
        var plan = startup
        change(&plan)
        return plan
    }

    static func compile(_ sources: [PolicySource], products: Set<String> = products) throws(PolicyCheckFailure) -> PlanCatalog {
        try PlanCatalog.compile(sources, products: products)
    }

    /// The single plan compiled from `plan`.
    static func plan(_ plan: JSONObject) throws -> Plan {
        try #require(try compile([source(plan)]).plans.first)
    }

    /// The diagnostics (errors and warnings) of sources that must fail to compile, as text.
    static func failure(
        _ sources: [PolicySource], products: Set<String> = products, sourceLocation: SourceLocation = #_sourceLocation
    )
        -> [String]
    {
        do {
            _ = try compile(sources, products: products)
            Issue.record("expected the plans to be rejected", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// The diagnostics of `startup` changed by `change`, which must fail to compile.
    static func errors(
        products: Set<String> = products, sourceLocation: SourceLocation = #_sourceLocation, _ change: (inout JSONObject) -> Void
    )
        -> [String]
    {
        failure([source(startup(change))], products: products, sourceLocation: sourceLocation)
    }
}
