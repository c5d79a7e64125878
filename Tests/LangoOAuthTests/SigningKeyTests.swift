import Foundation
import LangoContractTesting
import LangoCrypto
import LangoJOSE
import LangoJSON
import LangoOAuth
import LangoOAuthTesting
import Synchronization
import Testing

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    var date: Date { now.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        now.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var function: @Sendable () -> Date { { self.date } }
}

@Suite struct SigningKeyTests {
    static let secret = Array(repeating: UInt8(7), count: 32)

    static func settings() -> SigningKeyManager.Settings {
        var settings = SigningKeyManager.Settings()
        settings.tokenLifetime = .seconds(600)
        settings.refreshInterval = .seconds(60)
        settings.activationDelay = .seconds(900)
        return settings
    }

    @Test func theInMemoryStoreMeetsTheContract() async throws {
        try await SigningKeyStoreContract.verify { InMemorySigningKeyStore() }
    }

    @Test func bootstrapCreatesOneActiveKeyOnce() async throws {
        let clock = TestClock()
        let store = InMemorySigningKeyStore()
        let manager = SigningKeyManager(store: store, vault: SigningKeyVault(installationSecret: Self.secret), settings: Self.settings(), clock: clock.function)
        let created = try #require(try await manager.bootstrap())
        #expect(try await manager.bootstrap() == nil)
        #expect(await store.signingKeys() == [created])
        #expect(created.activeFrom == clock.date)
        #expect(created.algorithm == .es256)
        let ring = try await manager.ring()
        #expect(ring.signing?.record == created)
        #expect(ring.published.map(\.record) == [created])
        #expect(created.keyID == (try JSONWebKey.thumbprint(of: try #require(ring.signing).key.publicKey)))
    }

    @Test func rotationPublishesBeforeSigningAndRetiresAfterTheLastToken() async throws {
        let clock = TestClock()
        let store = InMemorySigningKeyStore()
        let manager = SigningKeyManager(store: store, vault: SigningKeyVault(installationSecret: Self.secret), settings: Self.settings(), clock: clock.function)
        let old = try #require(try await manager.bootstrap())
        let new = try await manager.rotate()
        #expect(new.activeFrom == clock.date.addingTimeInterval(900))

        // Published at once, but the old key keeps signing until the new one activates.
        var ring = try await manager.ring()
        #expect(ring.published.map(\.record.keyID) == [old.keyID, new.keyID])
        #expect(ring.signing?.record.keyID == old.keyID)
        clock.advance(899)
        #expect(try await manager.ring().signing?.record.keyID == old.keyID)
        clock.advance(1)
        ring = try await manager.ring()
        #expect(ring.signing?.record.keyID == new.keyID)
        #expect(ring.published.count == 2)

        // The old key's tokens live 600 s more; then it is no longer published, and the next
        // rotation deletes it.
        clock.advance(599)
        #expect(try await manager.ring().published.count == 2)
        clock.advance(1)
        ring = try await manager.ring()
        #expect(ring.published.map(\.record.keyID) == [new.keyID])
        #expect(ring.expired.map(\.keyID) == [old.keyID])
        let third = try await manager.rotate()
        #expect(await store.signingKeys().map(\.keyID) == [new.keyID, third.keyID])
    }

    @Test func rotatingWithoutAnActiveKeyActivatesAtOnce() async throws {
        let clock = TestClock()
        let store = InMemorySigningKeyStore()
        let manager = SigningKeyManager(store: store, vault: SigningKeyVault(installationSecret: Self.secret), settings: Self.settings(), clock: clock.function)
        let first = try await manager.rotate()
        #expect(first.activeFrom == clock.date)
        #expect(try await manager.bootstrap() == nil)
        #expect(try await manager.ring().signing?.record == first)
    }

    @Test func otherNodesSeeARotationWithinTheRefreshInterval() async throws {
        let clock = TestClock()
        let store = InMemorySigningKeyStore()
        let vault = SigningKeyVault(installationSecret: Self.secret)
        let first = SigningKeyManager(store: store, vault: vault, settings: Self.settings(), clock: clock.function)
        let second = SigningKeyManager(store: store, vault: vault, settings: Self.settings(), clock: clock.function)
        try await first.bootstrap()
        #expect(try await second.ring().published.count == 1)
        let new = try await first.rotate()
        #expect(try await second.ring().published.count == 1)  // cached
        clock.advance(60)
        #expect(try await second.ring().published.map(\.record.keyID).contains(new.keyID))
        clock.advance(840)
        #expect(try await second.ring().signing?.record.keyID == new.keyID)
    }

    @Test func privateKeysAreSealedUnderTheInstallationSecret() async throws {
        let clock = TestClock()
        let store = InMemorySigningKeyStore()
        let manager = SigningKeyManager(store: store, vault: SigningKeyVault(installationSecret: Self.secret), settings: Self.settings(), clock: clock.function)
        let record = try #require(try await manager.bootstrap())
        #expect(!String(decoding: record.sealedPrivateKey, as: UTF8.self).contains("PRIVATE KEY"))

        let stranger = SigningKeyManager(
            store: store, vault: SigningKeyVault(installationSecret: Array(repeating: 8, count: 32)), settings: Self.settings(),
            clock: clock.function)
        await #expect(throws: CryptoError.sealedBoxRejected) { try await stranger.ring() }

        // One unreadable key among readable ones is left out, not fatal.
        try await store.insertSigningKey(
            SigningKeyRecord(keyID: "damaged", algorithm: .es256, sealedPrivateKey: [1, 2, 3], createdAt: record.createdAt, activeFrom: record.activeFrom))
        let survivor = SigningKeyManager(store: store, vault: SigningKeyVault(installationSecret: Self.secret), settings: Self.settings(), clock: clock.function)
        #expect(try await survivor.ring().published.map(\.record.keyID) == [record.keyID])
        #expect(await survivor.unreadableKeyIDs == ["damaged"])

        // A sealed key moved under another id does not open either.
        let moved = InMemorySigningKeyStore()
        try await moved.insertSigningKey(
            SigningKeyRecord(keyID: "other", algorithm: .es256, sealedPrivateKey: record.sealedPrivateKey, createdAt: record.createdAt, activeFrom: record.activeFrom))
        let reader = SigningKeyManager(store: moved, vault: SigningKeyVault(installationSecret: Self.secret), settings: Self.settings(), clock: clock.function)
        await #expect(throws: CryptoError.sealedBoxRejected) { try await reader.ring() }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signedTokensVerifyAgainstThePublishedKeys(algorithm: SignatureAlgorithm) async throws {
        let clock = TestClock()
        var settings = Self.settings()
        settings.algorithm = algorithm
        let manager = SigningKeyManager(
            store: InMemorySigningKeyStore(), vault: SigningKeyVault(installationSecret: Self.secret), settings: settings, clock: clock.function)
        await #expect(throws: OAuthError.serverError("no signing key is active")) { try await manager.sign(["sub": "x"], type: "at+jwt") }
        try await manager.bootstrap()
        let exp = Int64(clock.date.timeIntervalSince1970) + 300
        let token = try await manager.sign(["iss": "https://lango.example", "exp": .integer(exp)], type: "at+jwt")
        let verifier = JWTVerifier(type: "at+jwt", issuer: "https://lango.example", audiences: [])
        let claims = try verifier.verify(token, keys: try await manager.ring().keySet, now: clock.date)
        #expect(claims.issuer == "https://lango.example")
        #expect(try CompactJWS(token).algorithm == algorithm)
    }
}
