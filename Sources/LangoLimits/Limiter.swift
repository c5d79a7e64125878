import Foundation

/// Decides whether a request may proceed under its rate limit and quotas, and consumes from
/// them when it may.
///
/// Every implementation has exactly the semantics below (``InProcessLimiter`` in memory,
/// `RedisLimiter` in one atomic Redis script), and `LimiterContract` checks them:
///
/// - **Rate** is a GCRA with emission interval `T = period / limit` and capacity `B = burst`:
///   with `tat0 = max(TAT, now)` and `next = tat0 + cost·T`, the rate admits the request iff
///   `next − now ≤ B·T`. `TAT` starts at or before `now`.
/// - **Quotas** count cost per window: a window admits iff `used + cost ≤ limit`.
/// - A **rolling window** keeps the time of every unit it counted: it admits iff
///   `counted + cost ≤ limit`, with `counted` the units consumed in `(now − length, now]`, so
///   no span of `length` ever holds more than `limit` (a calendar day would let twice that
///   through around midnight). Its refusals and figures name it as ``LimitDecision/Constraint/quota(_:)``.
/// - The request is **allowed only if the rate, every quota and the rolling window admit it**;
///   only then is anything consumed (`TAT = next`, each `used += cost`, `cost` units at `now`).
///   A denied request consumes nothing.
/// - `cost == 0` is always allowed and consumes nothing; a `cost` above `B` can never pass the
///   rate and is denied with no `retryAfter`.
/// - Times are whole microseconds; callers pass `now` (an injectable clock), so all nodes and
///   backends compute the same answer for the same inputs.
public protocol Limiter: Sendable {
    /// Checks and, if allowed, consumes `request.cost` from `request.subject`'s limits.
    ///
    /// Throws ``LimiterError/unavailable(_:)`` when the counters cannot be reached; the caller
    /// then applies the rule's loss mode (closed, open or local).
    func acquire(_ request: LimitRequest) async throws -> LimitDecision
}

/// A rate: `limit` requests per `period`, at most `burst` of them at once.
public struct RateLimit: Sendable, Hashable {
    public var limit: Int
    public var period: Duration
    public var burst: Int

    public init(limit: Int, period: Duration, burst: Int) {
        self.limit = limit
        self.period = period
        self.burst = burst
    }

    /// `T`, the time one request's worth of capacity takes to come back, in microseconds
    /// (rounded down, at least 1).
    public var emissionIntervalMicroseconds: Int64 {
        max(1, LimiterTime.microseconds(period) / Int64(max(limit, 1)))
    }
}

/// A quota window: at most `limit` cost units from `start` (inclusive) to `end` (exclusive).
public struct QuotaWindow: Sendable, Hashable {
    /// `day` or `month`: with `start`, it names the counter.
    public var name: String
    public var limit: Int
    public var start: Date
    public var end: Date

    public init(name: String, limit: Int, start: Date, end: Date) {
        self.name = name
        self.limit = limit
        self.start = start
        self.end = end
    }
}

/// A rolling window: at most `limit` cost units in the `length` before each request.
public struct RollingWindow: Sendable, Hashable {
    /// Names the counter, and the limit in decisions (as a quota of that name).
    public var name: String
    public var limit: Int
    public var length: Duration

    public init(name: String, limit: Int, length: Duration) {
        self.name = name
        self.limit = limit
        self.length = length
    }
}

/// One request's claim on its subject's limits.
public struct LimitRequest: Sendable, Hashable {
    /// Whose counters: the app id. Counters belong to the subject, not to its plan, so a plan
    /// change keeps what was used.
    public var subject: String
    /// Weighted cost of the request, ≥ 0.
    public var cost: Int
    /// The rate, or `nil` for none.
    public var rate: RateLimit?
    /// The quota windows in force now; empty for unlimited.
    public var quotas: [QuotaWindow]
    /// The rolling window, or `nil` for none.
    public var rolling: RollingWindow?
    /// The time of the request.
    public var now: Date

    public init(subject: String, cost: Int, rate: RateLimit?, quotas: [QuotaWindow], rolling: RollingWindow? = nil, now: Date) {
        self.subject = subject
        self.cost = cost
        self.rate = rate
        self.quotas = quotas
        self.rolling = rolling
        self.now = now
    }
}

extension LimitRequest {
    /// Throws ``LimiterError/invalid(_:)`` for a negative cost or a quota window that does not
    /// end after it starts (in whole microseconds). Every limiter checks this first.
    func validate() throws(LimiterError) {
        guard cost >= 0 else { throw .invalid("cost \(cost) is negative") }
        for window in quotas where LimiterTime.microseconds(window.end) <= LimiterTime.microseconds(window.start) {
            throw .invalid("quota window \(window.name) ends at \(window.end), not after its start \(window.start)")
        }
        if let rolling, LimiterTime.microseconds(rolling.length) <= 0 {
            throw .invalid("rolling window \(rolling.name) lasts \(rolling.length), less than a microsecond")
        }
    }
}

/// The answer, and what goes into the `RateLimit-*` and `Retry-After` headers.
public struct LimitDecision: Sendable, Hashable {
    /// Which limit a figure or a refusal is about.
    public enum Constraint: Sendable, Hashable {
        case rate
        /// A quota window, by name (`day`, `month`).
        case quota(String)
    }

    public var allowed: Bool
    /// The limit the headers describe: the one with the least remaining after this request
    /// (ties: the rate first, then quotas in request order, then the rolling window). `nil` when there are no limits
    /// (then `limit`, `remaining` and `resetMicroseconds` are 0).
    public var reported: Constraint?
    /// `RateLimit-Limit`: `burst` for the rate, `limit` for a quota.
    public var limit: Int
    /// `RateLimit-Remaining`: whole requests of cost 1 still admitted now (rate:
    /// `⌊(B·T − (TAT' − now)) / T⌋` with `TAT'` the TAT after this request, which is `tat0` when
    /// it was denied; quota: `limit − used'`), never below 0.
    public var remaining: Int
    /// `RateLimit-Reset`: until the reported limit is whole again (rate: `TAT' − now`; quota:
    /// `end − now`; rolling window: until its oldest counted unit leaves it, 0 when it counts
    /// none), in microseconds.
    public var resetMicroseconds: Int64
    /// When denied: until a retry could pass every failing limit (rate: `next − now − B·T`;
    /// quota: `end − now`; rolling window: until its `(counted + cost − limit)`-th oldest unit
    /// leaves it; the largest), in microseconds. `nil` when allowed, or when no wait helps (cost
    /// above burst, or above a quota's or the rolling window's whole limit).
    public var retryAfterMicroseconds: Int64?
    /// When denied: the failing limit with the longest wait (on a tie: quotas, then the rolling
    /// window, then the rate).
    public var exceeded: Constraint?

    public init(
        allowed: Bool, reported: Constraint?, limit: Int, remaining: Int, resetMicroseconds: Int64,
        retryAfterMicroseconds: Int64?, exceeded: Constraint?
    ) {
        self.allowed = allowed
        self.reported = reported
        self.limit = limit
        self.remaining = remaining
        self.resetMicroseconds = resetMicroseconds
        self.retryAfterMicroseconds = retryAfterMicroseconds
        self.exceeded = exceeded
    }

    /// The answer to a request with no rate and no quotas: allowed, nothing to report.
    public static let unconstrained = LimitDecision(
        allowed: true, reported: nil, limit: 0, remaining: 0, resetMicroseconds: 0, retryAfterMicroseconds: nil, exceeded: nil)
}

/// Why a limiter could not answer.
public struct LimiterError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case unavailable(String)
        case invalid(String)
    }

    private let kind: Kind

    /// The counters could not be reached or did not answer in time.
    public static func unavailable(_ reason: String) -> Self { Self(kind: .unavailable(reason)) }
    /// The request itself is malformed (negative cost, a window ending before it starts).
    public static func invalid(_ reason: String) -> Self { Self(kind: .invalid(reason)) }

    public var isUnavailable: Bool {
        if case .unavailable = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .unavailable(let reason): "limiter unavailable: \(reason)"
        case .invalid(let reason): "invalid limit request: \(reason)"
        }
    }
}
