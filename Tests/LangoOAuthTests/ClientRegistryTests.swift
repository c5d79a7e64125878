import LangoCrypto
import LangoIdentity
import LangoJOSE
import LangoJSON
import LangoOAuth
import LangoOAuthTesting
import Testing

@Suite struct ClientRegistryTests {
    static func client(
        _ method: ClientAuthenticationMethod = .clientSecret, keySet: JSONValue? = nil, redirects: [String] = [],
        scopes: [String] = ["accounts"], grants: [GrantType] = [.clientCredentials]
    ) -> OAuthClient {
        OAuthClient(clientID: "app_fintech", authenticationMethod: method, keySet: keySet, redirectURIs: redirects, scopes: scopes, grantTypes: grants)
    }

    @Test func registersAndReplacesAClient() async throws {
        let server = try await AuthorizationServerFixture()
        try await server.app("app_fintech")
        try await server.registry.register(Self.client())
        let code = Self.client(redirects: ["https://fintech.example/cb"], scopes: ["openid", "accounts"], grants: [.authorizationCode, .refreshToken])
        try await server.registry.register(code)
        #expect(await server.clients.client(id: "app_fintech") == code)
    }

    @Test func refusesBadRegistrations() async throws {
        let server = try await AuthorizationServerFixture()
        try await server.app("app_fintech")
        let keySet = try JSONWebKeySet([JSONWebKey(keyID: "k", publicKey: SigningKey.generate(.es256).publicKey)]).jsonValue
        let cases: [(OAuthClient, String)] = [
            (Self.client(grants: []), "a client needs at least one grant type"),
            (Self.client(grants: [.clientCredentials, .refreshToken]), "refresh_token needs authorization_code: refresh tokens come from the code flow"),
            (Self.client(scopes: []), "a client needs at least one scope"),
            (Self.client(scopes: ["accounts", "acounts"]), #"unknown scope "acounts""#),
            (Self.client(.privateKeyJWT), "private_key_jwt needs the client's JWK set"),
            (Self.client(.privateKeyJWT, keySet: ["keys": []]), "the client's JWK set has no keys"),
            (Self.client(.privateKeyJWT, keySet: ["keys": [["kty": "oct", "kid": "k"]]]), #"the client's JWK set: unusable key: key "k": key type "oct" is not accepted (EC or RSA)"#),
            (Self.client(keySet: keySet), "a JWK set is only for private_key_jwt clients"),
            (Self.client(grants: [.authorizationCode]), "authorization_code needs at least one redirect URI"),
            (Self.client(redirects: ["/cb"], grants: [.authorizationCode]), #"redirect URI "/cb" is not an absolute URL"#),
            (Self.client(redirects: ["https://fintech.example/cb#x"], grants: [.authorizationCode]), #"redirect URI "https://fintech.example/cb#x" must not have a fragment"#),
            (Self.client(redirects: ["http://fintech.example/cb"], grants: [.authorizationCode]), #"redirect URI "http://fintech.example/cb" must use https (http only on loopback, for sandbox apps)"#),
            (Self.client(redirects: ["http://127.0.0.1:9000/cb"], grants: [.authorizationCode]), #"redirect URI "http://127.0.0.1:9000/cb" must use https (http only on loopback, for sandbox apps)"#),
            (Self.client(redirects: ["myapp://cb"], grants: [.authorizationCode]), #"redirect URI "myapp://cb" must use https"#),
        ]
        for (client, message) in cases {
            await #expect(throws: IdentityError.invalid(message)) { try await server.registry.register(client) }
        }
        #expect(await server.clients.client(id: "app_fintech") == nil)
        let unknown = OAuthClient(clientID: "app_nobody", authenticationMethod: .clientSecret, scopes: ["accounts"], grantTypes: [.clientCredentials])
        await #expect(throws: IdentityError.unknownApp("app_nobody")) { try await server.registry.register(unknown) }
    }

    @Test func sandboxAppsMayRedirectToLoopbackOverHTTP() async throws {
        let server = try await AuthorizationServerFixture()
        try await server.app("app_fintech", environment: .sandbox)
        try await server.registry.register(Self.client(redirects: ["http://127.0.0.1:9000/cb", "http://localhost/cb"], grants: [.authorizationCode]))
    }

    @Test func leavingClientSecretEndsTheSecrets() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech")
        let keySet = try JSONWebKeySet([JSONWebKey(keyID: "k", publicKey: SigningKey.generate(.es256).publicKey)]).jsonValue
        try await server.registry.register(Self.client(.privateKeyJWT, keySet: keySet))
        try await server.registry.register(Self.client())
        await #expect(throws: OAuthError.invalidClient("client authentication failed")) {
            try await server.token([("grant_type", "client_credentials")], authorization: AuthorizationServerFixture.basic("app_fintech", secret))
        }
    }

    @Test func secretsAreShownOnceAndStoredHashed() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech")
        #expect(secret.hasPrefix("lango_cs_"))
        let stored = await server.clients.secrets(clientID: "app_fintech")
        #expect(stored.count == 1)
        #expect(stored[0].hash == server.hasher.hash(secret))
        #expect(!stored[0].hash.contains(secret))
        await #expect(throws: IdentityError.invalid("app app_nobody is not registered as an OAuth client")) {
            try await server.registry.rotateSecret(clientID: "app_nobody", overlap: .zero)
        }
        try await server.keyClient("app_signed")
        await #expect(throws: IdentityError.invalid("app app_signed authenticates with private_key_jwt, not a secret")) {
            try await server.registry.rotateSecret(clientID: "app_signed", overlap: .zero)
        }
    }
}

@Suite struct InMemoryOAuthClientStoreTests {
    @Test func meetsTheContract() async throws {
        try await OAuthClientStoreContract.verify { InMemoryOAuthClientStore() }
    }
}
