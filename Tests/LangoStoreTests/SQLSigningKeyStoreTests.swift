import LangoOAuthTesting
import LangoStore
import Testing

@Suite struct SQLSigningKeyStoreTests {
    @Test func meetsTheSigningKeyStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await SigningKeyStoreContract.verify { store.signingKeys } }
    }
}
