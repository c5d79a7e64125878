import Foundation

/// Everything the sandbox bank starts with: customers, their accounts, opening balances and a
/// year of transactions.
public struct SandboxDataset: Sendable, Hashable, Codable {
    /// The customers, one party each.
    public var parties: [Party]
    /// Every customer's accounts.
    public var accounts: [Account]
    /// Each account's balance before its first transaction, keyed by account id (credit, never negative).
    public var openingBalances: [String: Money]
    /// Every account's transactions in booking order, oldest first, each with its `balanceAfter`.
    public var transactions: [Transaction]
    /// The day the history runs up to (exclusive), at UTC midnight.
    public var anchor: Date

    /// A dataset with every part given; see ``validate()`` for what makes it loadable.
    public init(parties: [Party], accounts: [Account], openingBalances: [String: Money], transactions: [Transaction],
                anchor: Date) {
        self.parties = parties
        self.accounts = accounts
        self.openingBalances = openingBalances
        self.transactions = transactions
        self.anchor = anchor
    }

    /// The seeded customers, whatever the anchor.
    public static var parties: [Party] { SandboxCatalog.customers.map(\.party) }

    /// The seeded sandbox world for `anchor`: five customers `C0001`…`C0005`, two to four
    /// accounts each, and twelve months of transactions ending the day before `anchor`'s UTC day.
    ///
    /// Deterministic: the same UTC day gives an identical dataset. Names, account numbers and
    /// opening balances do not depend on the anchor; dates move with it.
    public static func generate(anchor: Date) -> SandboxDataset {
        SandboxDatasetGenerator(anchor: anchor).generate()
    }

    /// Each account's booked balance after all of its transactions, keyed by account id.
    public func closingBalances() -> [String: LedgerBalance] {
        var balances: [String: LedgerBalance] = [:]
        for (accountID, opening) in openingBalances {
            balances[accountID] = (opening, .credit)
        }
        for transaction in transactions {
            balances[transaction.accountID] = (transaction.balanceAfter, transaction.balanceAfterCreditDebit)
        }
        return balances
    }

    /// Checks the dataset is consistent enough to load: unique ids, every account owned by a
    /// known customer with an opening balance in its currency, every transaction on a known
    /// account in its currency with a positive amount, and each `balanceAfter` equal to the
    /// previous balance plus or minus the amount.
    public func validate() throws(CoreBankError) {
        var customers: Set<String> = []
        var partyIDs: Set<String> = []
        for party in parties {
            guard customers.insert(party.customerID).inserted, partyIDs.insert(party.id).inserted else {
                throw .invalidRequest("dataset: party \(party.id) of customer \(party.customerID) appears twice")
            }
        }
        var running: [String: (account: Account, balance: Int64)] = [:]
        for account in accounts {
            guard running[account.id] == nil else { throw .invalidRequest("dataset: account \(account.id) appears twice") }
            guard customers.contains(account.customerID) else {
                throw .invalidRequest("dataset: account \(account.id) belongs to unknown customer \(account.customerID)")
            }
            guard let opening = openingBalances[account.id], opening.currency == account.currency, opening.minorUnits >= 0
            else {
                throw .invalidRequest("dataset: account \(account.id) lacks a non-negative opening balance in \(account.currency)")
            }
            running[account.id] = (account, opening.minorUnits)
        }
        guard openingBalances.count == accounts.count else {
            throw .invalidRequest("dataset: opening balances name accounts that do not exist")
        }
        var transactionIDs: Set<String> = []
        for transaction in transactions {
            guard transactionIDs.insert(transaction.id).inserted else {
                throw .invalidRequest("dataset: transaction \(transaction.id) appears twice")
            }
            guard let (account, balance) = running[transaction.accountID] else {
                throw .invalidRequest("dataset: transaction \(transaction.id) is on unknown account \(transaction.accountID)")
            }
            guard transaction.amount.currency == account.currency, transaction.balanceAfter.currency == account.currency,
                transaction.amount.minorUnits > 0
            else {
                throw .invalidRequest("dataset: transaction \(transaction.id) needs a positive amount in \(account.currency)")
            }
            let (expected, overflow) = balance.addingReportingOverflow(
                transaction.amount.signedMinorUnits(transaction.creditDebit))
            guard !overflow, transaction.balanceAfter.signedMinorUnits(transaction.balanceAfterCreditDebit) == expected
            else {
                throw .invalidRequest("dataset: the balance after transaction \(transaction.id) does not follow from the one before")
            }
            running[account.id] = (account, expected)
        }
    }
}
