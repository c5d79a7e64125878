import Foundation

/// The sandbox core bank: a ``CoreBank`` over a ``SandboxLedger`` seeded with
/// ``SandboxDataset/generate(anchor:)``.
///
/// It applies the request's ``CustomerScope`` (anything outside it is
/// ``CoreBankError/notFound(resource:id:)``), reports balances at `clock()` and books postings
/// at `clock()`, truncated to whole seconds like every stored time.
public struct SandboxBank: CoreBank {
    private let ledger: any SandboxLedger
    private let clock: @Sendable () -> Date

    /// A bank over `ledger`, telling time with `clock`.
    public init(ledger: any SandboxLedger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.ledger = ledger
        self.clock = clock
    }

    /// Loads the dataset for `anchor` if the ledger is empty; returns whether it did.
    ///
    /// A ledger that already holds a dataset (from an earlier start, or another node) is left alone.
    @discardableResult
    public func bootstrap(anchor: Date) async throws -> Bool {
        guard try await ledger.seededAnchor() == nil else { return false }
        try await ledger.load(SandboxDataset.generate(anchor: anchor))
        return true
    }

    /// The scope's customer; `notFound` for a customer the ledger does not know.
    public func party(_ context: CoreRequestContext) async throws -> Party {
        let customerID = context.scope.customerID
        guard let party = try await ledger.party(customerID: customerID) else {
            throw CoreBankError.notFound(resource: "party", id: customerID)
        }
        return party
    }

    /// The customer's accounts in the scope, ordered by id.
    public func accounts(_ context: CoreRequestContext) async throws -> [Account] {
        try await ledger.accounts(customerID: context.scope.customerID).filter(context.scope.includes)
    }

    /// The account, when it is in the scope; otherwise `notFound`, as for a missing one.
    public func account(_ id: String, _ context: CoreRequestContext) async throws -> Account {
        guard let account = try await ledger.account(id: id), context.scope.includes(account) else {
            throw CoreBankError.notFound(resource: "account", id: id)
        }
        return account
    }

    /// `InterimBooked` and `InterimAvailable` (equal in the sandbox) at the clock's time.
    public func balances(_ accountID: String, _ context: CoreRequestContext) async throws -> [Balance] {
        _ = try await account(accountID, context)
        guard let booked = try await ledger.balance(accountID: accountID) else {
            throw CoreBankError.notFound(resource: "account", id: accountID)
        }
        let now = wholeSecondsNow()
        return ["InterimBooked", "InterimAvailable"].map {
            Balance(accountID: accountID, type: $0, amount: booked.amount, creditDebit: booked.creditDebit, at: now)
        }
    }

    /// The page `query` selects; an invalid query is `invalidRequest`.
    public func transactions(_ accountID: String, _ query: TransactionQuery, _ context: CoreRequestContext) async throws
        -> TransactionPage
    {
        try query.validate()
        _ = try await account(accountID, context)
        return try await ledger.transactions(accountID: accountID, query: query)
    }

    /// Books `posting` at the clock's time under a fresh `TX-<account>-<hex>` id, after checking currency, amount and funds.
    public func postTransaction(_ accountID: String, _ posting: TransactionPosting, _ context: CoreRequestContext)
        async throws -> Transaction
    {
        let account = try await account(accountID, context)
        let entry = LedgerEntry(
            id: "TX-\(accountID)-\(Self.randomSuffix())", accountID: accountID, amount: posting.amount,
            creditDebit: posting.creditDebit, bookedAt: wholeSecondsNow(), information: posting.information,
            reference: posting.reference
        )
        try entry.validate(against: account)
        return try await ledger.post(entry)
    }

    private func wholeSecondsNow() -> Date {
        Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down))
    }

    /// Sixteen upper-case hex digits; posted ids only need to be unique, not reproducible.
    private static func randomSuffix() -> String {
        let digits = String(UInt64.random(in: .min ... .max), radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
