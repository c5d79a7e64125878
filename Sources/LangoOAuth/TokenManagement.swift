import Foundation
import LangoIdentity
import LangoJSON
import LangoPolicy

/// The revocation (RFC 7009) and introspection (RFC 7662) endpoints' logic, for clients about
/// their own access tokens.
public struct TokenManagement: Sendable {
    private let authenticator: ClientAuthenticator
    private let verifier: AccessTokenVerifier
    private let revoker: TokenRevoker
    private let issuer: @Sendable () -> String
    private let clock: @Sendable () -> Date

    public init(
        authenticator: ClientAuthenticator, verifier: AccessTokenVerifier, revoker: TokenRevoker, issuer: @escaping @Sendable () -> String, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.authenticator = authenticator
        self.verifier = verifier
        self.revoker = revoker
        self.issuer = issuer
        self.clock = clock
    }

    /// Revokes the `token` of the form, when it is a live access token of the authenticated
    /// client. A token that is malformed, expired or already revoked needs nothing done, and is
    /// answered as a success, as RFC 7009 §2.2 says; another client's token is refused
    /// (`unauthorized_client`). Revocations of tokens that have expired since are forgotten.
    public func revoke(form: [(name: String, value: String)], authorization: String?) async throws {
        let (client, token) = try await authenticatedRequest(form, authorization)
        switch await verifier.verify(token) {
        case .valid(let accessToken, _):
            guard accessToken.clientID == client.clientID else {
                throw OAuthError.unauthorizedClient("the token was not issued to this client")
            }
            let revoked = RevokedToken(tokenID: accessToken.tokenID, clientID: accessToken.clientID, expiresAt: accessToken.expiry)
            try await revoker.revoke([revoked])
            try await revoker.forgetRevocations(expiredBefore: clock())
        case .invalid, .expired, .revoked:
            return
        case .unavailable(let reason):
            throw OAuthError.serverError("the token could not be checked: \(reason)")
        }
    }

    /// RFC 7662 introspection: `active: true` with the token's facts for a live access token of
    /// the authenticated client whose app is active; `active: false` for anything else,
    /// including other clients' tokens (so introspection cannot be used to probe them).
    public func introspect(form: [(name: String, value: String)], authorization: String?) async throws -> JSONObject {
        let (client, token) = try await authenticatedRequest(form, authorization)
        switch await verifier.verify(token) {
        case .valid(let accessToken, let app):
            guard accessToken.clientID == client.clientID, app?.status == .active else { return ["active": false] }
            let issuer = issuer()
            var answer: JSONObject = [
                "active": true, "token_type": "Bearer", "client_id": .string(accessToken.clientID),
                "scope": .string(accessToken.scopes.joined(separator: " ")), "sub": .string(accessToken.customer ?? accessToken.clientID),
                "iss": .string(issuer), "aud": .string(issuer), "jti": .string(accessToken.tokenID),
                "exp": .integer(Int64(accessToken.expiry.timeIntervalSince1970)),
            ]
            if let issuedAt = accessToken.issuedAt { answer["iat"] = .integer(Int64(issuedAt.timeIntervalSince1970)) }
            if let thumbprint = accessToken.certificateThumbprint {
                answer[AccessTokenVerifier.confirmationClaim] = [AccessTokenVerifier.certificateThumbprintMember: .string(thumbprint)]
            }
            return answer
        case .invalid, .expired, .revoked:
            return ["active": false]
        case .unavailable(let reason):
            throw OAuthError.serverError("the token could not be checked: \(reason)")
        }
    }

    /// The authenticated client and the `token` parameter of a revocation or introspection form.
    private func authenticatedRequest(_ form: [(name: String, value: String)], _ authorization: String?) async throws -> (OAuthClient, String) {
        let parameters = try TokenEndpoint.parameters(form)
        let credentials = ClientCredentials(parameters: parameters, authorization: authorization)
        let client = try await authenticator.authenticate(credentials, now: clock()).client
        guard let token = parameters["token"], !token.isEmpty else { throw OAuthError.invalidRequest("token is missing") }
        return (client, token)
    }
}
