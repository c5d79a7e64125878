import LangoOAuthTesting
import LangoStore
import Testing

@Suite struct SQLRevokedTokenStoreTests {
    @Test func meetsTheRevokedTokenStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await RevokedTokenStoreContract.verify { store.revokedTokens } }
    }
}
