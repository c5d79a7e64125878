import Foundation
import LangoIdentity
import Testing

@Suite struct APIKeyManagerTests {
    let clock = ManualClock()
    let store = InMemoryIdentityStore()

    func manager() throws -> APIKeyManager {
        APIKeyManager(store: store, hasher: try KeyHasher(pepper: testPepper), clock: clock.function)
    }

    @Test func createsAppsWithGivenOrGeneratedIDs() async throws {
        let named = try await manager().createApp(id: "app_copilot", name: " AI Copilot ", environment: .production)
        #expect(named.id == "app_copilot")
        #expect(named.name == "AI Copilot")
        #expect(named.status == .active)
        let generated = try await manager().createApp(name: "Mobile", environment: .sandbox)
        #expect(App.isValidID(generated.id))
        #expect(await store.apps().map(\.id) == [generated.id, "app_copilot"].sorted())
    }

    @Test func anAppMayNameThePartnerItBelongsTo() async throws {
        let partnered = try await manager().createApp(id: "app_budget", name: "Budget", environment: .sandbox, partner: " Fintech Labs Ltd ")
        #expect(partnered.partner == "Fintech Labs Ltd")
        #expect(await store.app(id: "app_budget")?.partner == "Fintech Labs Ltd")
        #expect(try await manager().createApp(id: "app_own", name: "Own", environment: .production).partner == nil)
        await #expect(throws: IdentityError.self) {
            try await manager().createApp(id: "app_blank", name: "Blank", environment: .sandbox, partner: "  ")
        }
        #expect(await store.app(id: "app_blank") == nil, "a refused app is not stored")
    }

    @Test func refusesBadAppIDsNamesAndDuplicates() async throws {
        await #expect(throws: IdentityError.self) { try await manager().createApp(id: "copilot", name: "x", environment: .sandbox) }
        await #expect(throws: IdentityError.self) { try await manager().createApp(id: "app_A!", name: "x", environment: .sandbox) }
        await #expect(throws: IdentityError.self) { try await manager().createApp(name: "   ", environment: .sandbox) }
        _ = try await manager().createApp(id: "app_one", name: "One", environment: .sandbox)
        await #expect(throws: IdentityError.duplicateApp("app_one")) {
            try await manager().createApp(id: "app_one", name: "Again", environment: .sandbox)
        }
    }

    @Test func issuedKeysStoreOnlyAHashAndShowThePrefix() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["b", "a", "b"], lifetime: .seconds(3600))
        #expect(issued.secret.hasPrefix("lango_live_"))
        #expect(APIKeySecret.isWellFormed(issued.secret))
        #expect(issued.key.scopes == ["a", "b"])
        #expect(issued.key.prefix == String(issued.secret.prefix(15)))
        #expect(issued.key.hash == (try KeyHasher(pepper: testPepper)).hash(issued.secret))
        #expect(!issued.key.hash.contains(issued.secret))
        #expect(issued.key.expiresAt == clock.now.addingTimeInterval(3600))
        let stored = try #require(await store.key(id: issued.key.id))
        #expect(stored == issued.key)
    }

    @Test func sandboxAppsGetSandboxKeys() async throws {
        _ = try await manager().createApp(id: "app_test", name: "Test", environment: .sandbox)
        #expect(try await manager().issueKey(appID: "app_test", scopes: ["x"]).secret.hasPrefix("lango_sbx_"))
    }

    @Test func refusesKeysWithoutScopesOrForUnknownApps() async throws {
        await #expect(throws: IdentityError.unknownApp("app_none")) { try await manager().issueKey(appID: "app_none", scopes: ["x"]) }
        _ = try await manager().createApp(id: "app_test", name: "Test", environment: .sandbox)
        await #expect(throws: IdentityError.self) { try await manager().issueKey(appID: "app_test", scopes: []) }
        await #expect(throws: IdentityError.self) { try await manager().issueKey(appID: "app_test", scopes: ["x"], lifetime: .zero) }
    }

    @Test func rotationOverlapsThenExpiresTheOldKey() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let old = try await manager().issueKey(appID: "app_copilot", scopes: ["accounts:read"], lifetime: .seconds(86_400))
        clock.advance(seconds: 100)
        let new = try await manager().rotateKey(id: old.key.id, overlap: .seconds(600))
        #expect(new.key.scopes == old.key.scopes)
        #expect(new.key.expiresAt == clock.now.addingTimeInterval(86_400))
        let rotated = try #require(await store.key(id: old.key.id))
        #expect(rotated.replacedBy == new.key.id)
        #expect(rotated.expiresAt == clock.now.addingTimeInterval(600))
        #expect(rotated.status(at: clock.now) == .active)
        #expect(rotated.status(at: clock.now.addingTimeInterval(600)) == .expired)
    }

    @Test func rotationNeverExtendsAnEarlierExpiry() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let old = try await manager().issueKey(appID: "app_copilot", scopes: ["x"], lifetime: .seconds(60))
        _ = try await manager().rotateKey(id: old.key.id, overlap: .seconds(3600))
        #expect(await store.key(id: old.key.id)?.expiresAt == clock.now.addingTimeInterval(60))
    }

    @Test func revokedAndExpiredKeysCannotBeRotated() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let revoked = try await manager().issueKey(appID: "app_copilot", scopes: ["x"])
        _ = try await manager().revokeKey(id: revoked.key.id)
        await #expect(throws: IdentityError.keyNotActive(revoked.key.id, .revoked)) {
            try await manager().rotateKey(id: revoked.key.id, overlap: .zero)
        }
        let expiring = try await manager().issueKey(appID: "app_copilot", scopes: ["x"], lifetime: .seconds(5))
        clock.advance(seconds: 5)
        await #expect(throws: IdentityError.keyNotActive(expiring.key.id, .expired)) {
            try await manager().rotateKey(id: expiring.key.id, overlap: .zero)
        }
    }

    @Test func revocationIsImmediateAndKeepsTheFirstTime() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager().issueKey(appID: "app_copilot", scopes: ["x"])
        let revoked = try await manager().revokeKey(id: issued.key.id)
        #expect(revoked.status(at: clock.now) == .revoked)
        clock.advance(seconds: 10)
        #expect(try await manager().revokeKey(id: issued.key.id).revokedAt == revoked.revokedAt)
        await #expect(throws: IdentityError.unknownKey("key_missing")) { try await manager().revokeKey(id: "key_missing") }
    }

    @Test func suspendsAndReactivatesApps() async throws {
        _ = try await manager().createApp(id: "app_copilot", name: "Copilot", environment: .production)
        #expect(try await manager().setStatus(.suspended, ofApp: "app_copilot").status == .suspended)
        #expect(await store.app(id: "app_copilot")?.status == .suspended)
        #expect(try await manager().setStatus(.active, ofApp: "app_copilot").status == .active)
    }
}

extension APIKeyManagerTests {
    @Test func appsGetAPlanAndCanChangeIt() async throws {
        let app = try await manager().createApp(id: "app_planned", name: "Planned", environment: .sandbox, plan: "startup")
        #expect(app.plan == "startup")
        #expect(try await manager().setPlan("enterprise", ofApp: "app_planned").plan == "enterprise")
        #expect(await store.app(id: "app_planned")?.plan == "enterprise")
        #expect(try await manager().setPlan(nil, ofApp: "app_planned").plan == nil)
        await #expect(throws: IdentityError.unknownApp("app_none")) { try await manager().setPlan("free", ofApp: "app_none") }
    }
}
