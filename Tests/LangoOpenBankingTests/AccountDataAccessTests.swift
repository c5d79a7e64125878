import Foundation
import LangoBank
import LangoJSON
import LangoOpenBanking
import Testing

struct AccountDataAccessTests {
    private func utc(_ text: String) -> Date { ISO8601.parse(text)! }

    @Test func unrestrictedAccessPassesTheAskedWindowThrough() {
        let asked = OBIEBookingWindow(from: utc("2026-02-01T00:00:00Z"))
        let query = AccountDataAccess.unrestricted.transactionQuery(within: asked, offset: 25, limit: 25)
        #expect(query == TransactionQuery(from: utc("2026-02-01T00:00:00Z"), offset: 25, limit: 25))
    }

    @Test func theQueryIsClampedToTheAllowedWindowAndDirection() {
        let access = AccountDataAccess(
            accounts: .basic, transactions: .basic, creditDebit: .credit,
            window: OBIEBookingWindow(from: utc("2026-01-01T00:00:00Z"), to: utc("2026-01-31T00:00:00Z")))
        #expect(
            access.transactionQuery(within: OBIEBookingWindow(), offset: 0, limit: 10)
                == TransactionQuery(
                    from: utc("2026-01-01T00:00:00Z"), to: utc("2026-01-31T00:00:00Z"), creditDebit: .credit, offset: 0, limit: 10))
        #expect(
            access.transactionQuery(within: OBIEBookingWindow(from: utc("2026-01-20T00:00:00Z"), to: utc("2026-06-01T00:00:00Z")), offset: 0, limit: 10)
                == TransactionQuery(
                    from: utc("2026-01-20T00:00:00Z"), to: utc("2026-01-31T00:00:00Z"), creditDebit: .credit, offset: 0, limit: 10))
    }

    @Test func aWindowOutsideTheAllowedOneAsksForNothing() {
        let access = AccountDataAccess(
            accounts: .detail, transactions: .detail, creditDebit: nil, window: OBIEBookingWindow(to: utc("2026-01-31T00:00:00Z")))
        #expect(access.transactionQuery(within: OBIEBookingWindow(from: utc("2026-02-01T00:00:00Z")), offset: 0, limit: 10) == nil)
    }
}
