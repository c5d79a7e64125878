import LangoOAuth
import LangoOAuthTesting
import Testing

@Suite struct CodeFlowStoreTests {
    @Test func theInMemoryGrantStoreMeetsTheContract() async throws {
        try await AuthorizationGrantStoreContract.verify { InMemoryAuthorizationGrantStore() }
    }

    @Test func theInMemoryCustomerStoreMeetsTheContract() async throws {
        try await CustomerStoreContract.verify { InMemoryCustomerStore() }
    }
}
