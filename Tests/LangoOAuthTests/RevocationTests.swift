import Foundation
import LangoIdentity
import LangoJSON
import LangoOAuth
import LangoOAuthTesting
import Testing

@Suite struct RevocationTests {
    @Test func theInMemoryStoreMeetsTheContract() async throws {
        try await RevokedTokenStoreContract.verify { InMemoryRevokedTokenStore() }
    }

    @Test func aListSeesOtherNodesRevocationsWithinItsInterval() async throws {
        let clock = TestClock()
        let store = InMemoryRevokedTokenStore()
        let list = RevocationList(store: store, refreshInterval: .seconds(1), clock: clock.function)
        #expect(try await list.isRevoked("t1") == false)
        store.revoke(RevokedToken(tokenID: "t1", clientID: "app_a", expiresAt: clock.date.addingTimeInterval(300)))
        #expect(try await list.isRevoked("t1") == false)  // read less than a second ago
        clock.advance(1)
        #expect(try await list.isRevoked("t1") == true)
        // Its own revocations count at once.
        list.note(RevokedToken(tokenID: "t2", clientID: "app_a", expiresAt: clock.date.addingTimeInterval(300)))
        #expect(try await list.isRevoked("t2") == true)
        // Expired entries are dropped: the token is refused for its expiry anyway.
        clock.advance(300)
        #expect(try await list.isRevoked("t1") == false)
    }

    @Test func aListThatCannotBeReadFailsInsteadOfMissingRevocations() async throws {
        let clock = TestClock()
        let store = FailingRevokedTokenStore()
        let list = RevocationList(store: store, refreshInterval: .seconds(1), clock: clock.function)
        await #expect(throws: OAuthError.serverError("the revocation list could not be read")) { try await list.isRevoked("t1") }
    }

    static func managed(_ server: AuthorizationServerFixture) -> (TokenManagement, AccessTokenVerifier) {
        let store = InMemoryRevokedTokenStore()
        let list = RevocationList(store: store, clock: server.clock.function)
        let verifier = AccessTokenVerifier(
            keys: server.keys, identity: server.identity, revocations: list, issuer: { AuthorizationServerFixture.issuer },
            clock: server.clock.function)
        let authenticator = ClientAuthenticator(
            clients: server.clients, identity: server.identity, hasher: server.hasher, replays: InMemoryAssertionReplayCache(),
            issuer: { AuthorizationServerFixture.issuer })
        let management = TokenManagement(
            authenticator: authenticator, verifier: verifier, revoker: TokenRevoker(store: store, list: list), issuer: { AuthorizationServerFixture.issuer },
            clock: server.clock.function)
        return (management, verifier)
    }

    @Test func revokingStopsTheTokenAndIntrospectionSaysSo() async throws {
        let server = try await AuthorizationServerFixture()
        let secret = try await server.secretClient("app_fintech")
        let auth = AuthorizationServerFixture.basic("app_fintech", secret)
        let token = try #require(try await server.token([("grant_type", "client_credentials")], authorization: auth)["access_token"]?.stringValue)
        let (management, verifier) = Self.managed(server)

        let before = try await management.introspect(form: [("token", token)], authorization: auth)
        #expect(before["active"] == true)
        #expect(before["client_id"] == "app_fintech")
        #expect(before["scope"] == "accounts payments")
        #expect(before["token_type"] == "Bearer")
        #expect(before["iss"] == .string(AuthorizationServerFixture.issuer))
        #expect(before["exp"]?.integerValue == Int64(server.clock.date.timeIntervalSince1970) + 300)

        try await management.revoke(form: [("token", token), ("token_type_hint", "access_token")], authorization: auth)
        guard case .revoked = await verifier.verify(token) else { Issue.record("still accepted"); return }
        #expect(try await management.introspect(form: [("token", token)], authorization: auth) == ["active": false])
        // Revoking again, or revoking garbage, is a success that changes nothing.
        try await management.revoke(form: [("token", token)], authorization: auth)
        try await management.revoke(form: [("token", "garbage")], authorization: auth)
    }

    @Test func clientsCannotRevokeOrInspectOthersTokens() async throws {
        let server = try await AuthorizationServerFixture()
        let mine = try await server.secretClient("app_fintech")
        let theirs = try await server.secretClient("app_other")
        let token = try #require(
            try await server.token([("grant_type", "client_credentials")], authorization: AuthorizationServerFixture.basic("app_fintech", mine))[
                "access_token"]?.stringValue)
        let (management, verifier) = Self.managed(server)
        let other = AuthorizationServerFixture.basic("app_other", theirs)
        #expect(try await management.introspect(form: [("token", token)], authorization: other) == ["active": false])
        await #expect(throws: OAuthError.unauthorizedClient("the token was not issued to this client")) {
            try await management.revoke(form: [("token", token)], authorization: other)
        }
        guard case .valid = await verifier.verify(token) else { Issue.record("revoked by another client"); return }
        await #expect(throws: OAuthError.invalidClient("client authentication is required")) {
            try await management.introspect(form: [("token", token)], authorization: nil)
        }
        await #expect(throws: OAuthError.invalidRequest("token is missing")) { try await management.revoke(form: [], authorization: other) }
    }
}

/// A store whose reads always fail.
private struct FailingRevokedTokenStore: RevokedTokenStore {
    struct Unreachable: Error {}

    func revoke(_ token: RevokedToken) async throws { throw Unreachable() }
    func revocations(after position: Int64) async throws -> (tokens: [RevokedToken], position: Int64) { throw Unreachable() }
    func forgetRevocations(expiredBefore date: Date) async throws { throw Unreachable() }
}
