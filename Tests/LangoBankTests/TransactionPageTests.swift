import Foundation
import LangoBank
import Testing

struct TransactionPageTests {
    private func transaction(_ id: String, at seconds: TimeInterval) -> Transaction {
        let money = Money(minorUnits: 100, currency: "KES")
        return Transaction(id: id, accountID: "A", bookedAt: Date(timeIntervalSince1970: seconds),
                           valueAt: Date(timeIntervalSince1970: seconds), amount: money, creditDebit: .credit,
                           status: "Booked", information: "x", balanceAfter: money, balanceAfterCreditDebit: .credit)
    }

    @Test func selectsNewestFirstWithTiesByDescendingID() {
        let history = [transaction("T1", at: 10), transaction("T3", at: 20), transaction("T2", at: 20), transaction("T4", at: 5)]
        let page = TransactionPage(selecting: TransactionQuery(limit: 10), from: history)
        #expect(page.transactions.map(\.id) == ["T3", "T2", "T1", "T4"])
        #expect(page.totalCount == 4)
        #expect(page.firstAvailable == Date(timeIntervalSince1970: 5))
        #expect(page.lastAvailable == Date(timeIntervalSince1970: 20))
    }

    @Test func slicesTheWindowButReportsWholeHistoryBounds() {
        let history = (1...10).map { transaction("T\($0 < 10 ? "0" : "")\($0)", at: Double($0) * 100) }
        let window = TransactionQuery(from: Date(timeIntervalSince1970: 300), to: Date(timeIntervalSince1970: 800),
                                      offset: 2, limit: 3)
        let page = TransactionPage(selecting: window, from: history)
        #expect(page.transactions.map(\.id) == ["T06", "T05", "T04"])
        #expect(page.totalCount == 6)
        #expect(page.firstAvailable == Date(timeIntervalSince1970: 100))
        #expect(page.lastAvailable == Date(timeIntervalSince1970: 1_000))
        let pastEnd = TransactionPage(selecting: TransactionQuery(offset: 50, limit: 3), from: history)
        #expect(pastEnd.transactions.isEmpty && pastEnd.totalCount == 10)
        let counting = TransactionPage(selecting: TransactionQuery(offset: 0, limit: 0), from: history)
        #expect(counting.transactions.isEmpty && counting.totalCount == 10)
        let negative = TransactionPage(selecting: TransactionQuery(offset: -4, limit: -1), from: history)
        #expect(negative.transactions.isEmpty && negative.totalCount == 10)
        #expect(TransactionPage(selecting: TransactionQuery(offset: -4, limit: 1), from: history).transactions.map(\.id) == ["T10"])
    }

    @Test func emptyHistoryHasNoBounds() {
        #expect(TransactionPage(selecting: TransactionQuery(limit: 5), from: [])
            == TransactionPage(transactions: [], totalCount: 0, firstAvailable: nil, lastAvailable: nil))
    }

    @Test func mergingAccountsInterleavesNewestFirstAndAddsTotals() {
        let first = TransactionPage(
            transactions: [transaction("A3", at: 30), transaction("A1", at: 10)], totalCount: 7,
            firstAvailable: Date(timeIntervalSince1970: 1), lastAvailable: Date(timeIntervalSince1970: 30))
        let second = TransactionPage(
            transactions: [transaction("B4", at: 40), transaction("B2", at: 20)], totalCount: 2,
            firstAvailable: Date(timeIntervalSince1970: 20), lastAvailable: Date(timeIntervalSince1970: 45))
        let page = TransactionPage(merging: [first, second], offset: 1, limit: 2)
        #expect(page.transactions.map(\.id) == ["A3", "B2"])
        #expect(page.totalCount == 9)
        #expect(page.firstAvailable == Date(timeIntervalSince1970: 1))
        #expect(page.lastAvailable == Date(timeIntervalSince1970: 45))
        #expect(TransactionPage(merging: [first, second], offset: 3, limit: 5).transactions.map(\.id) == ["A1"])
        #expect(TransactionPage(merging: [first, second], offset: 9, limit: 5).transactions.isEmpty)
        #expect(TransactionPage(merging: [], offset: 0, limit: 5) == TransactionPage(transactions: [], totalCount: 0, firstAvailable: nil, lastAvailable: nil))
    }

    @Test func mergingHeadsGivesWhatOneHistoryWouldHave() {
        let a = (1...12).map { transaction("A\($0 < 10 ? "0" : "")\($0)", at: Double($0) * 7) }
        let b = (1...9).map { transaction("B\($0)", at: Double($0) * 11) }
        for offset in [0, 4, 10, 20] {
            let query = TransactionQuery(offset: 0, limit: offset + 5)
            let merged = TransactionPage(
                merging: [TransactionPage(selecting: query, from: a), TransactionPage(selecting: query, from: b)], offset: offset, limit: 5)
            #expect(merged == TransactionPage(selecting: TransactionQuery(offset: offset, limit: 5), from: a + b))
        }
    }
}
