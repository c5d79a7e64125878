import Foundation
import LangoContractTesting
import LangoLimits

/// The behaviour every ``Limiter`` must show, as an executable check: the proof that the
/// in-process and Redis limiters agree, figure for figure.
///
/// `verify` asks `makeLimiter` for a limiter per check (it may hand out the same one: every
/// check uses subject names unique to the run, so a shared Redis is fine) and runs:
/// - **burst then steady rate** and **seed rate figures**: the GCRA's burst, its steady rate,
///   partial recovery (remaining rounds down), with exact remaining, reset and retry-after;
/// - **quota figures** and **no rate**: quota windows alone;
/// - **reported limit** and **exceeded limit**: which limit the headers describe and which one a
///   refusal names, including every tie-break and limits no wait can satisfy;
/// - **day and month rollover**: windows are counted by name and start, so a new day or month
///   starts from zero while the other window keeps counting;
/// - **rolling window**: no span of its length holds more than its limit, across midnight too;
///   each unit leaves it exactly its length after it was counted; with a quota, the tighter one
///   is reported and a refusal consumes neither;
/// - **cost weighting**, **denied requests consume nothing**, **limit change keeps the counts**;
/// - **unlimited**, **cost 0**, **cost above burst or quota**, **separate subjects**;
/// - **invalid requests**: a negative cost, an empty window or a rolling window of no length
///   is ``LimiterError/invalid(_:)``, and consumes nothing;
/// - **concurrency**: many simultaneous acquires on one subject admit exactly what the limits allow.
///
/// Every instant is a whole number of 1/64 s (15,625 µs) away from a whole second, which a
/// `Date` holds exactly, so the expected figures do not depend on rounding. The instants lie in
/// the month after the current one, so counters a Redis limiter keeps until a window's end
/// expire by themselves.
///
/// It throws a ``ContractViolation`` at the first deviation. It does not depend on a test
/// framework, so any test suite can call it.
public enum LimiterContract {
    /// How violations name this contract.
    static let contractName = "limiter"

    /// Runs every check, each with a limiter from `makeLimiter`.
    public static func verify(_ makeLimiter: () async throws -> any Limiter) async throws {
        let run = "limiter-contract-" + UUID().uuidString.lowercased()
        func check(_ name: String) async throws -> LimiterContractCheck {
            let prefix = run + ":" + name.replacingOccurrences(of: " ", with: "-")
            do {
                return LimiterContractCheck(name: name, limiter: try await makeLimiter(), subjectPrefix: prefix)
            } catch {
                throw ContractViolation.unexpectedError(contract: LimiterContract.contractName, check: name, subject: "makeLimiter()", error)
            }
        }
        try await burstThenSteadyRate(check("burst then steady rate"))
        try await seedRateFigures(check("seed rate figures"))
        try await quotaFigures(check("quota figures"))
        try await noRate(check("no rate"))
        try await reportedLimit(check("reported limit"))
        try await exceededLimit(check("exceeded limit"))
        try await dayAndMonthRollover(check("day and month rollover"))
        try await rollingWindow(check("rolling window"))
        try await rollingWindowWithAQuota(check("rolling window with a quota"))
        try await costWeighting(check("cost weighting"))
        try await deniedRequestsConsumeNothing(check("denied requests consume nothing"))
        try await limitChangeKeepsTheCounts(check("limit change keeps the counts"))
        try await unlimited(check("unlimited"))
        try await zeroCost(check("cost 0"))
        try await costAboveBurstOrQuota(check("cost above burst or quota"))
        try await separateSubjects(check("separate subjects"))
        try await invalidRequests(check("invalid requests"))
        try await concurrency(check("concurrency"))
    }

    // MARK: Time, in microseconds since 1970

    static let second: Int64 = 1_000_000
    static let hour: Int64 = 3_600 * second
    static let day: Int64 = 24 * hour

    /// The checks take place in the month after the current one (UTC), so that every window
    /// lies in the future and a Redis limiter's counters expire by themselves. The figures do
    /// not depend on which month it is.
    static let monthStart = LimiterTime.microseconds(utc.interval(of: .month, containing: .now).end)
    /// The first instant of the following month.
    static let monthEnd = nextMonth(after: monthStart)
    /// The first instant of the month after that.
    static let followingMonthEnd = nextMonth(after: monthEnd)
    /// 00:00 on the 10th of the month.
    static let t0 = monthStart + 9 * day
    /// 09:00 on t0's day, 15 hours before it ends.
    static let morning = t0 + 9 * hour
    /// 00:00 on the last day of the month.
    static let lastDay = monthEnd - day

    private static let utc = QuotaCalendar(timeZone: .gmt)

    private static func nextMonth(after start: Int64) -> Int64 {
        LimiterTime.microseconds(utc.interval(of: .month, containing: LimiterTime.date(microseconds: start)).end)
    }

    // MARK: Limits

    /// `T` of ``eightPerSecond(burst:)``.
    static let interval: Int64 = 125_000

    /// 8 requests per second (T = 125,000 µs) with the given burst.
    static func eightPerSecond(burst: Int) -> RateLimit {
        RateLimit(limit: 8, period: .seconds(1), burst: burst)
    }

    /// The seed plans' rate: 1,000 per minute with burst 100 (T = 60,000 µs).
    static let seedRate = RateLimit(limit: 1_000, period: .seconds(60), burst: 100)

    static func window(_ name: String, _ limit: Int, from start: Int64, to end: Int64) -> QuotaWindow {
        QuotaWindow(
            name: name, limit: limit, start: LimiterTime.date(microseconds: start), end: LimiterTime.date(microseconds: end))
    }

    /// The `day` window of t0.
    static func today(_ limit: Int) -> QuotaWindow { window("day", limit, from: t0, to: t0 + day) }

    /// The `month` window of t0.
    static func thisMonth(_ limit: Int) -> QuotaWindow { window("month", limit, from: monthStart, to: monthEnd) }

    // MARK: Decisions

    static func allowed(_ reported: LimitDecision.Constraint?, limit: Int, remaining: Int, reset: Int64) -> LimitDecision {
        LimitDecision(
            allowed: true, reported: reported, limit: limit, remaining: remaining, resetMicroseconds: reset,
            retryAfterMicroseconds: nil, exceeded: nil)
    }

    static func denied(
        _ reported: LimitDecision.Constraint, limit: Int, remaining: Int, reset: Int64, retryAfter: Int64?,
        exceeded: LimitDecision.Constraint
    ) -> LimitDecision {
        LimitDecision(
            allowed: false, reported: reported, limit: limit, remaining: remaining, resetMicroseconds: reset,
            retryAfterMicroseconds: retryAfter, exceeded: exceeded)
    }
}
