import Foundation
import LangoBank
import LangoConsent
import LangoOpenBanking
import LangoPolicy
import Testing

/// How a consent's permissions and date window become what its client may see.
struct AccountDataAccessFromConsentTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private static func access(_ permissions: [AccountPermission], from: Date? = nil, to: Date? = nil) -> AccountDataAccess {
        Consent.create(
            AccountAccessConsentRequest(permissions: permissions, transactionFrom: from, transactionTo: to),
            clientID: "app_a", appID: "app_a", at: start, address: nil
        ).consent.dataAccess
    }

    @Test func basicPermissionsHideDetailFields() {
        let access = Self.access([.readAccountsBasic, .readTransactionsBasic, .readTransactionsCredits, .readTransactionsDebits])
        #expect(access.accounts == .basic)
        #expect(access.transactions == .basic)
        #expect(access.creditDebit == nil)
    }

    @Test func detailPermissionsShowEverything() {
        let access = Self.access([.readAccountsDetail, .readTransactionsDetail, .readTransactionsCredits, .readTransactionsDebits])
        #expect(access.accounts == .detail)
        #expect(access.transactions == .detail)
        #expect(access.creditDebit == nil)
    }

    @Test func oneDirectionAloneLimitsTransactionsToIt() {
        #expect(Self.access([.readAccountsBasic, .readTransactionsBasic, .readTransactionsCredits]).creditDebit == .credit)
        #expect(Self.access([.readAccountsBasic, .readTransactionsDetail, .readTransactionsDebits]).creditDebit == .debit)
    }

    @Test func theConsentWindowBoundsTransactions() {
        let from = Self.start.addingTimeInterval(-86_400 * 90)
        let to = Self.start.addingTimeInterval(-86_400)
        #expect(Self.access([.readAccountsBasic], from: from, to: to).window == OBIEBookingWindow(from: from, to: to))
        #expect(Self.access([.readAccountsBasic]).window == OBIEBookingWindow())
    }
}
