/// Which bearer-token grants a rule accepts.
public enum GrantRequirement: String, Sendable, Hashable, CaseIterable {
    /// Only tokens a bank customer authorised.
    case authorizationCode = "authorization_code"
    /// Only tokens issued to the app itself.
    case clientCredentials = "client_credentials"
    /// Either grant.
    case any

    /// Whether a token issued through `grant` satisfies this requirement.
    public func admits(_ grant: BearerGrant) -> Bool {
        switch self {
        case .any: true
        case .authorizationCode: grant == .authorizationCode
        case .clientCredentials: grant == .clientCredentials
        }
    }
}
