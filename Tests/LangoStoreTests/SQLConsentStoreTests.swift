import LangoConsentTesting
import LangoStore
import Testing

@Suite struct SQLConsentStoreTests {
    @Test func meetsTheConsentStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await ConsentStoreContract.verify { store.consents } }
    }
}
