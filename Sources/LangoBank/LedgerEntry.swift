import Foundation

/// A transaction to book on a ``SandboxLedger``, before the ledger knows the balance after it.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// The id the booked transaction gets; unique across the ledger.
    public var id: String
    /// The account to book on.
    public var accountID: String
    /// A positive amount in the account's currency.
    public var amount: Money
    /// Money in (credit) or out (debit).
    public var creditDebit: CreditDebit
    /// Booking time, also used as value time.
    public var bookedAt: Date
    /// The statement narrative; must not be empty.
    public var information: String
    /// The payer's reference; when present, not empty.
    public var reference: String?
    /// The merchant of a card payment.
    public var merchantName: String?
    /// The merchant's ISO 18245 category code.
    public var merchantCategoryCode: String?
    /// The ISO bank transaction code, if known.
    public var bankTransactionCode: BankTransactionCode?

    /// An entry with every field given.
    public init(id: String, accountID: String, amount: Money, creditDebit: CreditDebit, bookedAt: Date,
                information: String, reference: String? = nil, merchantName: String? = nil,
                merchantCategoryCode: String? = nil, bankTransactionCode: BankTransactionCode? = nil) {
        self.id = id
        self.accountID = accountID
        self.amount = amount
        self.creditDebit = creditDebit
        self.bookedAt = bookedAt
        self.information = information
        self.reference = reference
        self.merchantName = merchantName
        self.merchantCategoryCode = merchantCategoryCode
        self.bankTransactionCode = bankTransactionCode
    }

    /// Checks the entry can go on `account`: its id, a positive amount in the account's
    /// currency, a non-empty narrative and, when there is one, a non-empty reference.
    public func validate(against account: Account) throws(CoreBankError) {
        guard account.id == accountID else { throw .notFound(resource: "account", id: accountID) }
        guard amount.currency == account.currency else {
            throw .currencyMismatch(expected: account.currency, got: amount.currency)
        }
        guard amount.minorUnits > 0 else { throw .invalidRequest("the amount must be positive") }
        guard !information.isEmpty else { throw .invalidRequest("the transaction information must not be empty") }
        guard reference?.isEmpty != true else { throw .invalidRequest("the reference must not be empty when given") }
    }

    /// The booked balance after this entry, given the one before it.
    ///
    /// Throws ``CoreBankError/insufficientFunds(accountID:)`` when a debit would take the
    /// balance below zero, and ``CoreBankError/invalidRequest(_:)`` when the sum overflows.
    public func balance(after current: LedgerBalance) throws(CoreBankError) -> LedgerBalance {
        let (next, overflow) = current.amount.signedMinorUnits(current.creditDebit)
            .addingReportingOverflow(amount.signedMinorUnits(creditDebit))
        guard !overflow else { throw .invalidRequest("the amount is too large") }
        if creditDebit == .debit, next < 0 { throw .insufficientFunds(accountID: accountID) }
        return Money.ledgerBalance(signedMinorUnits: next, currency: current.amount.currency)
    }

    /// The booked transaction this entry becomes, given the balance after it.
    public func transaction(balanceAfter: LedgerBalance) -> Transaction {
        Transaction(
            id: id, accountID: accountID, reference: reference, bookedAt: bookedAt, valueAt: bookedAt, amount: amount,
            creditDebit: creditDebit, status: "Booked", information: information, merchantName: merchantName,
            merchantCategoryCode: merchantCategoryCode, bankTransactionCode: bankTransactionCode,
            balanceAfter: balanceAfter.amount, balanceAfterCreditDebit: balanceAfter.creditDebit
        )
    }
}
