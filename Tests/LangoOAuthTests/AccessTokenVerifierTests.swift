import Foundation
import LangoCrypto
import LangoIdentity
import LangoJOSE
import LangoJSON
import LangoOAuth
import Testing

@Suite struct AccessTokenVerifierTests {
    static func verifier(_ server: AuthorizationServerFixture, issuer: String = AuthorizationServerFixture.issuer) -> AccessTokenVerifier {
        AccessTokenVerifier(keys: server.keys, identity: server.identity, issuer: { issuer }, appCacheTTL: .seconds(1), clock: server.clock.function)
    }

    static func token(_ server: AuthorizationServerFixture) async throws -> String {
        let secret = try await server.secretClient("app_fintech")
        let answer = try await server.token([("grant_type", "client_credentials")], authorization: AuthorizationServerFixture.basic("app_fintech", secret))
        return try #require(answer["access_token"]?.stringValue)
    }

    @Test func acceptsItsOwnTokensUntilTheyExpire() async throws {
        let server = try await AuthorizationServerFixture()
        let token = try await Self.token(server)
        let verifier = Self.verifier(server)
        guard case .valid(let accessToken, let app) = await verifier.verify(token) else { Issue.record("not valid"); return }
        #expect(accessToken.clientID == "app_fintech")
        #expect(accessToken.grant == .clientCredentials)
        #expect(accessToken.scopes == ["accounts", "payments"])
        #expect(accessToken.customer == nil)
        #expect(app?.id == "app_fintech")
        server.clock.advance(299)
        guard case .valid = await verifier.verify(token) else { Issue.record("not valid from the cache"); return }
        server.clock.advance(1)
        guard case .expired = await verifier.verify(token) else { Issue.record("not expired"); return }
        // A fresh verifier, without the cache, reaches the same answer.
        guard case .expired = await Self.verifier(server).verify(token) else { Issue.record("not expired uncached"); return }
    }

    /// RFC 8705: a token issued over mutual TLS carries the certificate's thumbprint, and is
    /// accepted where it is used only from a connection presenting that certificate.
    @Test func aTokenBoundToACertificateServesOnlyThatCertificate() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech")
        let answer = try await server.endpoint.respond(
            to: [(name: "grant_type", value: "client_credentials")], authorization: AuthorizationServerFixture.basic("app_fintech", secret),
            certificate: "thumbprint-A")
        let token = try #require(answer["access_token"]?.stringValue)
        let verifier = Self.verifier(server)
        guard case .valid(let accessToken, _) = await verifier.verify(token) else { Issue.record("not valid"); return }
        #expect(accessToken.certificateThumbprint == "thumbprint-A")
        guard case .valid = await verifier.verify(token, presentedCertificate: { "thumbprint-A" }) else {
            Issue.record("refused with its own certificate")
            return
        }
        guard case .invalid(let other) = await verifier.verify(token, presentedCertificate: { "thumbprint-B" }) else {
            Issue.record("served another certificate")
            return
        }
        #expect(other == "the token is bound to another client certificate")
        guard case .invalid(let none) = await verifier.verify(token, presentedCertificate: { nil }) else {
            Issue.record("served a connection without a certificate")
            return
        }
        #expect(none == "the token is bound to a client certificate, and the connection presented none")

        // An unbound token is served whatever the connection presents, and its certificate is not asked for.
        let unbound = try #require(
            try await server.token([("grant_type", "client_credentials")], authorization: AuthorizationServerFixture.basic("app_fintech", secret))[
                "access_token"]?.stringValue)
        guard case .valid(let plain, _) = await verifier.verify(unbound, presentedCertificate: { Issue.record("asked"); return nil }) else {
            Issue.record("an unbound token was refused")
            return
        }
        #expect(plain.certificateThumbprint == nil)
    }

    @Test func refusesTokensForAnotherIssuerOrAltered() async throws {
        let server = try await AuthorizationServerFixture()
        let token = try await Self.token(server)
        guard case .invalid(let reason) = await Self.verifier(server, issuer: "https://other.example").verify(token) else {
            Issue.record("accepted for another issuer")
            return
        }
        #expect(reason == #"the issuer (iss) is not "https://other.example""#)
        guard case .invalid = await Self.verifier(server).verify(token + "x") else { Issue.record("accepted altered"); return }
        // A token signed by a key that is not Lango's, with the right claims.
        let stranger = try SigningKey.generate(.es256)
        let now = Int64(server.clock.date.timeIntervalSince1970)
        let claims: JSONValue = [
            "iss": .string(AuthorizationServerFixture.issuer), "aud": .string(AuthorizationServerFixture.issuer), "sub": "app_fintech",
            "client_id": "app_fintech", "scope": "accounts", "exp": .integer(now + 60), "lango_grant": "client_credentials",
        ]
        let forged = try CompactJWS.sign(
            payload: Array(claims.encodedString(.compact).utf8), header: ["typ": "at+jwt"], key: stranger,
            keyID: try #require(await server.keys.ring().signing?.record.keyID))
        guard case .invalid(let forgedReason) = await Self.verifier(server).verify(forged) else { Issue.record("accepted forged"); return }
        #expect(forgedReason == "the signature does not verify")
    }

    @Test func seesAnAppSuspensionWithinTheCacheTime() async throws {
        let server = try await AuthorizationServerFixture()
        let token = try await Self.token(server)
        let verifier = Self.verifier(server)
        guard case .valid(_, let before) = await verifier.verify(token) else { Issue.record("not valid"); return }
        #expect(before?.status == .active)
        var app = try #require(await server.identity.app(id: "app_fintech"))
        app.status = .suspended
        try await server.identity.updateApp(app)
        server.clock.advance(1)
        guard case .valid(_, let after) = await verifier.verify(token) else { Issue.record("not valid"); return }
        #expect(after?.status == .suspended)
    }

    @Test func aKeyAnotherNodeJustCreatedIsFetchedRatherThanRefused() async throws {
        let clock = TestClock()
        let store = InMemorySigningKeyStore()
        let vault = SigningKeyVault(installationSecret: Array(repeating: 2, count: 32))
        var slow = SigningKeyManager.Settings()
        slow.refreshInterval = .seconds(600)
        slow.activationDelay = .seconds(900)
        let thisNode = SigningKeyManager(store: store, vault: vault, settings: slow, clock: clock.function)
        let otherNode = SigningKeyManager(store: store, vault: vault, settings: slow, clock: clock.function)
        #expect(try await thisNode.ring().published.isEmpty)  // loaded before the other node made a key
        try await otherNode.bootstrap()
        let now = Int64(clock.date.timeIntervalSince1970)
        let token = try await otherNode.sign(
            [
                "iss": .string(AuthorizationServerFixture.issuer), "aud": .string(AuthorizationServerFixture.issuer), "sub": "app_x",
                "client_id": "app_x", "scope": "accounts", "iat": .integer(now), "exp": .integer(now + 300), "jti": "j1",
                "lango_grant": "client_credentials",
            ], type: "at+jwt")
        let verifier = AccessTokenVerifier(
            keys: thisNode, identity: InMemoryIdentityStore(), issuer: { AuthorizationServerFixture.issuer }, clock: clock.function)
        clock.advance(6)
        guard case .valid(let accessToken, _) = await verifier.verify(token) else { Issue.record("refused a fresh key"); return }
        #expect(accessToken.tokenID == "j1")
    }
}
