/// The closed set of names policies may use, injected by whoever compiles them.
///
/// Validation rejects any scope, adapter, operation or fraud hook outside it, with a
/// "did you mean" hint. ``enforcedObligations`` says which optional features the running
/// gateway implements; see ``Obligation``.
public struct PolicyVocabulary: Sendable, Hashable {
    /// OAuth / API-key scopes rules may require.
    public var scopes: Set<String>
    /// Adapter name → what that adapter offers.
    public var adapters: [String: AdapterVocabulary]
    /// Fraud hook names rules may call.
    public var fraudHooks: Set<String>
    /// Obligations this gateway enforces; rules needing others are refused with 501.
    public var enforcedObligations: Set<Obligation>

    /// A vocabulary; most callers use ``standard``.
    public init(
        scopes: Set<String>,
        adapters: [String: AdapterVocabulary],
        fraudHooks: Set<String>,
        enforcedObligations: Set<Obligation>
    ) {
        self.scopes = scopes
        self.adapters = adapters
        self.fraudHooks = fraudHooks
        self.enforcedObligations = enforcedObligations
    }

    /// The vocabulary of this release: the OBIE and internal scopes, the `core` adapter, the
    /// built-in `consents` and `payments` adapters (the OBIE consent and payment resources), no fraud hooks, and of the
    /// optional obligations `limits`, `bearer` and `consent` (with `none` / `api_key` auth and
    /// routing).
    public static let standard = PolicyVocabulary(
        scopes: [
            "openid", "profile", "email", "phone", "accounts", "payments", "fundsconfirmations", "accounts:read", "balances:read",
            "transactions:read", "party:read", "sandbox:write",
        ],
        adapters: [
            "core": AdapterVocabulary(
                operations: ["accounts", "account", "balances", "transactions", "party", "post-transaction", "bulk-balances", "bulk-transactions"],
                allowsPathRewrite: false
            ),
            consentsAdapter: consentsAdapterVocabulary,
            paymentsAdapter: paymentsAdapterVocabulary,
        ],
        fraudHooks: [],
        enforcedObligations: [.limits, .bearer, .consent, .idempotency]
    )
}

extension PolicyVocabulary {
    /// The obligations `rule` needs that this vocabulary does not enforce, in ``Obligation`` order.
    func unenforcedObligations(of rule: RuleDefinition) -> [Obligation] {
        Obligation.allCases.filter { rule.obligations.contains($0) && !enforcedObligations.contains($0) }
    }

    /// The name of the built-in adapter serving the OBIE consent resources.
    public static let consentsAdapter = "consents"

    /// The operations of the built-in `consents` adapter.
    public static let consentsAdapterVocabulary = AdapterVocabulary(
        operations: [
            "create-account-access-consent", "get-account-access-consent", "delete-account-access-consent", "create-domestic-payment-consent",
            "get-domestic-payment-consent", "create-bulk-payment-consent", "get-bulk-payment-consent",
        ],
        allowsPathRewrite: false)

    /// The name of the built-in adapter serving the OBIE payment resources.
    public static let paymentsAdapter = "payments"

    /// The operations of the built-in `payments` adapter.
    public static let paymentsAdapterVocabulary = AdapterVocabulary(
        operations: [
            "create-domestic-payment", "get-domestic-payment", "get-domestic-payment-details", "confirm-domestic-payment-funds",
            "create-bulk-payment", "get-bulk-payment",
        ], allowsPathRewrite: false)
}
