import Foundation
import LangoBank
import LangoBankTesting
import LangoContractTesting
import Testing

/// The contract must catch broken ledgers, or passing it proves nothing.
struct SandboxLedgerContractTests {
    /// One deliberate bug each, on top of the in-memory ledger.
    enum Fault: CaseIterable, Sendable {
        case forgetsTheAnchor, accountsInLoadOrder, exclusiveUpperBound, tiesByAscendingID, windowedAvailability,
            dropsValueTime, loadsWhatItCan, acceptsForeignCurrency, offsetOffByOne, refusesZeroBalanceDebit,
            toleratesNegativeOffsets

        /// The check that must report the fault.
        var check: String {
            switch self {
            case .forgetsTheAnchor, .accountsInLoadOrder, .tiesByAscendingID, .dropsValueTime: "load and read back"
            case .exclusiveUpperBound, .windowedAvailability: "booking-date window"
            case .loadsWhatItCan: "inconsistent dataset: a transaction id used twice"
            case .acceptsForeignCurrency: "rejected entries"
            case .offsetOffByOne, .toleratesNegativeOffsets: "paging"
            case .refusesZeroBalanceDebit: "debit to zero"
            }
        }
    }

    private actor FaultyLedger: SandboxLedger {
        let base: any SandboxLedger = InMemorySandboxLedger()
        let fault: Fault
        private var loadOrder: [String] = []

        init(_ fault: Fault) { self.fault = fault }

        func seededAnchor() async throws -> Date? {
            fault == .forgetsTheAnchor ? nil : try await base.seededAnchor()
        }

        func load(_ dataset: SandboxDataset) async throws {
            loadOrder = dataset.accounts.map(\.id)
            guard fault == .loadsWhatItCan else { return try await base.load(dataset) }
            var usable = dataset
            var seen: Set<String> = []
            usable.transactions = dataset.transactions.filter { seen.insert($0.id).inserted }
            try await base.load(usable)
        }

        func party(customerID: String) async throws -> Party? { try await base.party(customerID: customerID) }

        func accounts(customerID: String) async throws -> [Account] {
            let accounts = try await base.accounts(customerID: customerID)
            guard fault == .accountsInLoadOrder else { return accounts }
            return accounts.sorted { (loadOrder.firstIndex(of: $0.id) ?? 0) < (loadOrder.firstIndex(of: $1.id) ?? 0) }
        }

        func account(id: String) async throws -> Account? { try await base.account(id: id) }

        func balance(accountID: String) async throws -> LedgerBalance? { try await base.balance(accountID: accountID) }

        func transactions(accountID: String, query: TransactionQuery) async throws -> TransactionPage {
            var query = query
            switch fault {
            case .exclusiveUpperBound: query.to = query.to?.addingTimeInterval(-1)
            case .offsetOffByOne where query.offset > 0: query.offset -= 1
            case .toleratesNegativeOffsets: query.offset = max(0, query.offset)
            default: break
            }
            var page = try await base.transactions(accountID: accountID, query: query)
            switch fault {
            case .tiesByAscendingID:
                page.transactions.sort { ($0.bookedAt, $1.id) > ($1.bookedAt, $0.id) }
            case .windowedAvailability:
                page.firstAvailable = page.transactions.last?.bookedAt
                page.lastAvailable = page.transactions.first?.bookedAt
            case .dropsValueTime:
                page.transactions = page.transactions.map { var copy = $0; copy.valueAt = copy.bookedAt; return copy }
            default: break
            }
            return page
        }

        func post(_ entry: LedgerEntry) async throws -> Transaction {
            var entry = entry
            if fault == .acceptsForeignCurrency, let account = try await base.account(id: entry.accountID) {
                entry.amount.currency = account.currency
            }
            if fault == .refusesZeroBalanceDebit, entry.creditDebit == .debit,
                let balance = try await base.balance(accountID: entry.accountID),
                balance.amount.minorUnits == entry.amount.minorUnits
            {
                throw CoreBankError.insufficientFunds(accountID: entry.accountID)
            }
            return try await base.post(entry)
        }
    }

    @Test(arguments: Fault.allCases)
    func reportsABrokenLedger(fault: Fault) async {
        let error = await #expect(throws: ContractViolation.self) {
            try await SandboxLedgerContract.verify { FaultyLedger(fault) }
        }
        #expect(error?.check == fault.check, "\(error.map(String.init(describing:)) ?? "no violation")")
    }

    @Test func violationsSayWhatWasExpected() async {
        let error = await #expect(throws: ContractViolation.self) {
            try await SandboxLedgerContract.verify { FaultyLedger(.forgetsTheAnchor) }
        }
        #expect(error?.subject == "seededAnchor()")
        #expect(error?.description.hasPrefix(#"sandbox ledger contract, check "load and read back": seededAnchor(): expected "#)
            == true)
    }

    @Test func aFailingFactoryIsReported() async {
        struct Unreachable: Error {}
        let error = await #expect(throws: ContractViolation.self) {
            try await SandboxLedgerContract.verify { throw Unreachable() }
        }
        #expect(error?.check == "empty ledger")
        #expect(error?.subject == "makeEmptyLedger()")
    }
}
