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
        self.init(
            transactions: Self.slice(window, offset: query.offset, limit: query.limit),
            totalCount: window.count,
            firstAvailable: history.lazy.map(\.bookedAt).min(),
            lastAvailable: history.lazy.map(\.bookedAt).max()
        )
    }

    /// The page `offset`, `limit` of several accounts' transactions together, newest first,
    /// from each account's page starting at offset 0 with at least `offset + limit` of its
    /// newest (fewer only when its window holds fewer).
    ///
    /// Totals add up; the available range spans every account's.
    public init(merging heads: [TransactionPage], offset: Int, limit: Int) {
        let merged = heads.flatMap(\.transactions).sorted(by: Transaction.isNewestFirst)
        self.init(
            transactions: Self.slice(merged, offset: offset, limit: limit),
            totalCount: heads.reduce(0) { $0 + $1.totalCount },
            firstAvailable: heads.compactMap(\.firstAvailable).min(),
            lastAvailable: heads.compactMap(\.lastAvailable).max()
        )
    }

    /// `limit` transactions after skipping `offset`, a negative offset or limit counting as zero.
    private static func slice(_ transactions: [Transaction], offset: Int, limit: Int) -> [Transaction] {
        let start = min(max(offset, 0), transactions.count)
        return Array(transactions[start..<(start + min(max(limit, 0), transactions.count - start))])
    }
}
