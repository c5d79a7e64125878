import LangoOAuthTesting
import LangoStore
import Testing

@Suite struct SQLSigningKeyStoreTests {
    @Test func meetsTheSigningKeyStoreContractOnSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Store.openSQLite(path: directory.path("keys.db"))
        try await SigningKeyStoreContract.verify { store.signingKeys }
        try await store.close()
    }
}
