import Foundation
import LangoBank
import LangoContractTesting

/// The behaviour every ``SandboxLedger`` must show, as an executable check.
///
/// `verify` asks `makeEmptyLedger` for a fresh, empty ledger per check and runs:
/// - **empty ledger**: no anchor, parties, accounts, balances or transactions; posting fails;
/// - **load and read back**: a hand-written dataset comes back exactly (every field, accounts
///   ordered by id, balances, newest-first histories with same-second ties broken by id);
/// - **second load** and **inconsistent dataset**: rejected, all or nothing;
/// - **booking-date window** and **paging**: inclusive bounds to the second, offsets and limits
///   at and past the edges, whole-history `firstAvailable`/`lastAvailable`, invalid queries refused;
/// - **direction**: only credits or only debits, counted and paged in that direction;
/// - **post credit**, **post debit**, **debit to zero**, **insufficient funds**, **unknown
///   account**, **rejected entries**, **same-second posts**: balances and histories move
///   exactly, and a refused post changes nothing;
/// - **concurrent posts**: simultaneous credits and debits on one account stay atomic;
/// - **generated dataset**: ``SandboxDataset/generate(anchor:)`` reads back exactly, and its
///   windows and pages match ``TransactionPage/init(selecting:from:)``.
///
/// It throws a ``ContractViolation`` at the first deviation. It does not depend on
/// a test framework, so any test suite can call it.
public enum SandboxLedgerContract {
    /// How violations name this contract.
    static let contractName = "sandbox ledger"

    /// A limit larger than any history the checks use.
    static let wholeHistory = 100_000

    /// Runs every check, each on a new ledger from `makeEmptyLedger`.
    public static func verify(_ makeEmptyLedger: () async throws -> any SandboxLedger) async throws {
        func check(_ name: String) async throws -> SandboxLedgerContractCheck {
            do {
                return SandboxLedgerContractCheck(name: name, ledger: try await makeEmptyLedger())
            } catch {
                throw ContractViolation.unexpectedError(contract: SandboxLedgerContract.contractName, check: name, subject: "makeEmptyLedger()", error)
            }
        }
        try await emptyLedger(check("empty ledger"))
        try await loadAndReadBack(check("load and read back"))
        try await secondLoad(check("second load"))
        for (name, dataset) in inconsistentDatasets() {
            try await inconsistentDataset(check("inconsistent dataset: \(name)"), dataset)
        }
        try await bookingDateWindow(check("booking-date window"))
        try await paging(check("paging"))
        try await direction(check("direction"))
        try await postCredit(check("post credit"))
        try await postDebit(check("post debit"))
        try await debitToZero(check("debit to zero"))
        try await insufficientFunds(check("insufficient funds"))
        try await unknownAccount(check("unknown account"))
        try await rejectedEntries(check("rejected entries"))
        try await sameSecondPosts(check("same-second posts"))
        try await concurrentPosts(check("concurrent posts"))
        try await generatedDataset(check("generated dataset"))
    }

    typealias Fixture = SandboxLedgerContractFixture

    /// The fixture's customers and accounts plus unknown ones, for before/after snapshots.
    static let fixtureCustomers = ["K0001", "K0002", "K0003", "K0009"]
    static let fixtureAccounts = [
        Fixture.current.id, Fixture.savings.id, Fixture.dollars.id, Fixture.jumaCurrent.id, "K0001-KES-9",
    ]

    static func loadFixture(_ check: SandboxLedgerContractCheck) async throws(ContractViolation) {
        try await check.value("load(fixture)") { try await check.ledger.load(Fixture.dataset) }
    }

    static func fixtureSnapshot(_ check: SandboxLedgerContractCheck) async throws(ContractViolation)
        -> SandboxLedgerSnapshot
    {
        try await check.snapshot(customers: fixtureCustomers, accounts: fixtureAccounts)
    }

    /// An entry on `account` booked at the fixture anchor plus `seconds`.
    static func entry(_ id: String, _ account: Account, _ minorUnits: Int64, _ creditDebit: CreditDebit,
                      seconds: TimeInterval = 9 * 3_600, information: String = "SANDBOX POSTING",
                      currency: String? = nil) -> LedgerEntry {
        LedgerEntry(
            id: id, accountID: account.id, amount: Money(minorUnits: minorUnits, currency: currency ?? account.currency),
            creditDebit: creditDebit, bookedAt: Fixture.anchor.addingTimeInterval(seconds), information: information
        )
    }

    static func post(_ check: SandboxLedgerContractCheck, _ entry: LedgerEntry) async throws(ContractViolation)
        -> Transaction
    {
        try await check.value("post(\(entry.id))") { try await check.ledger.post(entry) }
    }
}
