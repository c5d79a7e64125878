import Foundation

/// The in-memory twin of the SQL sandbox ledger: the same behaviour, held in an actor.
///
/// For tests and single-node development; its state lives and dies with the process.
public actor InMemorySandboxLedger: SandboxLedger {
    private var anchor: Date?
    private var parties: [String: Party] = [:]
    private var accounts: [String: Account] = [:]
    private var balances: [String: LedgerBalance] = [:]
    /// Each account's transactions in booking order.
    private var histories: [String: [Transaction]] = [:]
    private var transactionIDs: Set<String> = []

    /// An empty ledger.
    public init() {}

    /// The loaded dataset's anchor; `nil` while empty.
    public func seededAnchor() -> Date? { anchor }

    /// Validates `dataset` and loads it; throws, changing nothing, when already loaded or inconsistent.
    public func load(_ dataset: SandboxDataset) throws {
        guard anchor == nil else { throw CoreBankError.invalidRequest("the sandbox ledger already holds a dataset") }
        try dataset.validate()
        anchor = dataset.anchor
        parties = Dictionary(uniqueKeysWithValues: dataset.parties.map { ($0.customerID, $0) })
        accounts = Dictionary(uniqueKeysWithValues: dataset.accounts.map { ($0.id, $0) })
        balances = dataset.closingBalances()
        histories = Dictionary(grouping: dataset.transactions, by: \.accountID)
        transactionIDs = Set(dataset.transactions.map(\.id))
    }

    /// The customer's party, or `nil`.
    public func party(customerID: String) -> Party? { parties[customerID] }

    /// The customer's accounts ordered by id.
    public func accounts(customerID: String) -> [Account] {
        accounts.values.filter { $0.customerID == customerID }.sorted { $0.id < $1.id }
    }

    /// The account, or `nil`.
    public func account(id: String) -> Account? { accounts[id] }

    /// The account's booked balance, or `nil` for an unknown account.
    public func balance(accountID: String) -> LedgerBalance? { balances[accountID] }

    /// The page `query` selects from the account's history; empty for an unknown account, refused for an invalid query.
    public func transactions(accountID: String, query: TransactionQuery) throws -> TransactionPage {
        try query.validate()
        return TransactionPage(selecting: query, from: histories[accountID] ?? [])
    }

    /// Books `entry` or, throwing, changes nothing (see ``SandboxLedger/post(_:)``).
    public func post(_ entry: LedgerEntry) throws -> Transaction {
        guard let account = accounts[entry.accountID], let current = balances[entry.accountID] else {
            throw CoreBankError.notFound(resource: "account", id: entry.accountID)
        }
        try entry.validate(against: account)
        guard !transactionIDs.contains(entry.id) else {
            throw CoreBankError.invalidRequest("transaction id \(entry.id) is already used")
        }
        let transaction = entry.transaction(balanceAfter: try entry.balance(after: current))
        balances[entry.accountID] = (transaction.balanceAfter, transaction.balanceAfterCreditDebit)
        histories[entry.accountID, default: []].append(transaction)
        transactionIDs.insert(entry.id)
        return transaction
    }
}
