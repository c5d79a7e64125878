/// The fraud hook an allow rule calls before routing (a ``Obligation/fraud`` obligation).
public struct FraudRequirement: Sendable, Hashable {
    /// What happens when the hook times out or fails.
    public enum FailMode: String, Sendable, Hashable, CaseIterable {
        /// Let the request through.
        case open
        /// Refuse the request.
        case closed
    }

    /// The hook name, from ``PolicyVocabulary/fraudHooks``.
    public let hook: String
    /// How long the hook may take, 1...10000 ms.
    public let timeoutMilliseconds: Int
    /// What a timeout or failure of the hook does.
    public let failMode: FailMode
}
