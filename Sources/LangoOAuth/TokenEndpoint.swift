import Foundation
import LangoCrypto
import LangoJSON

/// The token endpoint's logic (RFC 6749 §3.2): reads the form, authenticates the client, and
/// issues an access token for the grant. Today: `client_credentials`.
///
/// Access tokens are JWTs in the RFC 9068 profile (`typ` `at+jwt`; `iss`, `sub`, `aud`, `exp`,
/// `iat`, `jti`, `client_id`, `scope`, and Lango's `lango_grant`), signed with the current key
/// of ``SigningKeyManager``.
public struct TokenEndpoint: Sendable {
    private let authenticator: ClientAuthenticator
    private let keys: SigningKeyManager
    private let issuer: @Sendable () -> String
    public let accessTokenLifetime: Duration
    private let clock: @Sendable () -> Date

    /// `issuer` gives the issuer identifier, the gateway's public URL; it is also the access
    /// tokens' audience, since the gateway is the resource server they are for.
    public init(
        authenticator: ClientAuthenticator, keys: SigningKeyManager, issuer: @escaping @Sendable () -> String, accessTokenLifetime: Duration,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.authenticator = authenticator
        self.keys = keys
        self.issuer = issuer
        self.accessTokenLifetime = accessTokenLifetime
        self.clock = clock
    }

    /// The successful response body, or the `OAuthError` to answer with.
    public func respond(to form: [(name: String, value: String)], authorization: String?) async throws -> JSONObject {
        let parameters = try Self.parameters(form)
        let now = clock()
        guard let grant = parameters["grant_type"] else { throw OAuthError.invalidRequest("grant_type is missing") }
        let credentials = ClientCredentials(parameters: parameters, authorization: authorization)
        let authenticated = try await authenticator.authenticate(credentials, now: now)
        guard let grantType = GrantType(rawValue: grant) else { throw OAuthError.unsupportedGrantType("grant_type \(grant) is not supported") }
        guard authenticated.client.grantTypes.contains(grantType) else {
            throw OAuthError.unauthorizedClient("the client may not use \(grant)")
        }
        switch grantType {
        case .clientCredentials:
            return try await clientCredentials(authenticated, scope: parameters["scope"], now: now)
        case .authorizationCode, .refreshToken:
            throw OAuthError.unsupportedGrantType("grant_type \(grant) is not supported yet")
        }
    }

    private func clientCredentials(_ authenticated: AuthenticatedClient, scope: String?, now: Date) async throws -> JSONObject {
        let allowed = authenticated.client.scopes.filter { $0 != "openid" }
        let scopes = try scope.map { try Self.requestedScopes($0, allowed: allowed) } ?? allowed
        guard !scopes.isEmpty else { throw OAuthError.invalidScope("the client has no scopes it may use without a customer") }
        let lifetime = accessTokenLifetimeSeconds
        let issuedAt = Int64(now.timeIntervalSince1970)
        let issuer = issuer()
        let claims: JSONObject = [
            "iss": .string(issuer), "sub": .string(authenticated.client.clientID), "aud": .string(issuer),
            "client_id": .string(authenticated.client.clientID), "scope": .string(scopes.joined(separator: " ")),
            "iat": .integer(issuedAt), "exp": .integer(issuedAt + lifetime), "jti": .string(SecureRandom.token(byteCount: 16)),
            AccessTokenVerifier.grantClaim: .string(GrantType.clientCredentials.rawValue),
        ]
        return [
            "access_token": .string(try await keys.sign(claims, type: "at+jwt")), "token_type": "Bearer",
            "expires_in": .integer(lifetime), "scope": .string(scopes.joined(separator: " ")),
        ]
    }

    /// The form's parameters by name; a repeated one is refused (RFC 6749 §3.2).
    static func parameters(_ form: [(name: String, value: String)]) throws -> [String: String] {
        var parameters: [String: String] = [:]
        for (name, value) in form {
            guard parameters.updateValue(value, forKey: name) == nil else {
                throw OAuthError.invalidRequest("parameter \(name) is repeated")
            }
        }
        return parameters
    }

    private var accessTokenLifetimeSeconds: Int64 { accessTokenLifetime.components.seconds }

    /// The scopes of a `scope` parameter, each one allowed, without repeats, in the order asked.
    static func requestedScopes(_ parameter: String, allowed: [String]) throws -> [String] {
        var scopes: [String] = []
        for scope in parameter.split(separator: " ", omittingEmptySubsequences: true).map(String.init) where !scopes.contains(scope) {
            guard allowed.contains(scope) else { throw OAuthError.invalidScope("scope \(scope) is not allowed for this client and grant") }
            scopes.append(scope)
        }
        guard !scopes.isEmpty else { throw OAuthError.invalidScope("scope is empty") }
        return scopes
    }
}
