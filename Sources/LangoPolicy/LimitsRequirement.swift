/// How much a request to an allow rule counts against the app's rate limits and quotas
/// (a ``Obligation/limits`` obligation).
public struct LimitsRequirement: Sendable, Hashable {
    /// Units charged per request, 0...1000 (0 = free, still counted).
    public let cost: Int
}
