import Foundation
import LangoBank

/// What a ledger reports about some customers and accounts at one moment.
struct SandboxLedgerSnapshot: Equatable {
    /// A booked balance, comparable unlike the tuple ledgers return.
    struct Balance: Equatable, CustomStringConvertible {
        var amount: Money
        var creditDebit: CreditDebit
        var description: String { "\(amount.decimalString) \(amount.currency) \(creditDebit.rawValue)" }
    }

    var anchor: Date?
    var parties: [String: Party?] = [:]
    var customerAccounts: [String: [Account]] = [:]
    var accounts: [String: Account?] = [:]
    var balances: [String: Balance?] = [:]
    var histories: [String: TransactionPage] = [:]
}
