/// The subjects an ``InProcessLimiter`` tracks, with the rules that keep their number bounded.
///
/// - A subject is stored only once a request has consumed something, so refused and zero-cost
///   requests of unknown subjects take no memory.
/// - A subject is *idle* when its rate is whole again and all its windows have ended; idle
///   subjects are swept out whenever the table reaches its sweep threshold (twice the number
///   that survived the previous sweep, at least ``minimumSweepThreshold``) or its capacity, so
///   sweeping costs O(1) per new subject on average.
/// - If the table is still full after a sweep, the least recently used eighth of it (at least
///   one subject) is evicted to make room, so a table kept full by new subjects sorts itself
///   once per eighth of its capacity rather than scanning on every new subject. Eviction forgets
///   counters, so the capacity should exceed the number of apps active in a month.
struct SubjectTable {
    static let minimumSweepThreshold = 1_024

    /// The most subjects held at once.
    let capacity: Int
    private var subjects: [String: SubjectLimits] = [:]
    private var sweepThreshold = minimumSweepThreshold
    private var tick: UInt64 = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { subjects.count }

    /// Decides a valid request at `now` against its subject's counters.
    mutating func acquire(_ request: LimitRequest, now: Int64) -> LimitDecision {
        tick &+= 1
        if let index = subjects.index(forKey: request.subject) {
            subjects.values[index].lastUse = tick
            return subjects.values[index].acquire(request, now: now)
        }
        var fresh = SubjectLimits(lastUse: tick)
        let decision = fresh.acquire(request, now: now)
        if !fresh.isIdle(at: now) {
            makeRoom(at: now)
            subjects[request.subject] = fresh
        }
        return decision
    }

    private mutating func makeRoom(at now: Int64) {
        if subjects.count >= min(sweepThreshold, capacity) {
            subjects = subjects.filter { !$0.value.isIdle(at: now) }
            sweepThreshold = max(Self.minimumSweepThreshold, 2 * subjects.count)
        }
        if subjects.count >= capacity {
            let leastRecent = subjects.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(max(1, capacity / 8))
            for (subject, _) in leastRecent { subjects.removeValue(forKey: subject) }
        }
    }
}
