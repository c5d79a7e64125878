import Foundation
import LangoCrypto
import LangoIdentity
import LangoJOSE
import LangoJSON
import LangoOAuth
import Testing

/// A small authorization server on in-memory stores.
struct AuthorizationServerFixture {
    static let issuer = "https://lango.example"
    let clock = TestClock()
    let identity = InMemoryIdentityStore()
    let clients = InMemoryOAuthClientStore()
    let hasher = try! KeyHasher(pepper: Array(repeating: 1, count: 32))
    let keys: SigningKeyManager
    let registry: ClientRegistry
    let endpoint: TokenEndpoint
    let grants = InMemoryAuthorizationGrantStore()
    let revokedTokens = InMemoryRevokedTokenStore()
    let revocations: RevocationList
    let customers = InMemoryCustomerStore()
    let authorization: AuthorizationEndpoint
    let verifier: AccessTokenVerifier
    /// A key a private_key_jwt client signs its assertions with.
    let clientKey: SigningKey

    init() async throws {
        keys = SigningKeyManager(
            store: InMemorySigningKeyStore(), vault: SigningKeyVault(installationSecret: Array(repeating: 2, count: 32)),
            clock: clock.function)
        try await keys.bootstrap()
        registry = ClientRegistry(
            clients: clients, identity: identity, hasher: hasher, knownScopes: ["openid", "profile", "accounts", "payments"], clock: clock.function)
        let authenticator = ClientAuthenticator(
            clients: clients, identity: identity, hasher: hasher, replays: InMemoryAssertionReplayCache(clock: clock.function),
            issuer: { Self.issuer })
        revocations = RevocationList(store: revokedTokens, clock: clock.function)
        endpoint = TokenEndpoint(
            authenticator: authenticator, keys: keys,
            grants: .init(store: grants, revoker: TokenRevoker(store: revokedTokens, list: revocations), refreshTokenLifetime: .seconds(86_400)),
            issuer: { Self.issuer }, accessTokenLifetime: .seconds(300), clock: clock.function)
        authorization = AuthorizationEndpoint(
            clients: clients, identity: identity, authenticator: authenticator, grants: grants,
            customers: CustomerPasswordCheck(store: customers, hasher: Self.quickHasher), codes: DisplayedOneTimeCodes(),
            issuer: { Self.issuer }, requiresPushedRequests: false, clock: clock.function)
        verifier = AccessTokenVerifier(
            keys: keys, identity: identity, revocations: revocations, issuer: { Self.issuer }, clock: clock.function)
        clientKey = try SigningKey.generate(.es256)
    }

    /// Password hashing cheap enough for tests.
    static let quickHasher = PasswordHasher(cost: .init(logN: 10, r: 8, p: 1))

    func app(_ id: String, environment: AppEnvironment = .production, status: AppStatus = .active) async throws {
        try await identity.insertApp(App(id: id, name: id, environment: environment, status: status, createdAt: clock.date))
    }

    /// A client-secret client with `scopes`; returns its secret.
    func secretClient(_ id: String, scopes: [String] = ["accounts", "payments"]) async throws -> String {
        try await app(id)
        try await registry.register(OAuthClient(clientID: id, authenticationMethod: .clientSecret, scopes: scopes, grantTypes: [.clientCredentials]))
        return try await registry.rotateSecret(clientID: id, overlap: .zero).secret
    }

    func keyClient(_ id: String) async throws {
        try await app(id)
        let keySet = JSONWebKeySet([JSONWebKey(keyID: "ck1", publicKey: clientKey.publicKey)])
        try await registry.register(
            OAuthClient(
                clientID: id, authenticationMethod: .privateKeyJWT, keySet: try keySet.jsonValue, scopes: ["accounts"],
                grantTypes: [.clientCredentials]))
    }

    func assertion(_ clientID: String, edit: (inout [String: JSONValue]) -> Void = { _ in }) throws -> String {
        let now = Int64(clock.date.timeIntervalSince1970)
        var claims: [String: JSONValue] = [
            "iss": .string(clientID), "sub": .string(clientID), "aud": .string(Self.issuer), "iat": .integer(now),
            "exp": .integer(now + 60), "jti": .string(SecureRandom.token(byteCount: 8)),
        ]
        edit(&claims)
        let payload = JSONValue.object(JSONObject(claims.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        return try CompactJWS.sign(payload: Array(payload.encodedString(.compact).utf8), key: clientKey, keyID: "ck1")
    }

    static func basic(_ id: String, _ secret: String) -> String {
        "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    func token(_ form: [(String, String)], authorization: String? = nil) async throws -> JSONObject {
        try await endpoint.respond(to: form.map { (name: $0.0, value: $0.1) }, authorization: authorization)
    }
}

@Suite struct TokenEndpointTests {
    @Test func issuesAnAccessTokenForASecretInBasicOrForm() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech")
        let viaBasic = try await server.token(
            [("grant_type", "client_credentials"), ("scope", "accounts")], authorization: AuthorizationServerFixture.basic("app_fintech", secret))
        #expect(viaBasic["token_type"] == "Bearer")
        #expect(viaBasic["expires_in"] == 300)
        #expect(viaBasic["scope"] == "accounts")

        let token = try #require(viaBasic["access_token"]?.stringValue)
        let verifier = JWTVerifier(type: "at+jwt", issuer: AuthorizationServerFixture.issuer, audiences: [AuthorizationServerFixture.issuer])
        let claims = try verifier.verify(token, keys: try await server.keys.ring().keySet, now: server.clock.date)
        #expect(claims.subject == "app_fintech")
        #expect(claims["client_id"] == "app_fintech")
        #expect(claims["scope"] == "accounts")
        #expect(claims.tokenID?.isEmpty == false)

        let viaForm = try await server.token([
            ("grant_type", "client_credentials"), ("client_id", "app_fintech"), ("client_secret", secret),
        ])
        #expect(viaForm["scope"] == "accounts payments")
    }

    @Test func refusesBadClientAuthentication() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech")
        try await server.app("app_plain")
        let grant = ("grant_type", "client_credentials")
        let cases: [([(String, String)], String?, OAuthError)] = [
            ([grant], nil, .invalidClient("client authentication is required")),
            ([grant], AuthorizationServerFixture.basic("app_fintech", secret + "x"), .invalidClient("client authentication failed")),
            ([grant], AuthorizationServerFixture.basic("app_nobody", secret), .invalidClient("client authentication failed")),
            ([grant], AuthorizationServerFixture.basic("app_plain", secret), .invalidClient("client authentication failed")),
            ([grant], "Bearer abc", .invalidClient("the Authorization header must be HTTP Basic with the client id and secret")),
            ([grant], "Basic !!!", .invalidClient("the Authorization header must be HTTP Basic with the client id and secret")),
            (
                [grant, ("client_id", "app_fintech"), ("client_secret", secret)], AuthorizationServerFixture.basic("app_fintech", secret),
                .invalidRequest("use exactly one client authentication method")
            ),
            ([grant, ("client_secret", secret)], nil, .invalidRequest("client_secret needs client_id")),
            (
                [grant, ("client_id", "app_other")], AuthorizationServerFixture.basic("app_fintech", secret),
                .invalidRequest("client_id does not match the authenticated client")
            ),
        ]
        for (form, authorization, error) in cases {
            await #expect(throws: error) { try await server.token(form, authorization: authorization) }
        }
    }

    @Test func refusesBadGrantsAndScopes() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech", scopes: ["openid", "accounts"])
        let auth = AuthorizationServerFixture.basic("app_fintech", secret)
        let cases: [([(String, String)], OAuthError)] = [
            ([], .invalidRequest("grant_type is missing")),
            ([("grant_type", "client_credentials"), ("grant_type", "client_credentials")], .invalidRequest("parameter grant_type is repeated")),
            ([("grant_type", "password")], .unsupportedGrantType("grant_type password is not supported")),
            ([("grant_type", "authorization_code")], .unauthorizedClient("the client may not use authorization_code")),
            ([("grant_type", "client_credentials"), ("scope", "payments")], .invalidScope("scope payments is not allowed for this client and grant")),
            ([("grant_type", "client_credentials"), ("scope", "openid")], .invalidScope("scope openid is not allowed for this client and grant")),
            ([("grant_type", "client_credentials"), ("scope", " ")], .invalidScope("scope is empty")),
        ]
        for (form, error) in cases {
            await #expect(throws: error) { try await server.token(form, authorization: auth) }
        }
        #expect(try await server.token([("grant_type", "client_credentials"), ("scope", "accounts accounts")], authorization: auth)["scope"] == "accounts")
    }

    @Test func secretRotationKeepsTheOldSecretForTheOverlapOnly() async throws {
        let server = try await AuthorizationServerFixture()
        let old = try await server.secretClient("app_fintech")
        let new = try await server.registry.rotateSecret(clientID: "app_fintech", overlap: .seconds(3600)).secret
        let grant = [("grant_type", "client_credentials")]
        _ = try await server.token(grant, authorization: AuthorizationServerFixture.basic("app_fintech", old))
        _ = try await server.token(grant, authorization: AuthorizationServerFixture.basic("app_fintech", new))
        server.clock.advance(3600)
        await #expect(throws: OAuthError.invalidClient("client authentication failed")) {
            try await server.token(grant, authorization: AuthorizationServerFixture.basic("app_fintech", old))
        }
        _ = try await server.token(grant, authorization: AuthorizationServerFixture.basic("app_fintech", new))
        // A second rotation never extends the first one's overlap.
        let newest = try await server.registry.rotateSecret(clientID: "app_fintech", overlap: .zero).secret
        await #expect(throws: OAuthError.invalidClient("client authentication failed")) {
            try await server.token(grant, authorization: AuthorizationServerFixture.basic("app_fintech", new))
        }
        _ = try await server.token(grant, authorization: AuthorizationServerFixture.basic("app_fintech", newest))
    }

    @Test func suspendedAppsCannotGetTokens() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech")
        var app = try #require(await server.identity.app(id: "app_fintech"))
        app.status = .suspended
        try await server.identity.updateApp(app)
        await #expect(throws: OAuthError.invalidClient("the client is suspended")) {
            try await server.token([("grant_type", "client_credentials")], authorization: AuthorizationServerFixture.basic("app_fintech", secret))
        }
    }

    @Test func acceptsAPrivateKeyJWTAssertionOnce() async throws {
        let server = try await AuthorizationServerFixture()
        try await server.keyClient("app_signed")
        let assertion = try server.assertion("app_signed")
        let form = [
            ("grant_type", "client_credentials"), ("client_assertion_type", ClientAuthenticator.assertionType), ("client_assertion", assertion),
        ]
        #expect(try await server.token(form)["scope"] == "accounts")
        await #expect(throws: OAuthError.invalidClient("client_assertion refused: this jti was already used")) { try await server.token(form) }
    }

    @Test func refusesBadAssertions() async throws {
        let server = try await AuthorizationServerFixture()
        try await server.keyClient("app_signed")
        let secret = try await server.secretClient("app_secretive")
        let type = ("client_assertion_type", ClientAuthenticator.assertionType)
        func form(_ assertion: String, _ extra: [(String, String)] = []) -> [(String, String)] {
            [("grant_type", "client_credentials"), type, ("client_assertion", assertion)] + extra
        }
        let now = Int64(server.clock.date.timeIntervalSince1970)
        let stranger = try SigningKey.generate(.es256)
        let forged = try CompactJWS.sign(payload: Array(#"{"iss":"app_signed","sub":"app_signed"}"#.utf8), key: stranger, keyID: "ck1")
        let cases: [([(String, String)], OAuthError)] = [
            (form("not-a-jwt"), .invalidClient("client_assertion is not a well-formed JWT naming its issuer")),
            (form(try server.assertion("app_signed") { $0["aud"] = "https://lango.example/oauth2/token" }), .invalidClient("client_assertion refused: the token is not meant for this audience (aud)")),
            (form(try server.assertion("app_signed") { $0["sub"] = "app_other" }), .invalidClient("client_assertion refused: sub must be the client id")),
            (
                form(try server.assertion("app_signed") { $0["aud"] = [.string(AuthorizationServerFixture.issuer), "https://evil.example"] }),
                .invalidClient(#"client_assertion refused: "aud" must be the issuer identifier alone, as a string"#)
            ),
            (form(try server.assertion("app_signed") { $0["jti"] = nil }), .invalidClient("client_assertion refused: jti is required")),
            (form(try server.assertion("app_signed") { $0["exp"] = .integer(now + 600) }), .invalidClient("client_assertion refused: the token lives longer than 300 seconds")),
            (form(try server.assertion("app_signed") { $0["exp"] = .integer(now - 60) }), .invalidClient("client_assertion refused: the token has expired")),
            (form(forged), .invalidClient("client authentication failed")),
            (form(try server.assertion("app_signed"), [("client_id", "app_other")]), .invalidRequest("client_id does not match the client assertion")),
            (form(try server.assertion("app_secretive")), .invalidClient("client authentication failed")),
            (
                [("grant_type", "client_credentials"), ("client_assertion_type", "jwt"), ("client_assertion", try server.assertion("app_signed"))],
                .invalidRequest("client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            ),
        ]
        for (request, error) in cases {
            await #expect(throws: error) { try await server.token(request) }
        }
        await #expect(throws: OAuthError.invalidClient("client authentication failed")) {
            try await server.token([("grant_type", "client_credentials")], authorization: AuthorizationServerFixture.basic("app_signed", secret))
        }
    }
}
