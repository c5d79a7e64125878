import Foundation
import LangoBank
import LangoJSON
import SQLKit

/// ``SandboxLedger`` on SQL: parties, accounts and transactions stored as JSON bodies, with
/// the columns queries need (owner, booking time, balance) kept beside them.
public struct SQLSandboxLedger: SandboxLedger {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func seededAnchor() async throws -> Date? {
        try await backend.read { database in
            try await Self.anchor(in: database)
        }
    }

    public func load(_ dataset: SandboxDataset) async throws {
        try dataset.validate()
        let balances = dataset.closingBalances()
        try await backend.transaction { database in
            let anchor = try await Self.anchor(in: database)
            let anyAccount = try await database.raw("SELECT id FROM sandbox_accounts LIMIT 1").first()
            guard anchor == nil, anyAccount == nil else { throw CoreBankError.invalidRequest("the sandbox ledger is already loaded") }
            for party in dataset.parties {
                try await database.raw(
                    "INSERT INTO sandbox_parties (customer_id, body) VALUES (\(bind: party.customerID), \(bind: try StoredJSON.text(party)))"
                ).run()
            }
            for account in dataset.accounts {
                let balance = balances[account.id].map { $0.amount.signedMinorUnits($0.creditDebit) } ?? 0
                try await database.raw(
                    """
                    INSERT INTO sandbox_accounts (id, customer_id, currency, balance_minor, body)
                    VALUES (\(bind: account.id), \(bind: account.customerID), \(bind: account.currency), \(bind: balance),
                            \(bind: try StoredJSON.text(account)))
                    """
                ).run()
            }
            // Many rows per statement: seeding thousands of transactions one by one is slow.
            for batch in stride(from: 0, to: dataset.transactions.count, by: 200) {
                let rows = dataset.transactions[batch..<min(batch + 200, dataset.transactions.count)]
                var values: [SQLQueryString] = []
                for transaction in rows {
                    values.append(
                        "(\(bind: transaction.id), \(bind: transaction.accountID), \(bind: Milliseconds.from(transaction.bookedAt)), \(bind: transaction.creditDebit.rawValue), \(bind: try StoredJSON.text(transaction)))"
                    )
                }
                try await database.raw(
                    "INSERT INTO sandbox_transactions (id, account_id, booked_at, credit_debit, body) VALUES \(values.joined(separator: ", "))"
                ).run()
            }
            try await database.raw(
                "INSERT INTO sandbox_meta (name, value) VALUES ('anchor', \(bind: ISO8601.format(dataset.anchor, fractionalSeconds: true)))"
            ).run()
        }
    }

    public func party(customerID: String) async throws -> Party? {
        try await backend.read { database in
            try await database.raw("SELECT body FROM sandbox_parties WHERE customer_id = \(bind: customerID)").first()
                .map { try StoredJSON.decode(Party.self, column: "body", of: $0) }
        }
    }

    public func accounts(customerID: String) async throws -> [Account] {
        try await backend.read { database in
            try await database.raw("SELECT body FROM sandbox_accounts WHERE customer_id = \(bind: customerID) ORDER BY id").all()
                .map { try StoredJSON.decode(Account.self, column: "body", of: $0) }
        }
    }

    public func account(id: String) async throws -> Account? {
        try await backend.read { database in
            try await database.raw("SELECT body FROM sandbox_accounts WHERE id = \(bind: id)").first()
                .map { try StoredJSON.decode(Account.self, column: "body", of: $0) }
        }
    }

    public func balance(accountID: String) async throws -> LedgerBalance? {
        try await backend.read { database in
            try await Self.balance(of: accountID, in: database)
        }
    }

    public func transactions(accountID: String, query: TransactionQuery) async throws -> TransactionPage {
        try query.validate()
        return try await backend.read { database in
            // Bounds as milliseconds: the inclusive window on booked_at.
            let from = query.from.map(Milliseconds.from) ?? Int64.min
            let to = query.to.map(Milliseconds.from) ?? Int64.max
            var window: SQLQueryString =
                "account_id = \(bind: accountID) AND booked_at >= \(bind: from) AND booked_at <= \(bind: to)"
            if let creditDebit = query.creditDebit {
                window = window + " AND credit_debit = \(bind: creditDebit.rawValue)"
            }
            let total = try await database.raw("SELECT COUNT(*) AS n FROM sandbox_transactions WHERE \(window)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let rows = try await database.raw(
                """
                SELECT body FROM sandbox_transactions WHERE \(window)
                ORDER BY booked_at DESC, id DESC LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)
                """
            ).all()
            let range = try await database.raw(
                "SELECT MIN(booked_at) AS first, MAX(booked_at) AS last FROM sandbox_transactions WHERE account_id = \(bind: accountID)"
            ).first()
            return TransactionPage(
                transactions: try rows.map { try StoredJSON.decode(Transaction.self, column: "body", of: $0) },
                totalCount: total,
                firstAvailable: try range?.decode(column: "first", as: Int64?.self).map(Milliseconds.date),
                lastAvailable: try range?.decode(column: "last", as: Int64?.self).map(Milliseconds.date)
            )
        }
    }

    public func post(_ entry: LedgerEntry) async throws -> Transaction {
        try await backend.transaction { database in
            guard let row = try await database.raw("SELECT body FROM sandbox_accounts WHERE id = \(bind: entry.accountID)").first()
            else { throw CoreBankError.notFound(resource: "account", id: entry.accountID) }
            try entry.validate(against: try StoredJSON.decode(Account.self, column: "body", of: row))
            guard try await database.raw("SELECT id FROM sandbox_transactions WHERE id = \(bind: entry.id)").first() == nil else {
                throw CoreBankError.invalidRequest("transaction id \(entry.id) is already used")
            }
            guard let current = try await Self.balance(of: entry.accountID, in: database) else {
                throw CoreBankError.notFound(resource: "account", id: entry.accountID)
            }
            let after = try entry.balance(after: current)
            let transaction = entry.transaction(balanceAfter: after)
            try await database.raw(
                "UPDATE sandbox_accounts SET balance_minor = \(bind: after.amount.signedMinorUnits(after.creditDebit)) WHERE id = \(bind: entry.accountID)"
            ).run()
            try await database.raw(
                """
                INSERT INTO sandbox_transactions (id, account_id, booked_at, credit_debit, body)
                VALUES (\(bind: transaction.id), \(bind: transaction.accountID), \(bind: Milliseconds.from(transaction.bookedAt)),
                        \(bind: transaction.creditDebit.rawValue), \(bind: try StoredJSON.text(transaction)))
                """
            ).run()
            return transaction
        }
    }

    private static func anchor(in database: any SQLDatabase) async throws -> Date? {
        guard let row = try await database.raw("SELECT value FROM sandbox_meta WHERE name = 'anchor'").first() else { return nil }
        let text = try row.decode(column: "value", as: String.self)
        guard let anchor = ISO8601.parse(text) else { throw StoreError.corrupt("sandbox anchor \(text) is not a date") }
        return anchor
    }

    private static func balance(of accountID: String, in database: any SQLDatabase) async throws -> LedgerBalance? {
        guard let row = try await database.raw(
            "SELECT currency, balance_minor FROM sandbox_accounts WHERE id = \(bind: accountID)"
        ).first() else { return nil }
        return Money.ledgerBalance(
            signedMinorUnits: try row.decode(column: "balance_minor", as: Int64.self),
            currency: try row.decode(column: "currency", as: String.self)
        )
    }
}
