import Foundation
import LangoPayments
import LangoPaymentsTesting
import LangoStore
import Testing

@Suite struct SQLPaymentStoreTests {
    @Test func meetsThePaymentStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await PaymentStoreContract.verify { store.payments } }
    }
}
