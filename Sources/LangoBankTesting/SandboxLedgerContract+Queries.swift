import Foundation
import LangoBank

extension SandboxLedgerContract {
    static func bookingDateWindow(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let (a, c, b, d, e) = (Fixture.salary, Fixture.mobileMoney, Fixture.groceries, Fixture.lateNight, Fixture.interest)
        let tie = b.bookedAt
        let second: TimeInterval = 1
        let windows: [(from: Date?, to: Date?, expected: [Transaction])] = [
            (nil, nil, [e, d, b, c, a]),
            (tie, nil, [e, d, b, c]),
            (nil, tie, [b, c, a]),
            (tie.addingTimeInterval(second), nil, [e, d]),
            (nil, tie.addingTimeInterval(-second), [a]),
            (tie, tie, [b, c]),
            (d.bookedAt, e.bookedAt, [e, d]),
            (a.bookedAt, e.bookedAt, [e, d, b, c, a]),
            (a.bookedAt.addingTimeInterval(second), e.bookedAt.addingTimeInterval(-second), [d, b, c]),
            (e.bookedAt.addingTimeInterval(second), nil, []),
            (nil, a.bookedAt.addingTimeInterval(-second), []),
            (Fixture.utc(2026, 2, 11), Fixture.utc(2026, 2, 19), []),
        ]
        for window in windows {
            try await check.expectPage(
                Fixture.current.id, TransactionQuery(from: window.from, to: window.to, limit: wholeHistory), window.expected,
                totalCount: window.expected.count, available: (a, e))
        }
        try await check.expectPage(Fixture.jumaCurrent.id, TransactionQuery(from: tie, to: tie, limit: wholeHistory),
                                   [Fixture.jumaRent], totalCount: 1, available: (Fixture.jumaRent, Fixture.jumaRent))
        try await check.expectPage(Fixture.savings.id, TransactionQuery(from: tie, to: tie, limit: wholeHistory), [],
                                   totalCount: 0, available: nil)
    }

    static func direction(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let (a, c, b, d, e) = (Fixture.salary, Fixture.mobileMoney, Fixture.groceries, Fixture.lateNight, Fixture.interest)
        let queries: [(TransactionQuery, expected: [Transaction], total: Int)] = [
            (TransactionQuery(creditDebit: .credit, limit: wholeHistory), [e, a], 2),
            (TransactionQuery(creditDebit: .debit, limit: wholeHistory), [d, b, c], 3),
            (TransactionQuery(from: b.bookedAt, creditDebit: .credit, limit: wholeHistory), [e], 1),
            (TransactionQuery(to: b.bookedAt, creditDebit: .debit, limit: wholeHistory), [b, c], 2),
            (TransactionQuery(creditDebit: .debit, offset: 1, limit: 1), [b], 3),
            (TransactionQuery(creditDebit: .debit, offset: 3, limit: 1), [], 3),
        ]
        for (query, expected, total) in queries {
            try await check.expectPage(Fixture.current.id, query, expected, totalCount: total, available: (a, e))
        }
    }

    static func paging(_ check: SandboxLedgerContractCheck) async throws {
        try await loadFixture(check)
        let (a, c, b, d, e) = (Fixture.salary, Fixture.mobileMoney, Fixture.groceries, Fixture.lateNight, Fixture.interest)
        let pages: [(from: Date?, offset: Int, limit: Int, expected: [Transaction], total: Int)] = [
            (nil, 0, 2, [e, d], 5),
            (nil, 2, 2, [b, c], 5),
            (nil, 4, 2, [a], 5),
            (nil, 5, 2, [], 5),
            (nil, 1_000, 2, [], 5),
            (nil, 0, 0, [], 5),
            (nil, 3, 0, [], 5),
            (nil, 0, 5, [e, d, b, c, a], 5),
            (nil, 1, 1, [d], 5),
            (nil, 3, 1, [c], 5),
            (b.bookedAt, 1, 2, [d, b], 4),
            (b.bookedAt, 3, 10, [c], 4),
            (b.bookedAt, 4, 10, [], 4),
        ]
        for page in pages {
            try await check.expectPage(
                Fixture.current.id, TransactionQuery(from: page.from, offset: page.offset, limit: page.limit),
                page.expected, totalCount: page.total, available: (a, e))
        }
        let invalid = [
            TransactionQuery(offset: -1, limit: 2), TransactionQuery(limit: -1),
            TransactionQuery(from: b.bookedAt, to: b.bookedAt.addingTimeInterval(-1), limit: 2),
        ]
        for query in invalid {
            try await check.expectFailure("transactions(accountID: \(Fixture.current.id), query: \(query))", .invalidRequest) {
                try await check.ledger.transactions(accountID: Fixture.current.id, query: query)
            }
        }
    }

    static func generatedDataset(_ check: SandboxLedgerContractCheck) async throws {
        let dataset = SandboxDataset.generate(anchor: Fixture.anchor)
        try await check.value("load(generated dataset)") { try await check.ledger.load(dataset) }
        let ledger = check.ledger
        try await check.expect("seededAnchor()", equals: dataset.anchor) { try await ledger.seededAnchor() }
        for party in dataset.parties {
            try await check.expect("party(customerID: \(party.customerID))", equals: party) {
                try await ledger.party(customerID: party.customerID)
            }
            let accounts = dataset.accounts.filter { $0.customerID == party.customerID }.sorted { $0.id < $1.id }
            try await check.expect("accounts(customerID: \(party.customerID))", equals: accounts) {
                try await ledger.accounts(customerID: party.customerID)
            }
        }
        let closing = dataset.closingBalances()
        let histories = Dictionary(grouping: dataset.transactions, by: \.accountID)
        for account in dataset.accounts {
            try await check.expect("account(id: \(account.id))", equals: account) { try await ledger.account(id: account.id) }
            let expectedBalance = closing[account.id].map { SandboxLedgerSnapshot.Balance(amount: $0.amount, creditDebit: $0.creditDebit) }
            try check.expect("balance(accountID: \(account.id))", try await check.balance(account.id), equals: expectedBalance)
            let history = histories[account.id] ?? []
            for query in sampleQueries(history) {
                try check.expect("transactions(accountID: \(account.id), query: \(query))",
                                 try await check.page(account.id, query),
                                 equals: TransactionPage(selecting: query, from: history))
            }
        }
    }

    /// The whole history, then the middle third (bounds on real booking times) page by page,
    /// and open-ended windows over the first and last ten days.
    private static func sampleQueries(_ history: [Transaction]) -> [TransactionQuery] {
        var queries = [TransactionQuery(limit: wholeHistory)]
        let times = history.map(\.bookedAt).sorted()
        guard let first = times.first, let last = times.last else { return queries }
        let from = times[times.count / 3]
        let to = times[times.count * 2 / 3]
        let pageSize = 25
        let inWindow = times.filter { $0 >= from && $0 <= to }.count
        for offset in stride(from: 0, through: inWindow, by: pageSize) {
            queries.append(TransactionQuery(from: from, to: to, offset: offset, limit: pageSize))
        }
        let tenDays: TimeInterval = 10 * 86_400
        queries.append(TransactionQuery(to: first.addingTimeInterval(tenDays), limit: wholeHistory))
        queries.append(TransactionQuery(from: last.addingTimeInterval(-tenDays), offset: 2, limit: 7))
        queries.append(TransactionQuery(from: from, to: to, creditDebit: .credit, offset: 1, limit: pageSize))
        queries.append(TransactionQuery(creditDebit: .debit, offset: pageSize, limit: pageSize))
        return queries
    }
}
