import Foundation
import LangoBank
import LangoJSON
import LangoLimits
import LangoPlans
import Testing

@Suite struct PlanTests {
    private typealias T = TestSupport

    private static func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    private static let nairobi = QuotaCalendar(timeZone: TimeZone(identifier: "Africa/Nairobi")!)

    @Test func theRateBecomesARateLimit() throws {
        let plan = try T.plan(T.startup)
        #expect(plan.rateLimit == RateLimit(limit: 1_000, period: .seconds(60), burst: 100))
        #expect(plan.rateLimit.emissionIntervalMicroseconds == 60_000)
        let perSecond = try T.plan(T.startup { $0["rate"] = ["requests": 20, "per": "second", "burst": 5] })
        #expect(perSecond.rateLimit == RateLimit(limit: 20, period: .seconds(1), burst: 5))
    }

    @Test func quotaWindowsFollowTheCalendar() throws {
        let plan = try T.plan(T.startup)
        // 23:30 in Nairobi on the last day of February.
        let windows = plan.quotaWindows(at: try Self.instant("2026-02-28T20:30:00Z"), calendar: Self.nairobi)
        #expect(
            windows == [
                QuotaWindow(
                    name: "day", limit: 50_000, start: try Self.instant("2026-02-27T21:00:00Z"),
                    end: try Self.instant("2026-02-28T21:00:00Z")),
                QuotaWindow(
                    name: "month", limit: 1_200_000, start: try Self.instant("2026-01-31T21:00:00Z"),
                    end: try Self.instant("2026-02-28T21:00:00Z")),
            ])
        let unlimited = try T.plan(T.startup { $0["quotas"] = "unlimited" })
        #expect(unlimited.quotaWindows(at: .now, calendar: Self.nairobi).isEmpty)
    }

    @Test func aLimitRequestCarriesTheRateAndTheWindows() throws {
        let plan = try T.plan(T.startup)
        let now = try Self.instant("2026-03-10T09:00:00Z")
        let request = plan.limitRequest(subject: "app_1", cost: 2, at: now, calendar: Self.nairobi)
        #expect(
            request
                == LimitRequest(
                    subject: "app_1", cost: 2, rate: plan.rateLimit, quotas: plan.quotaWindows(at: now, calendar: Self.nairobi),
                    now: now))
    }

    @Test func aPlanDrivesALimiter() throws {
        let plan = try T.plan(T.startup { $0["quotas"] = [["requests": 150, "per": "day"]] })
        let limiter = InProcessLimiter()
        let now = try Self.instant("2026-03-10T09:00:00Z")
        let decisions = try (1...101).map { _ in
            try limiter.acquire(plan.limitRequest(subject: "app", cost: 1, at: now, calendar: Self.nairobi))
        }
        #expect(decisions.filter(\.allowed).count == 100)
        #expect(decisions.last?.exceeded == .rate)
        let later = now.addingTimeInterval(3_600)
        let afterAnHour = try (1...60).map { _ in
            try limiter.acquire(plan.limitRequest(subject: "app", cost: 1, at: later, calendar: Self.nairobi))
        }
        #expect(afterAnHour.filter(\.allowed).count == 50)
        #expect(afterAnHour.last?.exceeded == .quota("day"))
    }

    @Test func onlyListedPlansHaveACharge() throws {
        #expect(try T.plan(T.startup).charge(forBillableCalls: 0)?.total == Money(minorUnits: 2_500_00, currency: "KES"))
        #expect(try T.plan(T.startup { $0["price"] = "custom" }).charge(forBillableCalls: 0) == nil)
    }
}
