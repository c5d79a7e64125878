/// What a fixture expects of the decision (`expect`); fields left out are not checked.
public struct PolicyFixtureExpectation: Sendable, Hashable {
    /// The expected outcome (`decision`), always checked.
    public let outcome: Decision.Outcome
    /// The id of the matched allow rule (`rule`).
    public let ruleID: String?
    /// The id of the deny rule that refused the request (`deny_rule`).
    public let denyRuleID: String?
    /// The ``DenialReason/code`` (`reason`).
    public let reasonCode: String?
    /// The HTTP status (`status`).
    public let status: Int?
    /// The codes of ``Decision/shadowedDenials``, in order (`shadowed`).
    public let shadowedCodes: [String]?
    /// The action of ``Decision/fraud`` (`fraud`): the fraud step must have run and come to it.
    public let fraudAction: FraudVerdict.Action?

    /// How `decision` differs from the expectation, one sentence per difference; empty when it meets it.
    public func mismatches(with decision: Decision, in policies: PolicySet) -> [String] {
        var mismatches: [String] = []
        if decision.outcome != outcome {
            mismatches.append("expected decision \(outcome.rawValue), got \(decision.outcome.rawValue)")
        }
        if let ruleID, decision.rule?.id != ruleID {
            let unknown = policies.rule(id: ruleID) == nil ? " (no rule has that id)" : ""
            mismatches.append("expected rule \(ruleID)\(unknown), got \(decision.rule?.id ?? "none")")
        }
        if let denyRuleID, decision.reason?.ruleID != denyRuleID {
            mismatches.append("expected deny rule \(denyRuleID), got \(decision.reason?.ruleID ?? "none")")
        }
        if let reasonCode, decision.reason?.code != reasonCode {
            mismatches.append("expected reason \(reasonCode), got \(decision.reason?.code ?? "none")")
        }
        if let status, decision.status != status {
            mismatches.append("expected status \(status), got \(decision.status)")
        }
        if let shadowedCodes, decision.shadowedDenials.map(\.code) != shadowedCodes {
            let actual = decision.shadowedDenials.map(\.code)
            mismatches.append(
                "expected shadowed [\(shadowedCodes.joined(separator: ", "))], got [\(actual.joined(separator: ", "))]")
        }
        if let fraudAction, decision.fraud?.action != fraudAction {
            mismatches.append(
                "expected fraud verdict \(fraudAction.rawValue), got \(decision.fraud.map(\.action.rawValue) ?? "none (the fraud step did not run)")")
        }
        return mismatches
    }
}
