import Foundation
import LangoIdentity
import LangoJSON
import LangoPolicy

/// The OpenID Connect userinfo endpoint's logic (Core §5.3): the claims about the customer an
/// access token with `openid` may read. `sub` always; `name` with `profile`, `email` with
/// `email`, `phone_number` with `phone`.
public struct UserInfoEndpoint: Sendable {
    private let verifier: AccessTokenVerifier
    private let customers: any CustomerStore

    public init(verifier: AccessTokenVerifier, customers: any CustomerStore) {
        self.verifier = verifier
        self.customers = customers
    }

    /// The claims for the bearer `accessToken`; throws `invalid_token` (401) for a missing,
    /// invalid, expired or revoked token, one without a customer, or one bound to a client
    /// certificate the connection did not present (`presentedCertificate`, its thumbprint),
    /// `insufficient_scope` (403) without `openid`.
    public func claims(accessToken: String?, presentedCertificate: @Sendable () async -> String?) async throws -> JSONObject {
        guard let accessToken else { throw OAuthError.invalidToken("a bearer access token is required") }
        let token: AccessToken
        switch await verifier.verify(accessToken, presentedCertificate: presentedCertificate) {
        case .valid(let valid, let app):
            guard app?.status == .active else { throw OAuthError.invalidToken("the client's app is suspended") }
            token = valid
        case .expired:
            throw OAuthError.invalidToken("the access token has expired")
        case .revoked:
            throw OAuthError.invalidToken("the access token has been revoked")
        case .invalid(let reason):
            throw OAuthError.invalidToken("the access token is not valid: \(reason)")
        case .unavailable(let reason):
            throw OAuthError.serverError("the access token could not be checked: \(reason)")
        }
        guard let customerID = token.customer else { throw OAuthError.invalidToken("the access token is not for a customer") }
        guard token.scopes.contains("openid") else { throw OAuthError.insufficientScope("the access token lacks the openid scope") }
        guard let customer = try await customers.customer(id: customerID) else {
            throw OAuthError.invalidToken("the token's customer is no longer known")
        }
        var claims: JSONObject = ["sub": .string(customer.id)]
        if token.scopes.contains("profile") { claims["name"] = .string(customer.name) }
        if token.scopes.contains("email"), let email = customer.email { claims["email"] = .string(email) }
        if token.scopes.contains("phone"), let phone = customer.phoneNumber { claims["phone_number"] = .string(phone) }
        return claims
    }
}
