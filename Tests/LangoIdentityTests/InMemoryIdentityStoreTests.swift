import LangoIdentity
import LangoIdentityTesting
import Testing

@Suite struct InMemoryIdentityStoreTests {
    @Test func meetsTheIdentityStoreContract() async throws {
        try await IdentityStoreContract.verify { InMemoryIdentityStore() }
    }
}
