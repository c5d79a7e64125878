import Foundation
import LangoBank
import LangoContractTesting

/// One named check of ``SandboxLedgerContract`` against one ledger, with the assertions the
/// checks are written in. Every failure becomes a ``ContractViolation`` naming
/// the check and the subject.
struct SandboxLedgerContractCheck {
    let name: String
    let ledger: any SandboxLedger

    /// Runs `operation`, which the contract requires to succeed, and returns its result.
    func value<T>(_ subject: String, _ operation: () async throws -> T) async throws(ContractViolation) -> T {
        do {
            return try await operation()
        } catch {
            throw .unexpectedError(contract: SandboxLedgerContract.contractName, check: name, subject: subject, error)
        }
    }

    /// Requires `actual` to equal `expected`.
    func expect<T: Equatable>(_ subject: String, _ actual: T, equals expected: T) throws(ContractViolation) {
        guard actual == expected else { throw .mismatch(contract: SandboxLedgerContract.contractName, check: name, subject: subject, expected: expected, actual: actual) }
    }

    /// Runs `operation`, which must succeed with `expected`.
    func expect<T: Equatable>(_ subject: String, equals expected: T, _ operation: () async throws -> T) async throws(
        ContractViolation
    ) {
        try expect(subject, try await value(subject, operation), equals: expected)
    }

    /// Runs `operation`, which must throw: a ``CoreBankError`` of `category` when one is given,
    /// any error otherwise.
    func expectFailure(_ subject: String, _ category: CoreBankError.Category?, _ operation: () async throws -> some Any)
        async throws(ContractViolation)
    {
        let expected = category.map { "a CoreBankError of category \($0)" } ?? "an error"
        do {
            _ = try await operation()
        } catch let error as CoreBankError where category == nil || error.category == category {
            return
        } catch {
            guard category != nil else { return }
            throw .wrongError(contract: SandboxLedgerContract.contractName, check: name, subject: subject, expected: expected, actual: error)
        }
        throw .missingError(contract: SandboxLedgerContract.contractName, check: name, subject: subject, expected: expected)
    }

    /// Everything the ledger says about the given customers and accounts, to compare before and after.
    func snapshot(customers: [String], accounts: [String]) async throws(ContractViolation) -> SandboxLedgerSnapshot {
        var snapshot = SandboxLedgerSnapshot(anchor: try await value("seededAnchor()") { try await ledger.seededAnchor() })
        for customerID in customers {
            snapshot.parties[customerID] = try await value("party(customerID: \(customerID))") {
                try await ledger.party(customerID: customerID)
            }
            snapshot.customerAccounts[customerID] = try await value("accounts(customerID: \(customerID))") {
                try await ledger.accounts(customerID: customerID)
            }
        }
        for accountID in accounts {
            snapshot.accounts[accountID] = try await value("account(id: \(accountID))") { try await ledger.account(id: accountID) }
            snapshot.balances[accountID] = try await balance(accountID)
            snapshot.histories[accountID] = try await history(accountID)
        }
        return snapshot
    }

    /// The account's booked balance, in a comparable form.
    func balance(_ accountID: String) async throws(ContractViolation) -> SandboxLedgerSnapshot.Balance? {
        try await value("balance(accountID: \(accountID))") { try await ledger.balance(accountID: accountID) }
            .map { SandboxLedgerSnapshot.Balance(amount: $0.amount, creditDebit: $0.creditDebit) }
    }

    /// The account's whole history as one page.
    func history(_ accountID: String) async throws(ContractViolation) -> TransactionPage {
        try await page(accountID, TransactionQuery(limit: SandboxLedgerContract.wholeHistory))
    }

    func page(_ accountID: String, _ query: TransactionQuery) async throws(ContractViolation) -> TransactionPage {
        try await value("transactions(accountID: \(accountID), query: \(query))") {
            try await ledger.transactions(accountID: accountID, query: query)
        }
    }

    /// Requires the page `query` selects to hold exactly `expected` (by id, in order) out of
    /// `totalCount`, with the account's whole-history bounds.
    func expectPage(_ accountID: String, _ query: TransactionQuery, _ expected: [Transaction], totalCount: Int,
                    available: (first: Transaction, last: Transaction)?) async throws(ContractViolation) {
        let subject = "transactions(accountID: \(accountID), query: \(query))"
        let page = try await page(accountID, query)
        try expect(subject + " ids", page.transactions.map(\.id), equals: expected.map(\.id))
        try expect(subject + " transactions", page.transactions, equals: expected)
        try expect(subject + " totalCount", page.totalCount, equals: totalCount)
        try expect(subject + " firstAvailable", page.firstAvailable, equals: available?.first.bookedAt)
        try expect(subject + " lastAvailable", page.lastAvailable, equals: available?.last.bookedAt)
    }
}
