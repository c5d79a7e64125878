import LangoOAuthTesting
import LangoStore
import Testing

@Suite struct SQLCustomerStoreTests {
    @Test func meetsTheCustomerStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await CustomerStoreContract.verify { store.customers } }
    }
}
