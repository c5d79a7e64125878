import Foundation
import Synchronization

/// The ``Limiter`` that counts in this process's memory: the embedded default when no Redis is
/// configured, and the `local` fallback when Redis is lost.
///
/// It has exactly the semantics documented on ``Limiter``. Every subject's TAT, quota counts
/// (keyed by window name and start) and rolling-window times live in one table behind a `Mutex`, so an acquire is atomic;
/// the critical section is a dictionary lookup and a few integer operations. Windows that have
/// ended are dropped when their subject is next used, and the table is bounded: see
/// ``maximumSubjects``.
///
/// **Sharing limits between nodes.** With `share: n`, every rate limit, burst, quota limit and
/// rolling-window limit of a request is divided by `n` (rounding down, but never below 1; a
/// limit of 0 or less stays as it is) before it is applied. A cluster of `n` gateways that lost
/// their shared Redis then admits, in total, about what one shared counter would — never more,
/// except that a limit smaller than the number of nodes still admits one on each (4 unattended
/// accesses shared by 5 nodes admit 5). A rate of 1,000 per minute with burst 100 becomes 333
/// per minute with burst 33 on each of 3 nodes.
public final class InProcessLimiter: Limiter {
    /// The number of gateway nodes the limits are divided between (1: not divided).
    public let share: Int
    /// The most subjects tracked at once. Subjects whose rate is whole again and whose windows
    /// have all ended are swept out as new ones arrive; if the table is still full, the least
    /// recently used eighth of the subjects is forgotten (their counters start again from zero). Each tracked
    /// subject holds a TAT and a count per live window (well under a kilobyte), plus 8 bytes per
    /// unit its rolling window still counts (a consent's unattended accesses: a few).
    public let maximumSubjects: Int
    private let table: Mutex<SubjectTable>

    /// A limiter whose limits are divided by `share` (≥ 1), tracking at most `maximumSubjects` (≥ 1).
    public init(share: Int = 1, maximumSubjects: Int = 100_000) {
        precondition(share >= 1, "share is the number of gateway nodes, at least 1")
        precondition(maximumSubjects >= 1, "maximumSubjects must be at least 1")
        self.share = share
        self.maximumSubjects = maximumSubjects
        table = Mutex(SubjectTable(capacity: maximumSubjects))
    }

    /// Checks and, if allowed, consumes `request.cost` (see ``Limiter``). Never suspends.
    ///
    /// Throws ``LimiterError/invalid(_:)`` for a negative cost or a window that does not end
    /// after it starts; it is never unavailable.
    public func acquire(_ request: LimitRequest) throws(LimiterError) -> LimitDecision {
        try request.validate()
        let now = LimiterTime.microseconds(request.now)
        let request = share == 1 ? request : divided(request)
        return table.withLock { $0.acquire(request, now: now) }
    }

    /// How many subjects the limiter holds counters for now.
    public var trackedSubjectCount: Int {
        table.withLock { $0.count }
    }

    /// `limit` divided by ``share``, rounded down but at least 1; 0 and below stay as they are.
    public func divided(_ limit: Int) -> Int {
        limit <= 0 ? limit : max(1, limit / share)
    }

    private func divided(_ request: LimitRequest) -> LimitRequest {
        var request = request
        if var rate = request.rate {
            rate.limit = divided(rate.limit)
            rate.burst = divided(rate.burst)
            request.rate = rate
        }
        for index in request.quotas.indices {
            request.quotas[index].limit = divided(request.quotas[index].limit)
        }
        if let rolling = request.rolling { request.rolling?.limit = divided(rolling.limit) }
        return request
    }
}
