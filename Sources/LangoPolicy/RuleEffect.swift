/// What a rule does when it applies: route the request (`allow`) or refuse it (`deny`).
public enum RuleEffect: String, Sendable, Hashable, CaseIterable {
    /// Routes matching requests upstream, after authentication and authorization.
    case allow
    /// Refuses matching requests; wins over any allow rule for the same request.
    case deny
}
