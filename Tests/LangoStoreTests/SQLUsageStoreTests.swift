import LangoMeteringTesting
import LangoStore
import Testing

@Suite struct SQLUsageStoreTests {
    @Test func meetsTheUsageStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await UsageStoreContract.verify { store.usage } }
    }
}
