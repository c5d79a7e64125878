import Foundation

/// One page of an account's transactions, with what paging and OBIE `Meta` need.
public struct TransactionPage: Sendable, Hashable, Codable {
    /// Newest first: `bookedAt` descending, then `id` descending (``Transaction/isNewestFirst(_:_:)``).
    public var transactions: [Transaction]
    /// How many transactions the query's window holds, across all pages.
    public var totalCount: Int
    /// The earliest `bookedAt` in the account's whole history, whatever the window.
    public var firstAvailable: Date?
    /// The latest `bookedAt` in the account's whole history, whatever the window.
    public var lastAvailable: Date?

    /// A page with every field given.
    public init(transactions: [Transaction], totalCount: Int, firstAvailable: Date?, lastAvailable: Date?) {
        self.transactions = transactions
        self.totalCount = totalCount
        self.firstAvailable = firstAvailable
        self.lastAvailable = lastAvailable
    }

    /// Selects the page `query` asks for from an account's whole `history` (any order).
    ///
    /// This is the reference meaning of a transaction query: ledgers answer exactly this,
    /// and the ledger contract checks them against it. Ledgers refuse invalid queries
    /// (``TransactionQuery/validate()``); here a negative offset or limit counts as zero.
    public init(selecting query: TransactionQuery, from history: [Transaction]) {
        let window = history.filter(query.selects).sorted(by: Transaction.isNewestFirst)
        let start = min(max(query.offset, 0), window.count)
        let end = start + min(max(query.limit, 0), window.count - start)
        self.init(
            transactions: Array(window[start..<end]),
            totalCount: window.count,
            firstAvailable: history.lazy.map(\.bookedAt).min(),
            lastAvailable: history.lazy.map(\.bookedAt).max()
        )
    }
}
