import Foundation
import LangoBank

extension SandboxLedgerContract {
    static func emptyLedger(_ check: SandboxLedgerContractCheck) async throws {
        let snapshot = try await fixtureSnapshot(check)
        try check.expect("seededAnchor()", snapshot.anchor, equals: nil)
        for customerID in fixtureCustomers {
            try check.expect("party(customerID: \(customerID))", snapshot.parties[customerID] ?? nil, equals: nil)
            try check.expect("accounts(customerID: \(customerID))", snapshot.customerAccounts[customerID], equals: [])
        }
        for accountID in fixtureAccounts {
            try check.expect("account(id: \(accountID))", snapshot.accounts[accountID] ?? nil, equals: nil)
            try check.expect("balance(accountID: \(accountID))", snapshot.balances[accountID] ?? nil, equals: nil)
            try await check.expectPage(accountID, TransactionQuery(limit: wholeHistory), [], totalCount: 0, available: nil)
            try await check.expectPage(
                accountID, TransactionQuery(from: Fixture.utc(2026, 1, 1), to: Fixture.anchor, offset: 3, limit: 5), [],
                totalCount: 0, available: nil)
        }
        try await check.expectFailure("post to an empty ledger", .notFound) {
            try await check.ledger.post(entry("TX-EMPTY-1", Fixture.current, 100, .credit))
        }
        try check.expect("state after the refused post", try await fixtureSnapshot(check), equals: snapshot)
    }

    static func loadAndReadBack(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let ledger = check.ledger
        try await check.expect("seededAnchor()", equals: Fixture.anchor) { try await ledger.seededAnchor() }
        for party in [Fixture.amina, Fixture.juma, Fixture.zawadi] {
            try await check.expect("party(customerID: \(party.customerID))", equals: party) {
                try await ledger.party(customerID: party.customerID)
            }
        }
        try await check.expect("party of an unknown customer", equals: nil) { try await ledger.party(customerID: "K0009") }
        try await check.expect("accounts(customerID: K0001), ordered by id",
                               equals: [Fixture.current, Fixture.savings, Fixture.dollars]) {
            try await ledger.accounts(customerID: "K0001")
        }
        try await check.expect("accounts(customerID: K0002)", equals: [Fixture.jumaCurrent]) {
            try await ledger.accounts(customerID: "K0002")
        }
        try await check.expect("accounts of a customer without any", equals: []) { try await ledger.accounts(customerID: "K0003") }
        try await check.expect("accounts of an unknown customer", equals: []) { try await ledger.accounts(customerID: "K0009") }
        for account in Fixture.dataset.accounts {
            try await check.expect("account(id: \(account.id))", equals: account) { try await ledger.account(id: account.id) }
        }
        try await check.expect("account(id:) of an unknown id", equals: nil) { try await ledger.account(id: "K0001-KES-9") }
        try await check.expect("account(id:) is case-sensitive", equals: nil) { try await ledger.account(id: "k0001-kes-1") }

        let expectedBalances: [(Account, Money)] = [
            (Fixture.current, Fixture.kes(13_000_01)), (Fixture.savings, Fixture.kes(0)),
            (Fixture.dollars, Fixture.usd(140_01)), (Fixture.jumaCurrent, Fixture.kes(800_00)),
        ]
        for (account, amount) in expectedBalances {
            try check.expect("balance(accountID: \(account.id))", try await check.balance(account.id),
                             equals: SandboxLedgerSnapshot.Balance(amount: amount, creditDebit: .credit))
        }
        try check.expect("balance of an unknown account", try await check.balance("K0001-KES-9"), equals: nil)

        let all = TransactionQuery(limit: wholeHistory)
        try await check.expectPage(Fixture.current.id, all, Fixture.currentNewestFirst, totalCount: 5,
                                   available: (Fixture.salary, Fixture.interest))
        try await check.expectPage(Fixture.dollars.id, all, [Fixture.remittance, Fixture.netflix], totalCount: 2,
                                   available: (Fixture.netflix, Fixture.remittance))
        try await check.expectPage(Fixture.jumaCurrent.id, all, [Fixture.jumaRent], totalCount: 1,
                                   available: (Fixture.jumaRent, Fixture.jumaRent))
        try await check.expectPage(Fixture.savings.id, all, [], totalCount: 0, available: nil)
        try await check.expectPage("K0001-KES-9", all, [], totalCount: 0, available: nil)
    }

    static func secondLoad(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let before = try await fixtureSnapshot(check)
        try await check.expectFailure("load(fixture) a second time", nil) { try await check.ledger.load(Fixture.dataset) }
        try check.expect("state after loading the fixture again", try await fixtureSnapshot(check), equals: before)
        let generated = SandboxDataset.generate(anchor: Fixture.anchor)
        try await check.expectFailure("load(generated dataset) into a loaded ledger", nil) {
            try await check.ledger.load(generated)
        }
        try check.expect("state after loading another dataset", try await fixtureSnapshot(check), equals: before)
        try await check.expect("party of the refused dataset's customer C0001", equals: nil) {
            try await check.ledger.party(customerID: "C0001")
        }
    }

    /// Fixture variants a ledger must refuse whole; each breaks only its last element, so a
    /// ledger that writes as it goes would have written everything before it.
    static func inconsistentDatasets() -> [(String, SandboxDataset)] {
        typealias Fixture = SandboxLedgerContractFixture
        var reusedID = Fixture.dataset
        var duplicate = Fixture.interest
        duplicate.id = Fixture.netflix.id
        duplicate.balanceAfter = Fixture.kes(13_000_02)
        reusedID.transactions.append(duplicate)

        var brokenChain = Fixture.dataset
        var wrongBalance = Fixture.interest
        wrongBalance.id = "TX-K1-0006"
        wrongBalance.balanceAfter = Fixture.kes(13_000_01)
        brokenChain.transactions.append(wrongBalance)

        var orphanAccount = Fixture.dataset
        var orphan = Fixture.jumaCurrent
        orphan.id = "K0009-KES-1"
        orphan.customerID = "K0009"
        orphanAccount.accounts.append(orphan)
        orphanAccount.openingBalances[orphan.id] = Fixture.kes(0)

        var wrongCurrency = Fixture.dataset
        var shillings = Fixture.remittance
        shillings.id = "TX-U1-0003"
        shillings.amount = Fixture.kes(1_00)
        shillings.balanceAfter = Fixture.kes(141_01)
        wrongCurrency.transactions.append(shillings)

        return [
            ("a transaction id used twice", reusedID),
            ("a balance that does not follow", brokenChain),
            ("an account of an unknown customer", orphanAccount),
            ("an amount in the wrong currency", wrongCurrency),
        ]
    }

    static func inconsistentDataset(_ check: SandboxLedgerContractCheck, _ dataset: SandboxDataset) async throws {
        let empty = try await fixtureSnapshot(check)
        try await check.expectFailure("load(inconsistent dataset)", nil) { try await check.ledger.load(dataset) }
        try check.expect("state after the refused load (must still be empty)", try await fixtureSnapshot(check),
                         equals: empty)
        try await loadFixture(check)
        try await check.expect("seededAnchor() after loading the fixture next", equals: Fixture.anchor) {
            try await check.ledger.seededAnchor()
        }
    }
}
