import Foundation

/// One balance of an account at a moment.
public struct Balance: Sendable, Hashable, Codable {
    /// The account the balance is of.
    public var accountID: String
    /// OBIE balance type: `InterimBooked` or `InterimAvailable` here.
    public var type: String
    /// The magnitude; the sign is `creditDebit`.
    public var amount: Money
    /// Which side of zero the balance is on.
    public var creditDebit: CreditDebit
    /// When the balance was taken.
    public var at: Date

    /// A balance with every field given.
    public init(accountID: String, type: String, amount: Money, creditDebit: CreditDebit, at: Date) {
        self.accountID = accountID
        self.type = type
        self.amount = amount
        self.creditDebit = creditDebit
        self.at = at
    }
}
