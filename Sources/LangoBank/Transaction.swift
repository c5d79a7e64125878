import Foundation

/// A booked (or pending) movement on one account.
public struct Transaction: Sendable, Hashable, Codable {
    /// Unique across the bank, such as `TX-C0001-KES-1-00042`.
    public var id: String
    /// The account the transaction is on.
    public var accountID: String
    /// The reference the counterparty or payer gave, if any.
    public var reference: String?
    /// When the bank booked it.
    public var bookedAt: Date
    /// When the money took value; card payments book after they are made.
    public var valueAt: Date
    /// The magnitude; the direction is `creditDebit`.
    public var amount: Money
    /// Money in (credit) or out (debit).
    public var creditDebit: CreditDebit
    /// OBIE entry status: `Booked` or `Pending`.
    public var status: String
    /// The statement narrative.
    public var information: String
    /// The merchant of a card payment.
    public var merchantName: String?
    /// ISO 18245 merchant category code, such as `5411` for grocery stores.
    public var merchantCategoryCode: String?
    /// The ISO bank transaction code, if known.
    public var bankTransactionCode: BankTransactionCode?
    /// The account's booked balance right after this transaction: magnitude …
    public var balanceAfter: Money
    /// … and side of zero.
    public var balanceAfterCreditDebit: CreditDebit

    /// A transaction with every field given.
    public init(id: String, accountID: String, reference: String? = nil, bookedAt: Date, valueAt: Date, amount: Money,
                creditDebit: CreditDebit, status: String, information: String, merchantName: String? = nil,
                merchantCategoryCode: String? = nil, bankTransactionCode: BankTransactionCode? = nil,
                balanceAfter: Money, balanceAfterCreditDebit: CreditDebit) {
        self.id = id
        self.accountID = accountID
        self.reference = reference
        self.bookedAt = bookedAt
        self.valueAt = valueAt
        self.amount = amount
        self.creditDebit = creditDebit
        self.status = status
        self.information = information
        self.merchantName = merchantName
        self.merchantCategoryCode = merchantCategoryCode
        self.bankTransactionCode = bankTransactionCode
        self.balanceAfter = balanceAfter
        self.balanceAfterCreditDebit = balanceAfterCreditDebit
    }

    /// The order transaction lists use: newest `bookedAt` first, then the greater `id` first.
    ///
    /// Ids compare by their Unicode scalars, which for the ASCII ids the bank issues is byte
    /// order, the same as SQL's binary collation (`ORDER BY booked_at DESC, id DESC`).
    public static func isNewestFirst(_ lhs: Transaction, _ rhs: Transaction) -> Bool {
        if lhs.bookedAt != rhs.bookedAt { return lhs.bookedAt > rhs.bookedAt }
        return rhs.id.unicodeScalars.lexicographicallyPrecedes(lhs.id.unicodeScalars)
    }
}
