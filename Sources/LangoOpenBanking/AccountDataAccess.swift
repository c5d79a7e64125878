import LangoBank

/// What a third party may see of the accounts it reads, beyond which accounts: how much of
/// each account and transaction, which direction of transactions, and which booking window.
///
/// A consent's permissions and date window decide it; routes that read with an API key and
/// no consent see ``unrestricted``.
public struct AccountDataAccess: Sendable, Hashable {
    public var accounts: AccountVisibility
    public var transactions: TransactionVisibility
    /// Only credits or only debits; `nil` for both.
    public var creditDebit: CreditDebit?
    /// The booking times transactions may come from.
    public var window: OBIEBookingWindow

    /// Access with every part given.
    public init(accounts: AccountVisibility, transactions: TransactionVisibility, creditDebit: CreditDebit?, window: OBIEBookingWindow) {
        self.accounts = accounts
        self.transactions = transactions
        self.creditDebit = creditDebit
        self.window = window
    }

    /// Everything: detail, both directions, no window.
    public static let unrestricted = AccountDataAccess(
        accounts: .detail, transactions: .detail, creditDebit: nil, window: OBIEBookingWindow())

    /// The transaction query for `asked` (the client's window) within this access, skipping
    /// `offset` and returning at most `limit`; `nil` when the two windows do not overlap.
    public func transactionQuery(within asked: OBIEBookingWindow, offset: Int, limit: Int) -> TransactionQuery? {
        guard let allowed = window.intersection(asked) else { return nil }
        return TransactionQuery(from: allowed.from, to: allowed.to, creditDebit: creditDebit, offset: offset, limit: limit)
    }
}
