import Foundation
import LangoCrypto
import LangoJSON

/// The token endpoint's logic (RFC 6749 §3.2): reads the form, authenticates the client, and
/// issues tokens for the grant: `client_credentials`, `authorization_code` (with PKCE) and
/// `refresh_token`.
///
/// Access tokens are JWTs in the RFC 9068 profile (`typ` `at+jwt`; `iss`, `sub`, `aud`, `exp`,
/// `iat`, `jti`, `client_id`, `scope`, and Lango's `lango_grant`), signed with the current key
/// of ``SigningKeyManager``. Tokens for a customer have the customer as `sub`, add `auth_time`,
/// and name `authorization_code` as their grant, refreshed or not. With `openid`, an ID token
/// comes too. Refresh tokens are opaque, stored hashed, rotated on each use within a family
/// that ends when the first one would; presenting a used one revokes the family, and a code
/// redeemed twice revokes what it issued.
public struct TokenEndpoint: Sendable {
    /// What the code flow's grants need besides the client credentials grant's.
    public struct CustomerGrants: Sendable {
        public var store: any AuthorizationGrantStore
        /// Revokes what a replayed code or a reused refresh token issued.
        public var revoker: TokenRevoker
        /// How long a refresh token family lasts from the customer's authorization.
        public var refreshTokenLifetime: Duration
        /// The intents (consents) tokens may be bound to; tokens for one are issued and
        /// refreshed only while it stays authorised.
        public var intents: (any AuthorizationIntents)?

        public init(
            store: any AuthorizationGrantStore, revoker: TokenRevoker, refreshTokenLifetime: Duration,
            intents: (any AuthorizationIntents)? = nil
        ) {
            self.store = store
            self.revoker = revoker
            self.refreshTokenLifetime = refreshTokenLifetime
            self.intents = intents
        }
    }

    private let authenticator: ClientAuthenticator
    private let keys: SigningKeyManager
    private let grants: CustomerGrants
    private let issuer: @Sendable () -> String
    public let accessTokenLifetime: Duration
    private let clock: @Sendable () -> Date

    /// `issuer` gives the issuer identifier, the gateway's public URL; it is also the access
    /// tokens' audience, since the gateway is the resource server they are for.
    public init(
        authenticator: ClientAuthenticator, keys: SigningKeyManager, grants: CustomerGrants, issuer: @escaping @Sendable () -> String,
        accessTokenLifetime: Duration, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.authenticator = authenticator
        self.keys = keys
        self.grants = grants
        self.issuer = issuer
        self.accessTokenLifetime = accessTokenLifetime
        self.clock = clock
    }

    /// The successful response body, or the `OAuthError` to answer with. With `certificate`, the
    /// SHA-256 thumbprint (base64url) of the client certificate the request came with over
    /// mutual TLS, the access tokens issued are bound to it (RFC 8705 `cnf`).
    public func respond(
        to form: [(name: String, value: String)], authorization: String?, certificate: String? = nil
    ) async throws -> JSONObject {
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
            return try await clientCredentials(authenticated, scope: parameters["scope"], certificate: certificate, now: now)
        case .authorizationCode:
            return try await authorizationCode(authenticated.client, parameters, certificate: certificate, now: now)
        case .refreshToken:
            return try await refresh(authenticated.client, parameters, certificate: certificate, now: now)
        }
    }

    private func authorizationCode(
        _ client: OAuthClient, _ parameters: [String: String], certificate: String?, now: Date
    ) async throws -> JSONObject {
        guard let code = parameters["code"], !code.isEmpty else { throw OAuthError.invalidRequest("code is missing") }
        guard let redirectURI = parameters["redirect_uri"] else { throw OAuthError.invalidRequest("redirect_uri is missing") }
        guard let verifier = parameters["code_verifier"] else { throw OAuthError.invalidRequest("code_verifier is missing: PKCE is required") }
        // What the code will issue is named before it is spent, so a replay racing this
        // request still finds what to revoke.
        let accessToken = RevokedToken(
            tokenID: SecureRandom.token(byteCount: 16), clientID: client.clientID, expiresAt: now.addingTimeInterval(accessTokenLifetime.timeInterval))
        let refreshExpiry = now.addingTimeInterval(grants.refreshTokenLifetime.timeInterval)
        let familyID = client.grantTypes.contains(.refreshToken) ? SecureRandom.token(byteCount: 16) : nil
        let issuing = IssuedTokens(accessToken: accessToken, refreshFamilyID: familyID, expiresAt: familyID == nil ? accessToken.expiresAt : refreshExpiry)
        let record: AuthorizationCodeRecord
        switch try await grants.store.redeemCode(hash: Self.hash(code), issuing: issuing, now: now) {
        case .unknown:
            throw OAuthError.invalidGrant("the code is unknown or expired")
        case .replayed(let replayed):
            try await revoke(replayed.issued, now: now)
            throw OAuthError.invalidGrant("the code was already used; the tokens it issued are revoked")
        case .redeemed(let redeemed):
            record = redeemed
        }
        guard record.request.clientID == client.clientID else { throw OAuthError.invalidGrant("the code was issued to another client") }
        guard record.request.redirectURI == redirectURI else {
            throw OAuthError.invalidGrant("redirect_uri is not the one of the authorization request")
        }
        guard ProofKey.verifier(verifier, matches: record.request.codeChallenge) else {
            throw OAuthError.invalidGrant("code_verifier does not match the code_challenge")
        }
        try await requireActiveIntent(record.request.intentID, clientID: client.clientID, customerID: record.customerID)
        let authorization = CustomerAuthorization(
            client: client, customerID: record.customerID, scopes: record.request.scopes, authenticatedAt: record.authenticatedAt,
            intentID: record.request.intentID)
        var refreshToken: String?
        if let familyID {
            let token = Self.refreshTokenValue()
            try await grants.store.saveRefreshToken(
                RefreshTokenRecord(
                    hash: Self.hash(token), familyID: familyID, clientID: client.clientID, customerID: record.customerID,
                    scopes: record.request.scopes, authenticatedAt: record.authenticatedAt, expiresAt: refreshExpiry, accessToken: accessToken,
                    intentID: record.request.intentID))
            refreshToken = token
        }
        return try await customerTokens(
            authorization, accessToken: accessToken, refreshToken: refreshToken, nonce: record.request.nonce, certificate: certificate, now: now)
    }

    private func refresh(_ client: OAuthClient, _ parameters: [String: String], certificate: String?, now: Date) async throws -> JSONObject {
        guard let token = parameters["refresh_token"], !token.isEmpty else { throw OAuthError.invalidRequest("refresh_token is missing") }
        guard let record = try await grants.store.refreshToken(hash: Self.hash(token)), record.clientID == client.clientID else {
            throw OAuthError.invalidGrant("the refresh token is unknown or was issued to another client")
        }
        switch record.state {
        case .revoked:
            throw OAuthError.invalidGrant("the refresh token has been revoked")
        case .used:
            try await revokeFamily(record.familyID, now: now)
            throw OAuthError.invalidGrant("the refresh token was already used; every token of its grant is revoked")
        case .live:
            break
        }
        guard now < record.expiresAt else { throw OAuthError.invalidGrant("the refresh token has expired; the customer must authorize again") }
        try await requireActiveIntent(record.intentID, clientID: client.clientID, customerID: record.customerID)
        // A narrower scope may be asked for the access token; the grant itself keeps its scope.
        let scopes = try parameters["scope"].map { try Self.requestedScopes($0, allowed: record.scopes) } ?? record.scopes
        let accessToken = RevokedToken(
            tokenID: SecureRandom.token(byteCount: 16), clientID: client.clientID,
            expiresAt: min(record.expiresAt, now.addingTimeInterval(accessTokenLifetime.timeInterval)))
        let successor = Self.refreshTokenValue()
        let rotated = try await grants.store.rotateRefreshToken(
            hash: record.hash,
            to: RefreshTokenRecord(
                hash: Self.hash(successor), familyID: record.familyID, clientID: client.clientID, customerID: record.customerID,
                scopes: record.scopes, authenticatedAt: record.authenticatedAt, expiresAt: record.expiresAt, accessToken: accessToken,
                intentID: record.intentID))
        guard rotated else {
            // Another request exchanged the same token first: one of the two is not the client.
            try await revokeFamily(record.familyID, now: now)
            throw OAuthError.invalidGrant("the refresh token was already used; every token of its grant is revoked")
        }
        let authorization = CustomerAuthorization(
            client: client, customerID: record.customerID, scopes: scopes, authenticatedAt: record.authenticatedAt,
            intentID: record.intentID)
        return try await customerTokens(
            authorization, accessToken: accessToken, refreshToken: successor, nonce: nil, certificate: certificate, now: now)
    }

    private func revoke(_ issued: IssuedTokens?, now: Date) async throws {
        guard let issued else { return }
        if issued.accessToken.expiresAt > now { try await grants.revoker.revoke([issued.accessToken]) }
        if let familyID = issued.refreshFamilyID { try await revokeFamily(familyID, now: now) }
    }

    private func revokeFamily(_ familyID: String, now: Date) async throws {
        try await grants.revoker.revoke(try await grants.store.revokeRefreshFamily(familyID, now: now))
    }

    /// A customer's authorization of a client, as the tokens issued for it state.
    private struct CustomerAuthorization {
        let client: OAuthClient
        let customerID: String
        let scopes: [String]
        let authenticatedAt: Date
        let intentID: String?
    }

    /// Refuses the grant when the intent it is bound to is no longer authorised (revoked, deleted, expired).
    private func requireActiveIntent(_ intentID: String?, clientID: String, customerID: String) async throws {
        guard let intentID else { return }
        guard let intents = grants.intents, try await intents.isActive(id: intentID, clientID: clientID, customerID: customerID) else {
            throw OAuthError.invalidGrant("consent \(intentID) is no longer authorised; the customer must authorise a new one")
        }
    }

    private func customerTokens(
        _ authorization: CustomerAuthorization, accessToken: RevokedToken, refreshToken: String?, nonce: String?, certificate: String?,
        now: Date
    ) async throws -> JSONObject {
        let issuer = issuer()
        let issuedAt = Int64(now.timeIntervalSince1970)
        let authTime = Int64(authorization.authenticatedAt.timeIntervalSince1970)
        var response = try await accessTokenResponse(
            subject: authorization.customerID, clientID: authorization.client.clientID, scopes: authorization.scopes,
            grant: .authorizationCode, tokenID: accessToken.tokenID, expiry: accessToken.expiresAt, now: now,
            authTime: authTime, intentID: authorization.intentID, certificate: certificate)
        if let refreshToken { response["refresh_token"] = .string(refreshToken) }
        if authorization.scopes.contains("openid") {
            var identity: JSONObject = [
                "iss": .string(issuer), "sub": .string(authorization.customerID), "aud": .string(authorization.client.clientID),
                "iat": .integer(issuedAt), "exp": .integer(issuedAt + accessTokenLifetimeSeconds), "auth_time": .integer(authTime),
            ]
            if let nonce { identity["nonce"] = .string(nonce) }
            if let intentID = authorization.intentID { identity[AuthorizationRequest.intentClaim] = .string(intentID) }
            response["id_token"] = .string(try await keys.sign(identity, type: "JWT"))
        }
        return response
    }

    /// Hex SHA-256: how codes and refresh tokens are stored.
    static func hash(_ value: String) -> String { Hex.encode(SHA256.hash(value)) }

    private static func refreshTokenValue() -> String { SecureRandom.token(byteCount: 32) }

    private func clientCredentials(
        _ authenticated: AuthenticatedClient, scope: String?, certificate: String?, now: Date
    ) async throws -> JSONObject {
        let allowed = authenticated.client.scopes.filter { $0 != "openid" }
        let scopes = try scope.map { try Self.requestedScopes($0, allowed: allowed) } ?? allowed
        guard !scopes.isEmpty else { throw OAuthError.invalidScope("the client has no scopes it may use without a customer") }
        return try await accessTokenResponse(
            subject: authenticated.client.clientID, clientID: authenticated.client.clientID, scopes: scopes, grant: .clientCredentials,
            tokenID: SecureRandom.token(byteCount: 16), expiry: now.addingTimeInterval(accessTokenLifetime.timeInterval), now: now,
            certificate: certificate)
    }

    /// A signed RFC 9068 access token and the token response around it; `authTime` (when the
    /// customer authenticated) for tokens acting for a customer; bound to `certificate` (its
    /// thumbprint) when given.
    private func accessTokenResponse(
        subject: String, clientID: String, scopes: [String], grant: GrantType, tokenID: String, expiry: Date, now: Date,
        authTime: Int64? = nil, intentID: String? = nil, certificate: String?
    ) async throws -> JSONObject {
        let issuer = issuer()
        let issuedAt = Int64(now.timeIntervalSince1970)
        let expiresAt = Int64(expiry.timeIntervalSince1970)
        let scope = JSONValue.string(scopes.joined(separator: " "))
        var claims: JSONObject = [
            "iss": .string(issuer), "sub": .string(subject), "aud": .string(issuer), "client_id": .string(clientID), "scope": scope,
            "iat": .integer(issuedAt), "exp": .integer(expiresAt), "jti": .string(tokenID),
            AccessTokenVerifier.grantClaim: .string(grant.rawValue),
        ]
        if let authTime { claims["auth_time"] = .integer(authTime) }
        if let intentID { claims[AuthorizationRequest.intentClaim] = .string(intentID) }
        if let certificate { claims[AccessTokenVerifier.confirmationClaim] = [AccessTokenVerifier.certificateThumbprintMember: .string(certificate)] }
        return [
            "access_token": .string(try await keys.sign(claims, type: "at+jwt")), "token_type": "Bearer",
            "expires_in": .integer(expiresAt - issuedAt), "scope": scope,
        ]
    }

    /// The parameters of a form (or query) by name; a repeated one is refused (RFC 6749 §3.1, §3.2).
    public static func parameters(_ form: [(name: String, value: String)]) throws -> [String: String] {
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
    static func requestedScopes(_ parameter: String, allowed: [String]) throws(OAuthError) -> [String] {
        var scopes: [String] = []
        for scope in parameter.split(separator: " ", omittingEmptySubsequences: true).map(String.init) where !scopes.contains(scope) {
            guard allowed.contains(scope) else { throw OAuthError.invalidScope("scope \(scope) is not allowed for this client and grant") }
            scopes.append(scope)
        }
        guard !scopes.isEmpty else { throw OAuthError.invalidScope("scope is empty") }
        return scopes
    }
}
