/// How much a request to an allow rule counts against the app's rate limits and quotas
/// (a ``Obligation/limits`` obligation), and what to do when the shared counters are out of reach.
public struct LimitsRequirement: Sendable, Hashable {
    /// Units charged per request, 0...1000 (0 = free, still counted).
    public let cost: Int
    /// What the gateway does when the shared counters (Redis) cannot be reached.
    public let whenUnavailable: LimitsFallback
}

/// The Redis-loss mode of a rule's limits.
public enum LimitsFallback: String, Sendable, Hashable, CaseIterable {
    /// Refuse with 503 until the counters are back.
    case closed
    /// Let requests through unlimited, recorded as such.
    case open
    /// Count in this gateway's own memory, with each limit divided by the number of gateway nodes.
    case local
}
