import Foundation
import LangoIdentity
import LangoOAuthTesting
import LangoStore
import Testing

@Suite struct SQLOAuthClientStoreTests {
    @Test func meetsTheOAuthClientStoreContractOnSQLite() async throws {
        try await withFreshStore { store in
            for id in ["app_a", "app_b"] {
                try await store.identity.insertApp(App(id: id, name: id, environment: .sandbox, createdAt: Date()))
            }
            try await OAuthClientStoreContract.verify { store.oauthClients }
        }
    }
}
