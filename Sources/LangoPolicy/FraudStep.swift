/// Step 8 of the evaluation order: an allowed decision of a rule with `fraud` meets what its
/// hook did. Written once, generic over the tracer, for the gateway and for explanations.
enum FraudStep {
    /// `decision` with the verdict on `outcome` applied: unchanged unless it allows a rule with
    /// `fraud`; then the verdict's refusal denies it (or, in shadow mode, is recorded as shadowed).
    /// With no outcome (an explanation that mocks none) only the trace says what would happen.
    static func apply<Tracer: DecisionTracer>(_ outcome: FraudOutcome?, to decision: Decision, tracer: inout Tracer) -> Decision {
        guard decision.isAllowed, let rule = decision.rule else { return decision }
        guard let requirement = rule.fraud else {
            if outcome != nil { tracer.record(.fraud, .skipped, "the rule calls no fraud hook; the fraud outcome given is not used") }
            return decision
        }
        guard let outcome else {
            tracer.record(
                .fraud, .skipped,
                "the gateway calls \(requirement.summary); give a fraud outcome (fixture \"fraud\", explain --fraud) to see its verdict")
            return decision
        }
        let verdict = requirement.verdict(for: outcome)
        let result = "\(requirement.summary) \(verdict.hookResult)"
        guard let reason = verdict.reason else {
            if verdict.failModeApplied {
                tracer.record(.fraud, .overridden, "\(result); fail open: continuing without a score")
            } else {
                tracer.record(.fraud, .passed, "\(result): allow")
            }
            return decision.with(fraud: verdict)
        }
        if decision.mode == .shadow {
            tracer.record(.fraud, .shadowed, "\(result): \(reason.description) (shadow mode: not enforced)")
            return decision.with(fraud: verdict, shadowing: reason)
        }
        tracer.record(.fraud, .denied, "\(result): \(reason.description)")
        return decision.with(fraud: verdict, denying: reason)
    }
}

extension Decision {
    /// This allowed decision once the rule's fraud hook has done `outcome`: still allowed when the
    /// verdict allows (or shadow mode records its refusal), else denied with `fraud_denied`,
    /// `fraud_step_up_required` or `fraud_unavailable`. A decision that denies, or of a rule without
    /// `fraud`, comes back unchanged.
    public func assessed(_ outcome: FraudOutcome) -> Decision {
        var tracer = SilentTracer()
        return FraudStep.apply(outcome, to: self, tracer: &tracer)
    }

    fileprivate func with(fraud verdict: FraudVerdict, shadowing shadowed: DenialReason? = nil, denying reason: DenialReason? = nil)
        -> Decision
    {
        Decision(
            outcome: reason == nil ? outcome : .deny, rule: rule, parameters: parameters, mode: mode, reason: reason,
            shadowedDenials: shadowedDenials + (shadowed.map { [$0] } ?? []), errorOverridden: errorOverridden,
            allowedMethods: allowedMethods, customerID: reason == nil ? customerID : nil, app: app, fraud: verdict)
    }
}
