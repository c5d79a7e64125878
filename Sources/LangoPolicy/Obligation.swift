/// Something a rule asks the gateway to do beyond routing and API-key checks.
///
/// A gateway declares which obligations it enforces in ``PolicyVocabulary/enforcedObligations``;
/// a rule that needs one it does not enforce is refused with 501 (`obligation_unsupported`),
/// never silently let through.
public enum Obligation: String, Sendable, Hashable, CaseIterable {
    /// Verifying bearer access tokens (auth type `bearer`).
    case bearer
    /// Checking an OBIE consent (`consent`).
    case consent
    /// Calling a fraud hook (`fraud`).
    case fraud
    /// Charging rate limits and quotas (`limits`).
    case limits
    /// Honouring `x-idempotency-key` (`idempotency`).
    case idempotency
}
