/// What the fraud step concludes for one request: the rule's thresholds applied to the hook's
/// score, or the rule's fail mode when the hook gave none.
///
/// A value built from the requirement and the outcome; the denial reason is worked out only
/// when asked for.
public struct FraudVerdict: Sendable, Hashable {
    /// What the verdict asks the gateway to do.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// Carry on with the request.
        case allow
        /// Refuse it until the customer has authenticated again (strong customer authentication).
        case stepUp = "step_up"
        /// Refuse it.
        case deny
    }

    /// The rule's fraud requirement.
    public let requirement: FraudRequirement
    /// What the hook did.
    public let outcome: FraudOutcome
    /// What the gateway does.
    public let action: Action

    init(requirement: FraudRequirement, outcome: FraudOutcome) {
        self.requirement = requirement
        self.outcome = outcome
        if let score = Self.usableScore(outcome) {
            action = score >= requirement.denyAt ? .deny : score >= requirement.stepUpAt ? .stepUp : .allow
        } else {
            action = requirement.failMode == .open ? .allow : .deny
        }
    }

    /// The hook's score, when it gave one within 0...100.
    public var score: Int? { Self.usableScore(outcome) }

    /// The reasons the hook gave with its score.
    public var reasons: [String] {
        if case .scored(_, let reasons) = outcome, score != nil { return reasons }
        return []
    }

    /// Whether the rule's fail mode decided, because the hook gave no usable score.
    public var failModeApplied: Bool { score == nil }

    /// Why the request is refused: `fraud_denied`, `fraud_step_up_required`, or
    /// `fraud_unavailable` when the hook failed under fail mode closed; `nil` when allowed.
    public var reason: DenialReason? {
        switch action {
        case .allow: nil
        case .stepUp: .fraudStepUpRequired
        case .deny: failModeApplied ? .fraudUnavailable : .fraudDenied
        }
    }

    /// How the hook ended in words, for the trace: `scored 85 (…)`, a timeout with its limit, an
    /// unusable score, or the failure.
    public var hookResult: String {
        switch outcome {
        case .scored(let score, _) where !FraudRequirement.scores.contains(score):
            "answered score \(score), outside 0...100"
        case .timedOut:
            "did not answer within \(requirement.timeoutMilliseconds) ms"
        default:
            outcome.words
        }
    }

    private static func usableScore(_ outcome: FraudOutcome) -> Int? {
        guard case .scored(let score, _) = outcome, FraudRequirement.scores.contains(score) else { return nil }
        return score
    }
}
