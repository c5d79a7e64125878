/// A request to book a transaction on an account (sandbox test data now, payments later).
public struct TransactionPosting: Sendable, Hashable, Codable {
    /// A positive amount in the account's currency.
    public var amount: Money
    /// Money in (credit) or out (debit).
    public var creditDebit: CreditDebit
    /// The statement narrative; must not be empty.
    public var information: String
    /// The payer's reference; when present, not empty.
    public var reference: String?

    /// A posting with every field given.
    public init(amount: Money, creditDebit: CreditDebit, information: String, reference: String? = nil) {
        self.amount = amount
        self.creditDebit = creditDebit
        self.information = information
        self.reference = reference
    }
}
