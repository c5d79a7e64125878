import Foundation
import LangoLimits
import LangoLimitsTesting
import Testing

@Suite struct InProcessLimiterTests {
    /// 2026-03-10T09:00:00Z.
    private static let morning = LimiterTime.date(microseconds: 1_773_133_200_000_000)
    private static let calendar = QuotaCalendar(timeZone: TimeZone(identifier: "UTC")!)
    private static let seedRate = RateLimit(limit: 1_000, period: .seconds(60), burst: 100)

    private static func request(
        _ subject: String, cost: Int = 1, rate: RateLimit? = seedRate, quotas: [Quota] = [], at now: Date = morning
    ) -> LimitRequest {
        LimitRequest(subject: subject, cost: cost, rate: rate, quotas: calendar.windows(for: quotas, at: now), now: now)
    }

    @Test func meetsTheLimiterContract() async throws {
        try await LimiterContract.verify { InProcessLimiter() }
    }

    @Test func meetsTheLimiterContractWithOneSharedLimiter() async throws {
        let limiter = InProcessLimiter()
        try await LimiterContract.verify { limiter }
    }

    @Test func aShareDividesEveryLimitRoundingDown() throws {
        let limiter = InProcessLimiter(share: 3)
        let first = try limiter.acquire(Self.request("app", quotas: [Quota(period: .day, limit: 1_000)]))
        // 1,000 per minute, burst 100 → 333 per minute (T = 180,180 µs), burst 33; the quota 333.
        #expect(
            first
                == LimitDecision(
                    allowed: true, reported: .rate, limit: 33, remaining: 32, resetMicroseconds: 180_180,
                    retryAfterMicroseconds: nil, exceeded: nil))
        for _ in 2...33 {
            #expect(try limiter.acquire(Self.request("app")).allowed)
        }
        let refused = try limiter.acquire(Self.request("app"))
        #expect(refused.allowed == false)
        #expect(refused.retryAfterMicroseconds == 180_180)
        let quota = try limiter.acquire(Self.request("quota", rate: nil, quotas: [Quota(period: .month, limit: 1_000)]))
        #expect(quota.limit == 333)
        #expect(quota.remaining == 332)
    }

    @Test func aShareNeverDividesALimitBelowOne() throws {
        let limiter = InProcessLimiter(share: 10)
        #expect(limiter.divided(5) == 1)
        #expect(limiter.divided(19) == 1)
        #expect(limiter.divided(20) == 2)
        #expect(limiter.divided(0) == 0)
        let rate = RateLimit(limit: 5, period: .seconds(1), burst: 5)
        let first = try limiter.acquire(Self.request("app", rate: rate, quotas: [Quota(period: .day, limit: 3)]))
        // 5/s burst 5 → 1/s burst 1 (T = 1 s); the quota of 3 → 1.
        #expect(first.allowed)
        #expect(first.reported == .rate)
        #expect(first.limit == 1)
        #expect(first.resetMicroseconds == 1_000_000)
        let second = try limiter.acquire(
            Self.request(
                "app", rate: rate, quotas: [Quota(period: .day, limit: 3)],
                at: Self.morning.addingTimeInterval(1)))
        #expect(second.allowed == false)
        #expect(second.exceeded == .quota("day"))
    }

    @Test func aShareOfOneChangesNothing() throws {
        let shared = InProcessLimiter(share: 1)
        let plain = InProcessLimiter()
        for n in 0..<120 {
            let request = Self.request("app", cost: n % 3, quotas: [Quota(period: .day, limit: 150)])
            #expect(try shared.acquire(request) == plain.acquire(request))
        }
    }

    @Test func invalidRequestsAreInvalidNotUnavailable() {
        let limiter = InProcessLimiter()
        let error = #expect(throws: LimiterError.self) { try limiter.acquire(Self.request("app", cost: -2)) }
        #expect(error?.isUnavailable == false)
        #expect(error?.description == "invalid limit request: cost -2 is negative")
        let empty = QuotaWindow(name: "day", limit: 5, start: Self.morning, end: Self.morning)
        let windowError = #expect(throws: LimiterError.self) {
            try limiter.acquire(LimitRequest(subject: "app", cost: 1, rate: nil, quotas: [empty], now: Self.morning))
        }
        #expect(windowError?.description.hasPrefix("invalid limit request: quota window day ends at") == true)
    }

    @Test func absurdFiguresGiveAnswersNotTraps() throws {
        let limiter = InProcessLimiter()
        let hopeless = try limiter.acquire(Self.request("huge", cost: .max))
        #expect(hopeless.allowed == false)
        #expect(hopeless.retryAfterMicroseconds == nil)
        let endless = RateLimit(limit: 1_000, period: .seconds(60), burst: .max)
        #expect(try limiter.acquire(Self.request("endless", cost: 1_000_000, rate: endless)).allowed)
        let everything = [Quota(period: .day, limit: .max)]
        #expect(try limiter.acquire(Self.request("huge", cost: .max, rate: nil, quotas: everything)).allowed)
        #expect(try limiter.acquire(Self.request("huge", cost: 1, rate: nil, quotas: everything)).allowed == false)
        let negative = RateLimit(limit: -5, period: .zero, burst: -1)
        let refused = try limiter.acquire(Self.request("negative", rate: negative, quotas: [Quota(period: .day, limit: -3)]))
        #expect(refused.allowed == false)
        #expect(refused.remaining == 0)
        #expect(refused.retryAfterMicroseconds == nil)
        #expect(try limiter.acquire(Self.request("negative", cost: 0, rate: negative)).allowed)
    }

    @Test func onlyConsumingRequestsTakeMemory() throws {
        let limiter = InProcessLimiter()
        _ = try limiter.acquire(Self.request("zero", cost: 0))
        _ = try limiter.acquire(Self.request("too-big", cost: 101))
        _ = try limiter.acquire(Self.request("free", rate: nil))
        #expect(limiter.trackedSubjectCount == 0)
        _ = try limiter.acquire(Self.request("counted"))
        #expect(limiter.trackedSubjectCount == 1)
    }

    @Test func idleSubjectsAreSweptBeforeAnyIsEvicted() throws {
        let limiter = InProcessLimiter(maximumSubjects: 3)
        for subject in ["a", "b", "c"] {
            _ = try limiter.acquire(Self.request(subject, quotas: [Quota(period: .day, limit: 1)]))
        }
        #expect(limiter.trackedSubjectCount == 3)
        // The next day a and b have nothing live left: their day ended and their rate is whole.
        let tomorrow = Self.morning.addingTimeInterval(86_400)
        _ = try limiter.acquire(Self.request("c", quotas: [Quota(period: .day, limit: 1)], at: tomorrow))
        _ = try limiter.acquire(Self.request("d", quotas: [Quota(period: .day, limit: 1)], at: tomorrow))
        #expect(limiter.trackedSubjectCount == 2)
        // c kept its count for the new day.
        #expect(try limiter.acquire(Self.request("c", quotas: [Quota(period: .day, limit: 1)], at: tomorrow)).allowed == false)
    }

    @Test func aFullTableForgetsTheLeastRecentlyUsedSubject() throws {
        let limiter = InProcessLimiter(maximumSubjects: 3)
        let month = [Quota(period: .month, limit: 1)]
        for subject in ["a", "b", "c"] {
            #expect(try limiter.acquire(Self.request(subject, quotas: month)).allowed)
        }
        // a is used again (refused, but used): b is now the least recently used.
        #expect(try limiter.acquire(Self.request("a", quotas: month)).allowed == false)
        #expect(try limiter.acquire(Self.request("d", quotas: month)).allowed)
        #expect(limiter.trackedSubjectCount == 3)
        #expect(try limiter.acquire(Self.request("a", quotas: month)).allowed == false)
        #expect(try limiter.acquire(Self.request("c", quotas: month)).allowed == false)
        // b's count was forgotten, so its month starts again (and evicts a, now the oldest).
        #expect(try limiter.acquire(Self.request("b", quotas: month)).allowed)
        #expect(limiter.trackedSubjectCount == 3)
    }

    @Test func manySubjectsStayWithinTheBound() throws {
        let limiter = InProcessLimiter(maximumSubjects: 500)
        for index in 0..<5_000 {
            _ = try limiter.acquire(Self.request("app-\(index)", quotas: [Quota(period: .month, limit: 10)]))
            #expect(limiter.trackedSubjectCount <= 500)
        }
        // A full table forgets its least recently used eighth at once.
        #expect(limiter.trackedSubjectCount > 500 - 500 / 8)
        #expect(try limiter.acquire(Self.request("app-4999", quotas: [Quota(period: .month, limit: 1)])).allowed == false)
        #expect(try limiter.acquire(Self.request("app-0", quotas: [Quota(period: .month, limit: 1)])).allowed)
    }
}
