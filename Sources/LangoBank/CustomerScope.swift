/// Whose data a request may see: one customer, optionally narrowed to some of their accounts
/// (the accounts a consent covers).
public struct CustomerScope: Sendable, Hashable, Codable {
    /// The customer whose data the request may see.
    public var customerID: String
    /// The permitted account ids; `nil` permits all of the customer's accounts.
    public var accounts: Set<String>?

    /// A scope over `customerID`, narrowed to `accounts` when given.
    public init(customerID: String, accounts: Set<String>? = nil) {
        self.customerID = customerID
        self.accounts = accounts
    }

    /// Whether `account` belongs to the customer and, when the scope lists accounts, is listed.
    public func includes(_ account: Account) -> Bool {
        account.customerID == customerID && (accounts?.contains(account.id) ?? true)
    }
}
