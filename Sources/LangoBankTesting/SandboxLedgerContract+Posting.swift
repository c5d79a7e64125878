import Foundation
import LangoBank
import LangoContractTesting

extension SandboxLedgerContract {
    static func postCredit(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let before = try await fixtureSnapshot(check)
        var credit = entry("TX-K1-P001", Fixture.current, 100_00, .credit, information: "CASH DEPOSIT")
        credit.reference = "DEP-1"
        credit.bankTransactionCode = BankTransactionCode(code: "ReceivedCreditTransfer", subCode: "DomesticCreditTransfer")
        let expected = Transaction(
            id: "TX-K1-P001", accountID: Fixture.current.id, reference: "DEP-1", bookedAt: credit.bookedAt,
            valueAt: credit.bookedAt, amount: Fixture.kes(100_00), creditDebit: .credit, status: "Booked",
            information: "CASH DEPOSIT", bankTransactionCode: credit.bankTransactionCode,
            balanceAfter: Fixture.kes(13_100_01), balanceAfterCreditDebit: .credit)
        try check.expect("the transaction post(credit) returns", try await post(check, credit), equals: expected)
        try await expectMoved(check, before, Fixture.current, to: Fixture.kes(13_100_01), newest: [expected])
    }

    static func postDebit(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let before = try await fixtureSnapshot(check)
        var debit = entry("TX-U1-P001", Fixture.dollars, 40_01, .debit, information: "CARD AMAZON WEB SERVICES")
        debit.merchantName = "Amazon Web Services"
        debit.merchantCategoryCode = "4816"
        debit.bankTransactionCode = BankTransactionCode(code: "CustomerCardTransactions", subCode: "PointOfSale")
        let expected = Transaction(
            id: "TX-U1-P001", accountID: Fixture.dollars.id, bookedAt: debit.bookedAt, valueAt: debit.bookedAt,
            amount: Fixture.usd(40_01), creditDebit: .debit, status: "Booked", information: "CARD AMAZON WEB SERVICES",
            merchantName: "Amazon Web Services", merchantCategoryCode: "4816", bankTransactionCode: debit.bankTransactionCode,
            balanceAfter: Fixture.usd(100_00), balanceAfterCreditDebit: .credit)
        try check.expect("the transaction post(debit) returns", try await post(check, debit), equals: expected)
        try await expectMoved(check, before, Fixture.dollars, to: Fixture.usd(100_00), newest: [expected])
    }

    static func debitToZero(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let all = try await post(check, entry("TX-K1-P001", Fixture.current, 13_000_01, .debit))
        try check.expect("balanceAfter of a debit of the whole balance", "\(all.balanceAfter.decimalString) \(all.balanceAfterCreditDebit)",
                         equals: "0.00 \(CreditDebit.credit)")
        try check.expect("balance after a debit of the whole balance", try await check.balance(Fixture.current.id),
                         equals: SandboxLedgerSnapshot.Balance(amount: Fixture.kes(0), creditDebit: .credit))
        let emptied = try await fixtureSnapshot(check)
        try await check.expectFailure("a debit of 0.01 from a zero balance", .insufficientFunds) {
            try await check.ledger.post(entry("TX-K1-P002", Fixture.current, 1, .debit))
        }
        try check.expect("state after the refused debit", try await fixtureSnapshot(check), equals: emptied)
        let cent = try await post(check, entry("TX-K1-P003", Fixture.current, 1, .credit))
        try check.expect("balanceAfter of a credit onto zero", cent.balanceAfter, equals: Fixture.kes(1))
    }

    static func insufficientFunds(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let before = try await fixtureSnapshot(check)
        let tooMuch = entry("TX-U1-P001", Fixture.dollars, 140_02, .debit)
        try await check.expectFailure("a debit 0.01 above the balance", .insufficientFunds) {
            try await check.ledger.post(tooMuch)
        }
        try check.expect("state after the refused debit", try await fixtureSnapshot(check), equals: before)
        try await check.expectFailure("a debit far above the balance on another account", .insufficientFunds) {
            try await check.ledger.post(entry("TX-K2-P001", Fixture.jumaCurrent, 13_000_00, .debit))
        }
        try check.expect("state after the second refused debit", try await fixtureSnapshot(check), equals: before)
        // The refused post must not have used up its id: the same id books once it fits.
        var fits = tooMuch
        fits.amount = Fixture.usd(140_01)
        let booked = try await post(check, fits)
        try check.expect("balanceAfter of the refused id booked again", booked.balanceAfter, equals: Fixture.usd(0))
    }

    static func unknownAccount(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let before = try await fixtureSnapshot(check)
        var unknown = entry("TX-X-P001", Fixture.current, 100_00, .credit)
        for accountID in ["K0001-KES-9", "k0001-kes-1", ""] {
            unknown.accountID = accountID
            try await check.expectFailure("post to unknown account \"\(accountID)\"", .notFound) {
                try await check.ledger.post(unknown)
            }
        }
        try check.expect("state after posts to unknown accounts", try await fixtureSnapshot(check), equals: before)
    }

    static func rejectedEntries(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let before = try await fixtureSnapshot(check)
        var emptyReference = entry("TX-K1-R005", Fixture.current, 1_00, .credit)
        emptyReference.reference = ""
        let rejected: [(String, CoreBankError.Category?, LedgerEntry)] = [
            ("dollars on a shilling account", .currencyMismatch,
             entry("TX-K1-R001", Fixture.current, 1_00, .credit, currency: "USD")),
            ("a zero amount", .invalidRequest, entry("TX-K1-R002", Fixture.current, 0, .credit)),
            ("a negative amount", .invalidRequest, entry("TX-K1-R003", Fixture.current, -1_00, .credit)),
            ("empty information", .invalidRequest, entry("TX-K1-R004", Fixture.current, 1_00, .credit, information: "")),
            ("an empty reference", .invalidRequest, emptyReference),
            ("the id of a loaded transaction on the same account", nil,
             entry(Fixture.salary.id, Fixture.current, 1_00, .credit)),
            ("the id of a loaded transaction on another account", nil,
             entry(Fixture.jumaRent.id, Fixture.current, 1_00, .credit)),
        ]
        for (name, category, rejectedEntry) in rejected {
            try await check.expectFailure("post with \(name)", category) { try await check.ledger.post(rejectedEntry) }
            try check.expect("state after the post with \(name)", try await fixtureSnapshot(check), equals: before)
        }
        _ = try await post(check, entry("TX-K1-P001", Fixture.current, 1_00, .credit))
        let afterFirst = try await fixtureSnapshot(check)
        try await check.expectFailure("post with the id of an earlier post", nil) {
            try await check.ledger.post(entry("TX-K1-P001", Fixture.jumaCurrent, 2_00, .credit))
        }
        try check.expect("state after the post with a reused id", try await fixtureSnapshot(check), equals: afterFirst)
    }

    static func sameSecondPosts(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let later = try await post(check, entry("TX-K1-P-B", Fixture.current, 1_00, .credit, seconds: 36_000))
        let earlier = try await post(check, entry("TX-K1-P-A", Fixture.current, 2_00, .credit, seconds: 36_000))
        try check.expect("balanceAfter of the first post", later.balanceAfter, equals: Fixture.kes(13_001_01))
        try check.expect("balanceAfter of the second post", earlier.balanceAfter, equals: Fixture.kes(13_003_01))
        let all = TransactionQuery(limit: wholeHistory)
        try await check.expectPage(Fixture.current.id, all, [later, earlier] + Fixture.currentNewestFirst, totalCount: 7,
                                   available: (Fixture.salary, later))
        let second = TransactionQuery(from: later.bookedAt, to: later.bookedAt, offset: 1, limit: 1)
        try await check.expectPage(Fixture.current.id, second, [earlier], totalCount: 2, available: (Fixture.salary, later))
    }

    static func concurrentPosts(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let account = Fixture.jumaCurrent
        let credits = (1...20).map { entry("TX-K2-C\($0)", account, 10_00, .credit, seconds: Double($0)) }
        let creditResults = await postConcurrently(check.ledger, credits)
        var booked: [Transaction] = []
        for result in creditResults {
            switch result {
            case .success(let transaction): booked.append(transaction)
            case .failure(let error):
                throw ContractViolation.unexpectedError(contract: SandboxLedgerContract.contractName, check: check.name, subject: "a concurrent credit", error)
            }
        }
        try check.expect("balanceAfter values of 20 concurrent credits of 10.00 onto 800.00",
                         booked.map(\.balanceAfter.minorUnits).sorted(), equals: (1...20).map { 800_00 + Int64($0) * 10_00 })
        try check.expect("balance after 20 concurrent credits", try await check.balance(account.id),
                         equals: SandboxLedgerSnapshot.Balance(amount: Fixture.kes(1_000_00), creditDebit: .credit))

        let debits = (1...30).map { entry("TX-K2-D\($0)", account, 50_00, .debit, seconds: 100 + Double($0)) }
        var debited: [Transaction] = []
        for result in await postConcurrently(check.ledger, debits) {
            switch result {
            case .success(let transaction): debited.append(transaction)
            case .failure(let error as CoreBankError) where error.category == .insufficientFunds: continue
            case .failure(let error): throw ContractViolation.wrongError(
                contract: SandboxLedgerContract.contractName, check: check.name, subject: "a concurrent debit", expected: "success or insufficientFunds", actual: error)
            }
        }
        try check.expect("balanceAfter values of the debits of 50.00 from 1,000.00 that went through",
                         debited.map(\.balanceAfter.minorUnits).sorted(), equals: (0..<20).map { Int64($0) * 50_00 })
        try check.expect("balance after 30 concurrent debits of 50.00 from 1,000.00", try await check.balance(account.id),
                         equals: SandboxLedgerSnapshot.Balance(amount: Fixture.kes(0), creditDebit: .credit))
        try check.expect("transactions after the concurrent posts", try await check.history(account.id).totalCount,
                         equals: 1 + 20 + 20)
    }

    /// Posts every entry at once and returns the outcomes.
    private static func postConcurrently(_ ledger: any SandboxLedger, _ entries: [LedgerEntry]) async
        -> [Result<Transaction, any Error>]
    {
        await withTaskGroup(of: Result<Transaction, any Error>.self) { group in
            for entry in entries {
                group.addTask {
                    do { return .success(try await ledger.post(entry)) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Requires that only `account` changed since `before`: its balance is now `balance` and
    /// its history gained `newest` on top.
    private static func expectMoved(_ check: SandboxLedgerContractCheck, _ before: SandboxLedgerSnapshot, _ account: Account,
                                    to balance: Money, newest: [Transaction]) async throws(ContractViolation) {
        let after = try await fixtureSnapshot(check)
        try check.expect("balance(accountID: \(account.id)) after the post", after.balances[account.id] ?? nil,
                         equals: SandboxLedgerSnapshot.Balance(amount: balance, creditDebit: .credit))
        let old = before.histories[account.id]
        let expectedHistory = TransactionPage(
            transactions: newest + (old?.transactions ?? []), totalCount: (old?.totalCount ?? 0) + newest.count,
            firstAvailable: old?.firstAvailable ?? newest.last?.bookedAt, lastAvailable: newest.first?.bookedAt)
        try check.expect("transactions(accountID: \(account.id)) after the post", after.histories[account.id],
                         equals: expectedHistory)
        var unchanged = after
        unchanged.balances[account.id] = before.balances[account.id]
        unchanged.histories[account.id] = before.histories[account.id]
        try check.expect("everything but \(account.id) after the post", unchanged, equals: before)
    }
}
