import Foundation

/// Where the sandbox bank keeps its state: customers, accounts, balances and transactions.
///
/// ``InMemorySandboxLedger`` is the in-memory twin; a SQL ledger backs shared deployments.
/// Every implementation must pass `SandboxLedgerContract` (module LangoBankTesting), which
/// spells out the behaviour below in checks. Ledgers do not apply customer scopes; the
/// ``SandboxBank`` does.
public protocol SandboxLedger: Sendable {
    /// The anchor of the loaded dataset; `nil` while the ledger is empty.
    func seededAnchor() async throws -> Date?
    /// Loads `dataset` into an empty ledger, all or nothing. Throws, changing nothing, when the
    /// ledger is not empty or the dataset is inconsistent (``SandboxDataset/validate()``).
    func load(_ dataset: SandboxDataset) async throws
    /// The customer's party, or `nil`.
    func party(customerID: String) async throws -> Party?
    /// The customer's accounts ordered by id; empty for an unknown customer.
    func accounts(customerID: String) async throws -> [Account]
    /// The account, or `nil`.
    func account(id: String) async throws -> Account?
    /// The account's booked balance now, or `nil` for an unknown account.
    func balance(accountID: String) async throws -> LedgerBalance?
    /// The page of the account's transactions `query` selects, exactly as
    /// ``TransactionPage/init(selecting:from:)`` defines it; an empty page for an unknown account.
    /// Throws ``CoreBankError/invalidRequest(_:)`` for a query ``TransactionQuery/validate()`` refuses.
    func transactions(accountID: String, query: TransactionQuery) async throws -> TransactionPage
    /// Books `entry` atomically: checks it (``LedgerEntry/validate(against:)``), checks and
    /// updates the balance (``LedgerEntry/balance(after:)``) and records the transaction, or
    /// changes nothing and throws: ``CoreBankError/notFound(resource:id:)`` for an unknown
    /// account, ``CoreBankError/insufficientFunds(accountID:)`` for a debit above the balance,
    /// an error for an id already used.
    func post(_ entry: LedgerEntry) async throws -> Transaction
}
