import Foundation
import LangoBank
import LangoLimits
import LangoPlans
import LangoPolicy
import Testing

/// The seed plans in /plans, read from disk.
@Suite struct SeedPlansTests {
    /// The repository's `plans` directory, found from this file's real location (the tests
    /// directory may be reached through a symbolic link).
    private static let plansDirectory = URL(filePath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "plans")

    private static func sources() throws -> [PolicySource] {
        try FileManager.default.contentsOfDirectory(at: plansDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .map { PolicySource(name: "plans/" + $0.lastPathComponent, contents: Array(try Data(contentsOf: $0))) }
    }

    private static func catalog() throws -> PlanCatalog {
        try PlanCatalog.compile(sources(), products: ["accounts", "payments", "sandbox"])
    }

    private static func kes(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: "KES") }

    @Test func compileWithoutWarnings() throws {
        let catalog = try Self.catalog()
        #expect(catalog.warnings.isEmpty)
        #expect(catalog.plans.map(\.id) == ["enterprise", "free", "startup"])
        #expect(catalog.plans.map(\.version) == [1, 1, 1])
        #expect(catalog.plans.map(\.name) == ["Enterprise", "Free", "Startup"])
    }

    @Test func free() throws {
        let free = try #require(try Self.catalog().plan(id: "free"))
        #expect(free.rateLimit == RateLimit(limit: 1_000, period: .seconds(60), burst: 100))
        #expect(free.quotas == [Quota(period: .day, limit: 1_000)])
        #expect(free.products == ["accounts", "payments", "sandbox"])
        #expect(free.price == .listed(PriceList(currency: "KES", monthlyFee: Self.kes(0), includedCalls: 0, overage: [])))
        #expect(free.revenueShares.isEmpty)
        // Nothing is ever billed: the quota refuses calls instead.
        #expect(free.charge(forBillableCalls: 31_000)?.total == Self.kes(0))
    }

    @Test func startup() throws {
        let startup = try #require(try Self.catalog().plan(id: "startup"))
        #expect(startup.rateLimit == RateLimit(limit: 1_000, period: .seconds(60), burst: 100))
        #expect(startup.quotas == [Quota(period: .day, limit: 50_000)])
        #expect(startup.products == ["accounts", "payments", "sandbox"])
        #expect(
            startup.price
                == .listed(
                    PriceList(
                        currency: "KES", monthlyFee: Self.kes(2_500_00), includedCalls: 100_000,
                        overage: [
                            OverageBand(upTo: 1_000_000, per1000: Self.kes(40_00)),
                            OverageBand(upTo: nil, per1000: Self.kes(25_00)),
                        ])))
    }

    /// The worked example of docs/plans.md.
    @Test func startupWorkedExample() throws {
        let startup = try #require(try Self.catalog().plan(id: "startup"))
        let charge = try #require(startup.charge(forBillableCalls: 1_300_000))
        #expect(charge.overageCalls == 1_200_000)
        #expect(charge.overage.map(\.calls) == [1_000_000, 200_000])
        #expect(charge.overage.map(\.amount) == [Self.kes(40_000_00), Self.kes(5_000_00)])
        #expect(charge.total == Self.kes(47_500_00))
        #expect(charge.total.description == "KES 47500.00")
    }

    @Test func enterprise() throws {
        let enterprise = try #require(try Self.catalog().plan(id: "enterprise"))
        #expect(enterprise.rateLimit == RateLimit(limit: 1_000, period: .seconds(60), burst: 200))
        #expect(enterprise.isUnlimited)
        #expect(enterprise.products == ["accounts", "payments", "sandbox"])
        #expect(enterprise.price == .custom)
        #expect(enterprise.charge(forBillableCalls: 5_000_000) == nil)
        #expect(enterprise.revenueShares.isEmpty)
    }

    @Test func everyProductMustBeDeclared() throws {
        let sources = try Self.sources()
        let failure = #expect(throws: PolicyCheckFailure.self) {
            try PlanCatalog.compile(sources, products: ["accounts", "sandbox"])
        }
        #expect(
            failure?.diagnostics.map(\.description) == [
                #"plans/enterprise.json:$.products[1]: error: unknown API product "payments" (hint: known products: accounts, sandbox)"#,
                #"plans/free.json:$.products[1]: error: unknown API product "payments" (hint: known products: accounts, sandbox)"#,
                #"plans/startup.json:$.products[1]: error: unknown API product "payments" (hint: known products: accounts, sandbox)"#,
            ])
    }
}
