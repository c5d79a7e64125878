/// What the gateway found about the consent a request's access token is bound to.
///
/// The gateway reads the consent and works out what depends on the clock (expiry, the
/// reauthentication deadline) before asking for a decision; the engine compares the rest with
/// the rule and the token.
public struct ConsentFacts: Sendable, Hashable {
    /// The consent's standing when the request arrived.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Authorised by the customer, unexpired: the only standing that serves requests.
        case authorised
        /// Created by the client, not yet authorised by a customer.
        case awaitingAuthorisation = "awaiting_authorisation"
        /// The customer refused it.
        case rejected
        /// The customer revoked it, or the client deleted it.
        case revoked
        /// A payment consent a payment was made under.
        case consumed
        /// Authorised, but past its `ExpirationDateTime`.
        case expired
        /// Authorised longer ago than the reauthentication period allows (PSD2 RTS art. 10).
        case reauthenticationRequired = "reauthentication_required"

        /// The standing in words: "awaiting authorisation".
        public var words: String {
            switch self {
            case .authorised: "authorised"
            case .awaitingAuthorisation: "awaiting authorisation"
            case .rejected: "rejected"
            case .revoked: "revoked"
            case .consumed: "consumed by a payment"
            case .expired: "expired"
            case .reauthenticationRequired: "waiting for the customer to authenticate again"
            }
        }
    }

    /// The consent id (OBIE `ConsentId`).
    public var id: String
    /// What kind of consent it is.
    public var kind: ConsentRequirement.Kind
    /// Its standing.
    public var status: Status
    /// The OAuth client that created it.
    public var clientID: String
    /// The customer who authorised it, once one did.
    public var customerID: String?
    /// The permissions it grants (account-access consents), as the client asked for them.
    public var permissions: Set<AccountPermission>
    /// The accounts the customer selected.
    public var accountIDs: Set<String>

    /// Facts about one consent.
    public init(
        id: String, kind: ConsentRequirement.Kind, status: Status, clientID: String, customerID: String?,
        permissions: Set<AccountPermission> = [], accountIDs: Set<String> = []
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.clientID = clientID
        self.customerID = customerID
        self.permissions = permissions
        self.accountIDs = accountIDs
    }
}

/// The outcome of looking up the consent a request's token names.
public enum ConsentLookup: Sendable, Hashable {
    /// The consent as stored.
    case found(ConsentFacts)
    /// No consent has the token's consent id (or the client deleted it).
    case unknown
    /// The consent store could not be read; the text says why. The rule's `on_error` decides.
    case unavailable(String)
}
