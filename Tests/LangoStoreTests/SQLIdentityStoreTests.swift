import Foundation
import LangoIdentity
import LangoIdentityTesting
import LangoStore
import Testing

@Suite struct SQLIdentityStoreTests {
    @Test func meetsTheIdentityStoreContractOnSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var opened: [Store] = []
        try await IdentityStoreContract.verify {
            let store = try await Store.openSQLite(path: directory.path("identity-\(opened.count).db"))
            opened.append(store)
            return store.identity
        }
        for store in opened { try await store.close() }
    }

    @Test func keysIssuedThroughTheManagerAuthenticateFromSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Store.openSQLite(path: directory.path("lango.db"))
        let hasher = try KeyHasher(pepper: [UInt8](repeating: 3, count: 32))
        let manager = APIKeyManager(store: store.identity, hasher: hasher)
        _ = try await manager.createApp(id: "app_copilot", name: "Copilot", environment: .production)
        let issued = try await manager.issueKey(appID: "app_copilot", scopes: ["accounts:read"])
        let verdict = await APIKeyAuthenticator(store: store.identity, hasher: hasher, cacheTTL: .zero).verify(issued.secret)
        guard case .found(let key, let app, .active) = verdict else {
            Issue.record("expected an active key, got \(verdict)")
            return
        }
        // Times are stored in whole milliseconds.
        #expect(abs(key.createdAt.timeIntervalSince(issued.key.createdAt)) < 0.001)
        #expect(key.id == issued.key.id && key.hash == issued.key.hash && key.scopes == issued.key.scopes)
        #expect(app.id == "app_copilot")
        try await store.close()
    }
}
