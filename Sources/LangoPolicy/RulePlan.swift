/// What the evaluator needs per rule beyond the rule itself, worked out once at compile time.
struct RulePlan: Sendable {
    /// Obligations the rule needs that the vocabulary does not enforce (a 501 before anything else).
    let unenforcedObligations: [Obligation]
    /// Deny rules (indices into the set's rules, in set order) that can match some request this
    /// allow rule's route matches; only these are tried at request time.
    let denyCandidates: [Int]
}
