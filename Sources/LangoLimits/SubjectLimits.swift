/// One subject's counters in an ``InProcessLimiter`` — the rate's TAT, a count per quota
/// window and the times a rolling window counted — and the decision arithmetic of ``Limiter``
/// over them.
///
/// All times are whole microseconds since 1970 (``LimiterTime``).
struct SubjectLimits {
    /// The count of one quota window, keyed (like the Redis keys) by the window's name and start.
    private struct Counter {
        let name: String
        let start: Int64
        let end: Int64
        var used: Int
    }

    /// The units a rolling window counted, by the window's name: one time per unit, ascending.
    private struct RollingLog {
        let name: String
        var length: Int64
        var times: [Int64]
    }

    /// The GCRA's theoretical arrival time; `nil` until the first request that consumes.
    private var tat: Int64?
    private var counters: [Counter] = []
    private var logs: [RollingLog] = []
    /// When the subject was last used, in the owning table's ticks: the least recent is evicted first.
    var lastUse: UInt64

    init(lastUse: UInt64) {
        self.lastUse = lastUse
    }

    /// Whether forgetting the subject at `now` loses nothing: its rate is whole again and every
    /// window it counts in has ended.
    func isIdle(at now: Int64) -> Bool {
        (tat ?? .min) <= now && counters.allSatisfy { $0.end <= now }
            && logs.allSatisfy { ($0.times.last ?? .min).saturatingAdding($0.length) <= now }
    }

    /// Decides `request` at `now` and, when it is allowed, consumes its cost. The request must
    /// be valid (cost ≥ 0, every window ending after it starts).
    mutating func acquire(_ request: LimitRequest, now: Int64) -> LimitDecision {
        counters.removeAll { $0.end <= now }
        let cost = request.cost
        let rate = request.rate.map { RateCheck($0, tat: tat, cost: cost, now: now) }

        let quotas = request.quotas.map { QuotaCheck($0, used: used(in: $0), cost: cost, now: now) }
        let rolling = request.rolling.map { RollingCheck($0, counted: counted(in: $0, now: now), cost: cost, now: now) }
        let allowed = ((rate?.admits ?? true) && quotas.allSatisfy(\.admits) && (rolling?.admits ?? true)) || cost == 0

        var report = Report()
        var refusal = Refusal()
        if let rate {
            report.consider(
                .rate, limit: rate.burst, remaining: rate.remaining(allowed: allowed), reset: rate.reset(allowed: allowed))
        }
        for (window, quota) in zip(request.quotas, quotas) {
            report.consider(
                .quota(window.name), limit: window.limit, remaining: quota.remaining(allowed: allowed), reset: quota.reset)
            if !allowed, !quota.admits { refusal.consider(.quota(window.name), wait: quota.wait) }
        }
        if let window = request.rolling, let rolling {
            report.consider(
                .quota(window.name), limit: window.limit, remaining: rolling.remaining(allowed: allowed), reset: rolling.reset(allowed: allowed))
            if !allowed, !rolling.admits { refusal.consider(.quota(window.name), wait: rolling.wait) }
        }
        // The rate comes last so that a quota or the rolling window wins a tie for the longest wait.
        if !allowed, let rate, !rate.admits { refusal.consider(.rate, wait: rate.wait) }

        if allowed, cost > 0 {
            if let rate { tat = rate.next }
            for window in request.quotas { add(cost, to: window) }
            if let window = request.rolling { record(cost, in: window, at: now) }
        }
        return LimitDecision(
            allowed: allowed, reported: report.constraint, limit: report.limit, remaining: report.remaining,
            resetMicroseconds: report.reset, retryAfterMicroseconds: allowed ? nil : refusal.retryAfter,
            exceeded: allowed ? nil : refusal.constraint)
    }

    private func used(in window: QuotaWindow) -> Int {
        let start = LimiterTime.microseconds(window.start)
        return counters.first { $0.name == window.name && $0.start == start }?.used ?? 0
    }

    /// The times `window` counts at `now`, after forgetting those that left it.
    private mutating func counted(in window: RollingWindow, now: Int64) -> [Int64] {
        guard let index = logs.firstIndex(where: { $0.name == window.name }) else { return [] }
        let length = LimiterTime.microseconds(window.length)
        logs[index].length = length
        logs[index].times.removeAll { $0 <= now.saturatingSubtracting(length) }
        return logs[index].times
    }

    private mutating func record(_ cost: Int, in window: RollingWindow, at now: Int64) {
        let added = Array(repeating: now, count: cost)
        if let index = logs.firstIndex(where: { $0.name == window.name }) {
            // Kept ascending even when a clock steps back, as Redis keeps its scores.
            logs[index].times += added
            logs[index].times.sort()
        } else {
            logs.append(RollingLog(name: window.name, length: LimiterTime.microseconds(window.length), times: added))
        }
    }

    private mutating func add(_ cost: Int, to window: QuotaWindow) {
        let start = LimiterTime.microseconds(window.start)
        if let index = counters.firstIndex(where: { $0.name == window.name && $0.start == start }) {
            counters[index].used += cost
        } else {
            counters.append(Counter(name: window.name, start: start, end: LimiterTime.microseconds(window.end), used: cost))
        }
    }
}

/// The GCRA for one request, relative to `now`: `backlog = max(TAT, now) − now` and
/// `after = next − now = backlog + cost·T`, admitted iff `after ≤ B·T`.
private struct RateCheck {
    let burst: Int
    let interval: Int64
    let capacity: Int64
    let backlog: Int64
    /// `next − now`; `nil` when the cost exceeds the burst, which no wait can fix.
    let after: Int64?
    let now: Int64

    init(_ rate: RateLimit, tat: Int64?, cost: Int, now: Int64) {
        burst = rate.burst
        interval = rate.emissionIntervalMicroseconds
        capacity = Int64(rate.burst).saturatingMultiplied(by: interval)
        backlog = max(0, (tat ?? now).saturatingSubtracting(now))
        after = cost > rate.burst ? nil : backlog.saturatingAdding(Int64(cost).saturatingMultiplied(by: interval))
        self.now = now
    }

    var admits: Bool { after.map { $0 <= capacity } ?? false }

    /// The TAT once the request is consumed.
    var next: Int64 { now.saturatingAdding(after ?? backlog) }

    /// `TAT' − now`: the TAT after the request, which is `max(TAT, now)` unless it was allowed.
    func reset(allowed: Bool) -> Int64 {
        allowed ? after ?? backlog : backlog
    }

    /// `⌊(B·T − (TAT' − now)) / T⌋`, at least 0.
    func remaining(allowed: Bool) -> Int {
        let room = capacity.saturatingSubtracting(reset(allowed: allowed))
        return room <= 0 ? 0 : Int(room / interval)
    }

    /// `next − now − B·T`, or `nil` when the cost exceeds the burst.
    var wait: Int64? { after.map { $0.saturatingSubtracting(capacity) } }
}

/// One quota window for one request: admitted iff `used + cost ≤ limit`.
private struct QuotaCheck {
    let limit: Int
    let used: Int
    let cost: Int
    let end: Int64
    let now: Int64

    init(_ window: QuotaWindow, used: Int, cost: Int, now: Int64) {
        limit = window.limit
        self.used = used
        self.cost = cost
        end = LimiterTime.microseconds(window.end)
        self.now = now
    }

    var admits: Bool {
        let (total, overflow) = used.addingReportingOverflow(cost)
        return !overflow && total <= limit
    }

    func remaining(allowed: Bool) -> Int {
        let usedAfter = allowed ? used + cost : used
        return usedAfter >= limit ? 0 : limit - usedAfter
    }

    var reset: Int64 { end.saturatingSubtracting(now) }

    /// Until the window ends, or `nil` when the cost exceeds the whole limit.
    var wait: Int64? { cost > limit ? nil : reset }
}

/// A rolling window for one request: admitted iff `counted + cost ≤ limit`, with `counted` the
/// ascending times of the units in `(now − length, now]`.
private struct RollingCheck {
    let limit: Int
    let length: Int64
    let counted: [Int64]
    let cost: Int
    let now: Int64

    init(_ window: RollingWindow, counted: [Int64], cost: Int, now: Int64) {
        limit = window.limit
        length = LimiterTime.microseconds(window.length)
        self.counted = counted
        self.cost = cost
        self.now = now
    }

    var admits: Bool {
        let (total, overflow) = counted.count.addingReportingOverflow(cost)
        return !overflow && total <= limit
    }

    func remaining(allowed: Bool) -> Int {
        let countedAfter = allowed ? counted.count + cost : counted.count
        return countedAfter >= limit ? 0 : limit - countedAfter
    }

    /// Until the oldest unit counted after the request leaves the window; 0 when none is.
    func reset(allowed: Bool) -> Int64 {
        guard let oldest = counted.first ?? (allowed && cost > 0 ? now : nil) else { return 0 }
        return oldest.saturatingAdding(length).saturatingSubtracting(now)
    }

    /// Until enough units leave for the cost to fit, or `nil` when the cost exceeds the whole
    /// limit. Only asked of a refused request, so at least one unit must leave.
    var wait: Int64? {
        guard cost <= limit else { return nil }
        return counted[counted.count + cost - limit - 1].saturatingAdding(length).saturatingSubtracting(now)
    }
}

/// The limit the headers describe: the least remaining, the first considered on a tie.
private struct Report {
    var constraint: LimitDecision.Constraint?
    var limit = 0
    var remaining = 0
    var reset: Int64 = 0

    mutating func consider(_ constraint: LimitDecision.Constraint, limit: Int, remaining: Int, reset: Int64) {
        guard self.constraint == nil || remaining < self.remaining else { return }
        self.constraint = constraint
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }
}

/// The failing limit with the longest wait (a limit no wait helps counts as the longest), the
/// first considered on a tie, and the retry delay: the longest wait, unless no wait helps.
private struct Refusal {
    var constraint: LimitDecision.Constraint?
    private var longest: Int64 = .min
    private var hopeless = false

    mutating func consider(_ constraint: LimitDecision.Constraint, wait: Int64?) {
        let wait = wait ?? .max
        hopeless = hopeless || wait == .max
        guard self.constraint == nil || wait > longest else { return }
        self.constraint = constraint
        longest = wait
    }

    var retryAfter: Int64? { hopeless ? nil : longest }
}
