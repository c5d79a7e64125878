import Foundation

/// A customer's account as the core knows it.
public struct Account: Sendable, Hashable, Codable {
    /// Stable, readable identifier such as `C0001-KES-1` (OBIE `AccountId`).
    public var id: String
    /// The owning customer.
    public var customerID: String
    /// ISO 4217 code the account is held in.
    public var currency: String
    /// OBIE account type: `Personal` or `Business`.
    public var accountType: String
    /// OBIE account sub-type: `CurrentAccount`, `Savings`, …
    public var accountSubType: String
    /// The name the customer gave the account.
    public var nickname: String
    /// The product's name, such as `Wekeza Save`.
    public var description: String?
    /// When the account was opened.
    public var openingDate: Date
    /// OBIE account status, such as `Enabled`.
    public var status: String
    /// The identification scheme, such as `KE.WEKEZA.AccountNumber`.
    public var schemeName: String
    /// The account number under `schemeName`.
    public var identification: String
    /// The name the account is held in.
    public var holderName: String

    /// An account with every field given.
    public init(id: String, customerID: String, currency: String, accountType: String, accountSubType: String,
                nickname: String, description: String? = nil, openingDate: Date, status: String, schemeName: String,
                identification: String, holderName: String) {
        self.id = id
        self.customerID = customerID
        self.currency = currency
        self.accountType = accountType
        self.accountSubType = accountSubType
        self.nickname = nickname
        self.description = description
        self.openingDate = openingDate
        self.status = status
        self.schemeName = schemeName
        self.identification = identification
        self.holderName = holderName
    }
}
