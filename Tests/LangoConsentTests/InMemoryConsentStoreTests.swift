import LangoConsent
import LangoConsentTesting
import Testing

@Suite struct InMemoryConsentStoreTests {
    @Test func meetsTheConsentStoreContract() async throws {
        try await ConsentStoreContract.verify { InMemoryConsentStore() }
    }
}
