/// Whether a rule's denials are enforced or only recorded.
public enum EnforcementMode: String, Sendable, Hashable, CaseIterable {
    /// Denials answer the request.
    case enforce
    /// Denials from authentication, explicit deny rules in shadow mode, authorization and the customer
    /// check are recorded in ``Decision/shadowedDenials`` and the request is allowed.
    case shadow
}
