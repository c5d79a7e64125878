import LangoMeteringTesting
import LangoStore
import Testing

@Suite struct SQLUsageStoreTests {
    @Test func meetsTheUsageStoreContractOnSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Store.openSQLite(path: directory.path("usage.db"))
        try await UsageStoreContract.verify { store.usage }
        try await store.close()
    }
}
