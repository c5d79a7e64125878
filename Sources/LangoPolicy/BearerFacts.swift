/// What the gateway found out about the bearer access token a request presented.
public struct BearerFacts: Sendable, Hashable {
    /// The token's standing after signature, expiry and revocation checks.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Signed by Lango, unexpired, not revoked.
        case valid
        /// Malformed, badly signed, or issued by someone else.
        case invalid
        /// Past its expiry time.
        case expired
        /// On the revocation list.
        case revoked
    }

    /// The token's standing.
    public var status: Status
    /// The OAuth client the token was issued to.
    public var clientID: String?
    /// The grant the token was issued through.
    public var grant: BearerGrant
    /// Scopes granted to the token.
    public var scopes: [String]
    /// The bank customer the token acts for (authorization-code tokens).
    public var subject: String?
    /// The consent the token is bound to, if any.
    public var consentID: String?
    /// The app behind the client. A valid token must belong to an app: without one it is treated as invalid.
    public var app: AppFacts?

    /// Facts about one bearer token.
    public init(
        status: Status, clientID: String? = nil, grant: BearerGrant, scopes: [String] = [], subject: String? = nil,
        consentID: String? = nil, app: AppFacts? = nil
    ) {
        self.status = status
        self.clientID = clientID
        self.grant = grant
        self.scopes = scopes
        self.subject = subject
        self.consentID = consentID
        self.app = app
    }
}
