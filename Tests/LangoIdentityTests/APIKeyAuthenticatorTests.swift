import Foundation
import LangoIdentity
import Testing

@Suite struct APIKeyAuthenticatorTests {
    let clock = ManualClock()
    let store = CountingIdentityStore()

    func manager() throws -> APIKeyManager {
        APIKeyManager(store: store, hasher: try KeyHasher(pepper: testPepper), clock: clock.function)
    }

    func authenticator(ttl: Duration = .seconds(1)) throws -> APIKeyAuthenticator {
        APIKeyAuthenticator(store: store, hasher: try KeyHasher(pepper: testPepper), cacheTTL: ttl, clock: clock.function)
    }

    func status(_ verdict: APIKeyVerdict) -> APIKeyStatus? {
        if case .found(_, _, let status) = verdict { return status }
        return nil
    }

    @Test func findsActiveKeysWithTheirApp() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["accounts:read"])
        let verdict = try await authenticator().verify(issued.secret)
        guard case .found(let key, let app, .active) = verdict else {
            Issue.record("expected an active key, got \(verdict)")
            return
        }
        #expect(key.id == issued.key.id)
        #expect(app.id == "app_copilot")
    }

    @Test func malformedKeysAreUnknownWithoutALookup() async throws {
        let authenticator = try authenticator()
        for text in ["", "lango_live_short", "Bearer x", "lango_prod_" + String(repeating: "a", count: 32), "lango_live_" + String(repeating: "A", count: 32)] {
            #expect(await authenticator.verify(text) == .unknown)
        }
        #expect(await store.hashLookups == 0)
    }

    @Test func wellFormedButUnknownKeysAreUnknown() async throws {
        #expect(try await authenticator().verify("lango_live_" + String(repeating: "a", count: 32)) == .unknown)
    }

    @Test func expiryIsExactEvenFromCache() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["x"], lifetime: .seconds(10))
        let authenticator = try authenticator(ttl: .seconds(60))
        #expect(status(await authenticator.verify(issued.secret)) == .active)
        clock.advance(seconds: 10)
        #expect(status(await authenticator.verify(issued.secret)) == .expired)
        #expect(await store.hashLookups == 1)
    }

    @Test func revocationShowsOnceTheCacheEntryAges() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["x"])
        let authenticator = try authenticator(ttl: .seconds(1))
        #expect(status(await authenticator.verify(issued.secret)) == .active)
        _ = try await manager().revokeKey(id: issued.key.id)
        clock.advance(seconds: 1)
        #expect(status(await authenticator.verify(issued.secret)) == .revoked)
    }

    @Test func rotatedKeysBothWorkDuringTheOverlap() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let old = try await manager().issueKey(appID: "app_copilot", scopes: ["x"])
        let new = try await manager().rotateKey(id: old.key.id, overlap: .seconds(300))
        let authenticator = try authenticator(ttl: .zero)
        #expect(status(await authenticator.verify(old.secret)) == .active)
        #expect(status(await authenticator.verify(new.secret)) == .active)
        clock.advance(seconds: 300)
        #expect(status(await authenticator.verify(old.secret)) == .expired)
        #expect(status(await authenticator.verify(new.secret)) == .active)
    }

    @Test func appSuspensionIsVisible() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["x"])
        _ = try await manager().setStatus(.suspended, ofApp: "app_copilot")
        guard case .found(_, let app, .active) = try await authenticator().verify(issued.secret) else {
            Issue.record("expected the key to be found")
            return
        }
        #expect(app.status == .suspended)
    }

    @Test func cachesHitsAndMissesForTheTTL() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["x"])
        let missing = "lango_live_" + String(repeating: "b", count: 32)
        let authenticator = try authenticator(ttl: .seconds(2))
        for _ in 0..<5 {
            _ = await authenticator.verify(issued.secret)
            _ = await authenticator.verify(missing)
        }
        #expect(await store.hashLookups == 2)
        clock.advance(seconds: 2)
        _ = await authenticator.verify(issued.secret)
        #expect(await store.hashLookups == 3)
    }

    @Test func aFailingStoreIsReportedAsUnavailable() async throws {
        await store.setFailing(true)
        let verdict = try await authenticator().verify("lango_live_" + String(repeating: "c", count: 32))
        guard case .unavailable = verdict else {
            Issue.record("expected unavailable, got \(verdict)")
            return
        }
    }

    @Test func aDifferentPepperFindsNothing() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["x"])
        let other = APIKeyAuthenticator(store: store, hasher: try KeyHasher(pepper: [UInt8](repeating: 9, count: 32)))
        #expect(await other.verify(issued.secret) == .unknown)
    }

    @Test func shortPeppersAreRefused() {
        #expect(throws: IdentityError.self) { try KeyHasher(pepper: [1, 2, 3]) }
    }
}
