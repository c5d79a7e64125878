/// Who may call an allow rule: the credential kind, the scopes it must carry, the app
/// environments admitted, and whether the request must act for a bank customer.
public struct AuthRequirement: Sendable, Hashable {
    /// The credential a rule asks for.
    public enum Kind: Sendable, Hashable {
        /// No credential; anyone may call.
        case none
        /// An API key (internal clients).
        case apiKey
        /// An OAuth bearer access token issued through an accepted grant (an ``Obligation/bearer`` obligation).
        case bearer(grant: GrantRequirement)
    }

    /// The credential asked for.
    public let kind: Kind
    /// Scopes the credential must all carry (AND).
    public let scopes: [String]
    /// Environments of apps admitted; both unless the policy narrows it.
    public let environments: Set<AppEnvironment>
    /// Whether the request must name a customer: header `x-lango-customer-id` with an API key, the
    /// token subject with a bearer token.
    public let customerRequired: Bool

    init(kind: Kind, scopes: [String], environments: Set<AppEnvironment>, customerRequired: Bool) {
        self.kind = kind
        self.scopes = scopes
        self.environments = environments
        self.customerRequired = customerRequired
    }

    /// The requirement of `{"type": "none"}`.
    static let noCredential = AuthRequirement(
        kind: .none, scopes: [], environments: Set(AppEnvironment.allCases), customerRequired: false)

    /// The policy spelling of the kind: `none`, `api_key` or `bearer`.
    public var typeName: String {
        switch kind {
        case .none: "none"
        case .apiKey: "api_key"
        case .bearer: "bearer"
        }
    }
}
