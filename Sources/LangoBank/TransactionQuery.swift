import Foundation

/// Which slice of an account's transactions to return: a booking-time window, then a page of it.
public struct TransactionQuery: Sendable, Hashable, Codable {
    /// Earliest `bookedAt` included; `nil` for no lower bound.
    public var from: Date?
    /// Latest `bookedAt` included; `nil` for no upper bound.
    public var to: Date?
    /// How many of the window's transactions (newest first) to skip.
    public var offset: Int
    /// How many to return at most; `0` returns none but still counts the window.
    public var limit: Int

    /// A query for up to `limit` transactions booked between `from` and `to`, after skipping `offset`.
    public init(from: Date? = nil, to: Date? = nil, offset: Int = 0, limit: Int) {
        self.from = from
        self.to = to
        self.offset = offset
        self.limit = limit
    }

    /// Whether a transaction booked at `bookedAt` falls in the window (both ends inclusive).
    public func contains(_ bookedAt: Date) -> Bool {
        (from.map { bookedAt >= $0 } ?? true) && (to.map { bookedAt <= $0 } ?? true)
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
