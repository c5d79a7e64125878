import Foundation
import LangoBank
import LangoJSON
import Testing

struct TransactionTests {
    private func transaction(_ id: String, at seconds: TimeInterval) -> Transaction {
        let money = Money(minorUnits: 1_00, currency: "KES")
        return Transaction(id: id, accountID: "A", bookedAt: Date(timeIntervalSince1970: seconds),
                           valueAt: Date(timeIntervalSince1970: seconds), amount: money, creditDebit: .debit,
                           status: "Booked", information: "x", balanceAfter: money, balanceAfterCreditDebit: .credit)
    }

    @Test func newestFirstOrdersByTimeThenByDescendingID() {
        #expect(Transaction.isNewestFirst(transaction("A", at: 2), transaction("B", at: 1)))
        #expect(!Transaction.isNewestFirst(transaction("B", at: 1), transaction("A", at: 2)))
        #expect(Transaction.isNewestFirst(transaction("TX-2", at: 1), transaction("TX-10", at: 1)))
        #expect(!Transaction.isNewestFirst(transaction("TX-10", at: 1), transaction("TX-2", at: 1)))
        #expect(!Transaction.isNewestFirst(transaction("A", at: 1), transaction("A", at: 1)))
    }

    @Test func codesWithCamelCaseKeysAndLeavesOutAbsentOptionals() throws {
        let json = try JSONValueEncoder().encode(transaction("TX-1", at: 1_772_366_400))
        #expect(json.objectValue?.orderedKeys == [
            "id", "accountID", "bookedAt", "valueAt", "amount", "creditDebit", "status", "information", "balanceAfter",
            "balanceAfterCreditDebit",
        ])
        #expect(json["bookedAt"] == "2026-03-01T12:00:00+00:00")
        #expect(json["creditDebit"] == "Debit")
        #expect(try JSONValueDecoder().decode(Transaction.self, from: json) == transaction("TX-1", at: 1_772_366_400))
    }
}
