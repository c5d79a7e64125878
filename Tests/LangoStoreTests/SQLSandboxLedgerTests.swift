import Foundation
import LangoBank
import LangoBankTesting
import LangoJSON
import LangoStore
import SQLKit
import Testing

@Suite struct SQLSandboxLedgerTests {
    @Test func meetsTheSandboxLedgerContractOnSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var opened: [Store] = []
        try await SandboxLedgerContract.verify {
            let store = try await Store.openSQLite(path: directory.path("ledger-\(opened.count).db"))
            opened.append(store)
            return store.sandboxLedger
        }
        for store in opened { try await store.close() }
    }

    @Test func theSeededBankSurvivesAReopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("lango.db")
        let anchor = try #require(ISO8601.parse("2026-11-01"))
        let first = try await Store.openSQLite(path: path)
        #expect(try await SandboxBank(ledger: first.sandboxLedger).bootstrap(anchor: anchor))
        let posted = try await first.sandboxLedger.post(
            LedgerEntry(
                id: "TX-TEST-1", accountID: "C0001-KES-1", amount: Money(minorUnits: 12_345, currency: "KES"),
                creditDebit: .credit, bookedAt: anchor.addingTimeInterval(3_600.5), information: "Top-up"))
        try await first.close()

        let second = try await Store.openSQLite(path: path)
        #expect(try await SandboxBank(ledger: second.sandboxLedger).bootstrap(anchor: anchor) == false)
        #expect(try await second.sandboxLedger.seededAnchor() == anchor)
        let balance = try #require(try await second.sandboxLedger.balance(accountID: "C0001-KES-1"))
        #expect(balance.amount == posted.balanceAfter)
        let newest = try await second.sandboxLedger.transactions(accountID: "C0001-KES-1", query: TransactionQuery(limit: 1))
        #expect(newest.transactions == [posted])
        try await second.close()
    }

    /// A ledger seeded before transactions had a direction column gets it filled on upgrade.
    @Test func upgradingFillsTheDirectionOfEarlierTransactions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("lango.db")
        let anchor = try #require(ISO8601.parse("2026-11-01"))
        let first = try await Store.openSQLite(path: path)
        try await SandboxBank(ledger: first.sandboxLedger).bootstrap(anchor: anchor)
        let history = try await first.sandboxLedger.transactions(accountID: "C0001-KES-1", query: TransactionQuery(limit: 100_000))
        // Back to the schema before migration 9.
        try await first.backend.transaction { database in
            try await database.raw("ALTER TABLE sandbox_transactions DROP COLUMN credit_debit").run()
            try await database.raw("DELETE FROM lango_schema_migrations WHERE version = 9").run()
        }
        try await first.close()

        let upgraded = try await Store.openSQLite(path: path)
        for direction in CreditDebit.allCases {
            let query = TransactionQuery(creditDebit: direction, offset: 3, limit: 20)
            let page = try await upgraded.sandboxLedger.transactions(accountID: "C0001-KES-1", query: query)
            #expect(page == TransactionPage(selecting: query, from: history.transactions))
            #expect(page.transactions.count == 20)
        }
        try await upgraded.close()
    }
}
