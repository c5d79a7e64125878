import Foundation
import LangoBank
import LangoJSON
import Testing

struct SandboxBankTests {
    private static let anchor = ISO8601.parse("2026-03-01T00:00:00Z")!
    /// A clock with a fraction of a second, which booking must drop.
    private static let now = ISO8601.parse("2026-03-01T09:30:15.75Z")!
    private static let dataset = SandboxDataset.generate(anchor: anchor)

    private let ledger: any SandboxLedger = InMemorySandboxLedger()
    private var bank: SandboxBank { SandboxBank(ledger: ledger, clock: { Self.now }) }

    private func context(_ customerID: String, accounts: Set<String>? = nil) -> CoreRequestContext {
        CoreRequestContext(scope: CustomerScope(customerID: customerID, accounts: accounts), timeout: .seconds(2),
                           interactionID: "93bac548-d2de-4546-b106-880a5018460d")
    }

    private func seeded() async throws -> SandboxBank {
        try await bank.bootstrap(anchor: Self.anchor)
        return bank
    }

    private func expectNotFound(_ id: String, _ operation: () async throws -> some Any) async {
        let error = await #expect(throws: CoreBankError.self) { try await operation() }
        #expect(error == .notFound(resource: "account", id: id))
    }

    @Test func bootstrapLoadsOnlyAnEmptyLedger() async throws {
        #expect(try await bank.bootstrap(anchor: Self.anchor.addingTimeInterval(3_600)))
        #expect(try await ledger.seededAnchor() == Self.anchor)
        #expect(try await !bank.bootstrap(anchor: ISO8601.parse("2027-01-01")!))
        #expect(try await ledger.seededAnchor() == Self.anchor)
    }

    @Test func partyIsTheScopesCustomer() async throws {
        let bank = try await seeded()
        let party = try await bank.party(context("C0003"))
        #expect(party.name == "Fatuma Hassan")
        #expect(party == Self.dataset.parties[2])
        await #expect(throws: CoreBankError.notFound(resource: "party", id: "C0099")) {
            try await bank.party(context("C0099"))
        }
    }

    @Test func accountsAreTheCustomersNarrowedByTheScope() async throws {
        let bank = try await seeded()
        #expect(try await bank.accounts(context("C0001")).map(\.id) == ["C0001-KES-1", "C0001-KES-2", "C0001-USD-1"])
        #expect(try await bank.accounts(context("C0001", accounts: ["C0001-USD-1", "C0002-KES-1"])).map(\.id)
            == ["C0001-USD-1"])
        #expect(try await bank.accounts(context("C0001", accounts: [])).isEmpty)
        #expect(try await bank.accounts(context("C0099")).isEmpty)
    }

    @Test func accountsOutsideTheScopeLookMissing() async throws {
        let bank = try await seeded()
        let own = context("C0001", accounts: ["C0001-KES-1"])
        #expect(try await bank.account("C0001-KES-1", own) == Self.dataset.accounts[0])
        for id in ["C0002-KES-1", "C0001-KES-2", "C0001-KES-9"] {
            await expectNotFound(id) { try await bank.account(id, own) }
            await expectNotFound(id) { try await bank.balances(id, own) }
            await expectNotFound(id) { try await bank.transactions(id, TransactionQuery(limit: 5), own) }
            await expectNotFound(id) {
                try await bank.postTransaction(
                    id, TransactionPosting(amount: Money(minorUnits: 100, currency: "KES"), creditDebit: .credit,
                                           information: "PROBE"), own)
            }
        }
        #expect(try await ledger.transactions(accountID: "C0002-KES-1", query: TransactionQuery(limit: 0)).totalCount
            == Self.dataset.transactions.filter { $0.accountID == "C0002-KES-1" }.count)
    }

    @Test func balancesAreBookedAndAvailableAtTheClock() async throws {
        let bank = try await seeded()
        let balances = try await bank.balances("C0002-USD-1", context("C0002"))
        let closing = try #require(Self.dataset.closingBalances()["C0002-USD-1"])
        let at = ISO8601.parse("2026-03-01T09:30:15Z")!
        #expect(balances == ["InterimBooked", "InterimAvailable"].map {
            Balance(accountID: "C0002-USD-1", type: $0, amount: closing.amount, creditDebit: closing.creditDebit, at: at)
        })
    }

    @Test func transactionsFollowTheWindowAndThePage() async throws {
        let bank = try await seeded()
        let history = Self.dataset.transactions.filter { $0.accountID == "C0004-KES-1" }
        let query = TransactionQuery(from: ISO8601.parse("2025-06-01")!, to: ISO8601.parse("2025-08-31T23:59:59")!,
                                     offset: 25, limit: 25)
        let page = try await bank.transactions("C0004-KES-1", query, context("C0004"))
        #expect(page == TransactionPage(selecting: query, from: history))
        #expect(page.transactions.count == 25)
        #expect(page.transactions.allSatisfy(query.selects))
        #expect(page.firstAvailable == history.first?.bookedAt && page.lastAvailable == history.last?.bookedAt)
    }

    @Test func invalidQueriesAreRefused() async throws {
        let bank = try await seeded()
        let reversed = TransactionQuery(from: Self.anchor, to: Self.anchor.addingTimeInterval(-1), limit: 5)
        for query in [TransactionQuery(offset: -1, limit: 5), TransactionQuery(limit: -5), reversed] {
            let error = await #expect(throws: CoreBankError.self) {
                try await bank.transactions("C0001-KES-1", query, context("C0001"))
            }
            #expect(error?.category == .invalidRequest)
        }
    }

    @Test func postingBooksNowAndMovesTheBalance() async throws {
        let bank = try await seeded()
        let owner = context("C0005")
        let before = try #require(try await ledger.balance(accountID: "C0005-KES-1"))
        let posting = TransactionPosting(amount: Money(decimal: "2500.75", currency: "KES")!, creditDebit: .credit,
                                         information: "SANDBOX DEPOSIT", reference: "DEP-001")
        let credit = try await bank.postTransaction("C0005-KES-1", posting, owner)
        #expect(credit.id.hasPrefix("TX-C0005-KES-1-"))
        #expect(credit.bookedAt == ISO8601.parse("2026-03-01T09:30:15Z")! && credit.valueAt == credit.bookedAt)
        #expect(credit.status == "Booked" && credit.reference == "DEP-001" && credit.information == "SANDBOX DEPOSIT")
        #expect(credit.balanceAfter.minorUnits == before.amount.minorUnits + 2_500_75)
        let debit = try await bank.postTransaction(
            "C0005-KES-1", TransactionPosting(amount: Money(minorUnits: 75, currency: "KES"), creditDebit: .debit,
                                              information: "SANDBOX WITHDRAWAL"), owner)
        #expect(debit.id != credit.id)
        #expect(debit.balanceAfter.minorUnits == before.amount.minorUnits + 2_500_00)
        let balances = try await bank.balances("C0005-KES-1", owner)
        #expect(balances.map(\.amount) == [debit.balanceAfter, debit.balanceAfter])
        let newest = try await bank.transactions("C0005-KES-1", TransactionQuery(limit: 2), owner)
        #expect(newest.transactions.map(\.id).sorted() == [credit.id, debit.id].sorted())
        #expect(newest.lastAvailable == credit.bookedAt)
    }

    @Test func postingChecksCurrencyAmountAndFunds() async throws {
        let bank = try await seeded()
        let owner = context("C0002")
        let before = try await bank.balances("C0002-KES-1", owner)
        let balance = before[0].amount
        let refused: [(TransactionPosting, CoreBankError)] = [
            (TransactionPosting(amount: Money(minorUnits: 100, currency: "USD"), creditDebit: .credit, information: "FX"),
             .currencyMismatch(expected: "KES", got: "USD")),
            (TransactionPosting(amount: Money(minorUnits: 0, currency: "KES"), creditDebit: .credit, information: "ZERO"),
             .invalidRequest("the amount must be positive")),
            (TransactionPosting(amount: Money(minorUnits: 100, currency: "KES"), creditDebit: .credit, information: ""),
             .invalidRequest("the transaction information must not be empty")),
            (TransactionPosting(amount: Money(minorUnits: balance.minorUnits + 1, currency: "KES"), creditDebit: .debit,
                                information: "TOO MUCH"),
             .insufficientFunds(accountID: "C0002-KES-1")),
        ]
        for (posting, expected) in refused {
            await #expect(throws: expected) { try await bank.postTransaction("C0002-KES-1", posting, owner) }
        }
        #expect(try await bank.balances("C0002-KES-1", owner) == before)
        let all = try await bank.postTransaction(
            "C0002-KES-1", TransactionPosting(amount: balance, creditDebit: .debit, information: "EVERYTHING"), owner)
        #expect(all.balanceAfter.minorUnits == 0 && all.balanceAfterCreditDebit == .credit)
    }
}
