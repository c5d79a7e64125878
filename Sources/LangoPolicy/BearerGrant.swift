/// The OAuth grant a bearer token was issued through.
public enum BearerGrant: String, Sendable, Hashable, CaseIterable {
    /// Issued after a bank customer authorised the app (acts for that customer).
    case authorizationCode = "authorization_code"
    /// Issued to the app itself.
    case clientCredentials = "client_credentials"
}
