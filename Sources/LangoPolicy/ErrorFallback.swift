/// What a rule does when evaluation itself fails (for instance the credential store cannot be consulted).
public enum ErrorFallback: String, Sendable, Hashable, CaseIterable {
    /// Refuse with 503 `evaluation_error` (the default: fail closed).
    case deny
    /// Carry on as if the failed check had passed, recording it in ``Decision/errorOverridden`` (fails open).
    case allow
}
