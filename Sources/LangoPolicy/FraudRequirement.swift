/// The fraud hook an allow rule calls before routing (a ``Obligation/fraud`` obligation), and
/// how its answer decides.
///
/// The hook scores the request from 0 (no risk) to 100; ``verdict(for:)`` maps the score to
/// allow, step-up or deny by the rule's two thresholds, and a hook that times out or fails to
/// the rule's ``failMode``.
public struct FraudRequirement: Sendable, Hashable {
    /// What happens when the hook times out or fails.
    public enum FailMode: String, Sendable, Hashable, CaseIterable {
        /// Let the request through.
        case open
        /// Refuse the request.
        case closed
    }

    /// The scores a hook gives and the thresholds a rule may set.
    public static let scores = 0...100
    /// How long a rule may let its hook take, in milliseconds.
    public static let timeouts = 1...10_000

    /// The hook name, from ``PolicyVocabulary/fraudHooks``.
    public let hook: String
    /// How long the hook may take, 1...10000 ms.
    public let timeoutMilliseconds: Int
    /// What a timeout or failure of the hook does (`fail`, closed unless the rule says open).
    public let failMode: FailMode
    /// The lowest score that asks the customer to authenticate again (`step_up_at`).
    public let stepUpAt: Int
    /// The lowest score that refuses the request (`deny_at`), at least ``stepUpAt``; when the
    /// two are equal there is no step-up band.
    public let denyAt: Int

    /// A requirement as the parser checks it: thresholds in ``scores`` with `stepUpAt <= denyAt`,
    /// the timeout in ``timeouts``.
    public init(hook: String, timeoutMilliseconds: Int, failMode: FailMode = .closed, stepUpAt: Int, denyAt: Int) {
        precondition(Self.timeouts.contains(timeoutMilliseconds), "fraud timeout out of range")
        precondition(Self.scores.contains(stepUpAt) && Self.scores.contains(denyAt) && stepUpAt <= denyAt, "fraud thresholds out of order")
        self.hook = hook
        self.timeoutMilliseconds = timeoutMilliseconds
        self.failMode = failMode
        self.stepUpAt = stepUpAt
        self.denyAt = denyAt
    }

    /// What the hook's `outcome` means for the request under this rule.
    public func verdict(for outcome: FraudOutcome) -> FraudVerdict {
        FraudVerdict(requirement: self, outcome: outcome)
    }

    /// `hook sandbox-rules (timeout 300 ms, fail closed, step up at 50, deny at 80)`.
    var summary: String {
        "hook \(hook) (timeout \(timeoutMilliseconds) ms, fail \(failMode.rawValue), step up at \(stepUpAt), deny at \(denyAt))"
    }
}
