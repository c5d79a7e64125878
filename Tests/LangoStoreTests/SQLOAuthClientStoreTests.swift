import Foundation
import LangoIdentity
import LangoOAuthTesting
import LangoStore
import Testing

@Suite struct SQLOAuthClientStoreTests {
    @Test func meetsTheOAuthClientStoreContractOnSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Store.openSQLite(path: directory.path("clients.db"))
        for id in ["app_a", "app_b"] {
            try await store.identity.insertApp(App(id: id, name: id, environment: .sandbox, createdAt: Date()))
        }
        try await OAuthClientStoreContract.verify { store.oauthClients }
        try await store.close()
    }
}
