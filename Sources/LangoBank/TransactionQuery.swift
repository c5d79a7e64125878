import Foundation

/// Which slice of an account's transactions to return: a booking-time window, optionally one
/// direction (credits or debits), then a page of it.
public struct TransactionQuery: Sendable, Hashable, Codable {
    /// Earliest `bookedAt` included; `nil` for no lower bound.
    public var from: Date?
    /// Latest `bookedAt` included; `nil` for no upper bound.
    public var to: Date?
    /// How many of the window's transactions (newest first) to skip.
    public var offset: Int
    /// How many to return at most; `0` returns none but still counts the window.
    public var limit: Int
    /// Only credits or only debits; `nil` for both (a consent may grant only one direction).
    public var creditDebit: CreditDebit?

    /// A query for up to `limit` transactions booked between `from` and `to` (only those of
    /// `creditDebit` when given), after skipping `offset`.
    public init(from: Date? = nil, to: Date? = nil, creditDebit: CreditDebit? = nil, offset: Int = 0, limit: Int) {
        self.from = from
        self.to = to
        self.creditDebit = creditDebit
        self.offset = offset
        self.limit = limit
    }

    /// Whether `transaction` falls in the window (both ends inclusive) and has the asked direction.
    public func selects(_ transaction: Transaction) -> Bool {
        (from.map { transaction.bookedAt >= $0 } ?? true) && (to.map { transaction.bookedAt <= $0 } ?? true)
            && (creditDebit.map { transaction.creditDebit == $0 } ?? true)
    }

    /// Throws ``CoreBankError/invalidRequest(_:)`` for a negative offset or limit, or `from` after `to`.
    public func validate() throws(CoreBankError) {
        guard offset >= 0 else { throw .invalidRequest("offset must not be negative (got \(offset))") }
        guard limit >= 0 else { throw .invalidRequest("limit must not be negative (got \(limit))") }
        if let from, let to, from > to {
            throw .invalidRequest("the window starts after it ends (from is later than to)")
        }
    }
}
