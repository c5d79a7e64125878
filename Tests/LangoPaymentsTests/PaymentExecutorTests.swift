import Foundation
import LangoBank
import LangoJSON
import LangoPayments
import LangoPaymentsTesting
import Synchronization
import Testing

/// Payments executed against the sandbox bank: balances move, outcomes are recorded once.
struct PaymentExecutorTests {
    static let anchor = ISO8601.parse("2026-03-01T00:00:00Z")!
    static let now = ISO8601.parse("2026-03-01T09:30:00Z")!
    static let debtor = "C0002-KES-1"

    let ledger = InMemorySandboxLedger()
    let store = InMemoryPaymentStore()
    let clock = Shared(Self.now)

    func bank() async throws -> SandboxBank {
        let bank = SandboxBank(ledger: ledger, clock: { Self.now })
        try await bank.bootstrap(anchor: Self.anchor)
        return bank
    }

    func executor(_ bank: any CoreBank) -> PaymentExecutor {
        PaymentExecutor(store: store, bank: bank, clock: { [clock] in clock.value })
    }

    /// The payments one announcement pass tells of, as they were stored.
    func announced() async throws -> [DomesticPayment] {
        let told = Shared<[DomesticPayment]>([])
        try await PaymentAnnouncer(store: store, clock: { [clock] in clock.value }) { payment in told.change { $0.append(payment) } }
            .announceDue()
        return told.value
    }

    static func payment(amount: String, currency: String = "KES", sandbox: Bool = true) throws -> DomesticPayment {
        try SamplePayments.domestic(amount: amount, currency: currency, debtorAccountID: debtor, sandbox: sandbox, at: now)
    }

    @Test func meetsTheContractInMemory() async throws {
        try await PaymentStoreContract.verify { InMemoryPaymentStore() }
    }

    @Test func aPaymentDebitsTheChosenAccountOnce() async throws {
        let bank = try await bank()
        let before = try #require(try await ledger.balance(accountID: Self.debtor)).amount.minorUnits
        let payment = try Self.payment(amount: "150.25")
        try await store.create([payment])
        #expect(try await executor(bank).executeDue() == 1)
        #expect(try await executor(bank).executeDue() == 0)

        let done = try #require(try await store.payment(id: payment.id))
        #expect(done.status == .acceptedSettlementCompleted)
        let transactionID = try #require(done.transactionID)
        #expect(try await ledger.balance(accountID: Self.debtor)?.amount.minorUnits == before - 15_025)
        let newest = try await ledger.transactions(accountID: Self.debtor, query: TransactionQuery(limit: 1)).transactions
        #expect(newest.map(\.id) == [transactionID])
        #expect(newest.first?.creditDebit == .debit && newest.first?.reference == "INV-7")
        #expect(newest.first?.information == "Payment to Mama Mboga Stores")
        // The outcome is stored owing its events, with the balance the booking left; one pass tells them once.
        #expect(done.announcement?.balanceAfter?.minorUnits == before - 15_025 && done.announcement?.balanceAfterCreditDebit == .credit)
        #expect(try await announced() == [done])
        #expect(try await store.payment(id: payment.id)?.announcement == nil)
        #expect(try await announced() == [])
    }

    @Test func anOutcomeWhoseEventsWereNotWrittenIsToldAgainAfterItsLease() async throws {
        let payment = try Self.payment(amount: "3.00")
        try await store.create([payment])
        try await executor(try await bank()).executeDue()
        let failing = PaymentAnnouncer(store: store, clock: { [clock] in clock.value }) { _ in throw CoreBankError.unavailable("outbox down") }
        #expect(try await failing.announceDue() == 1)
        #expect(try await store.payment(id: payment.id)?.announcement != nil, "still owed")
        #expect(try await announced() == [], "held by the failed pass's lease")
        clock.change { $0 = Self.now.addingTimeInterval(PaymentAnnouncer.lease.timeInterval) }
        #expect(try await announced().map(\.id) == [payment.id])
    }

    @Test func insufficientFundsRejectAndBookNothing() async throws {
        let bank = try await bank()
        let before = try #require(try await ledger.balance(accountID: Self.debtor)).amount.minorUnits
        let payment = try Self.payment(amount: "99999999.00")
        try await store.create([payment])
        try await executor(bank).executeDue()
        let done = try #require(try await store.payment(id: payment.id))
        #expect(done.status == .rejected && done.transactionID == nil)
        #expect(done.rejectionReason?.contains("insufficient") == true || done.rejectionReason?.contains("exceeds") == true)
        #expect(try await ledger.balance(accountID: Self.debtor)?.amount.minorUnits == before)
    }

    @Test func theWrongCurrencyRejects() async throws {
        let payment = try Self.payment(amount: "10.00", currency: "USD")
        try await store.create([payment])
        try await executor(try await bank()).executeDue()
        #expect(try await store.payment(id: payment.id)?.status == .rejected)
    }

    @Test func sandboxScenariosRejectOrDelay() async throws {
        let bank = try await bank()
        let before = try #require(try await ledger.balance(accountID: Self.debtor)).amount.minorUnits
        let rejected = try Self.payment(amount: "20.91")
        let delayed = try Self.payment(amount: "20.92")
        try await store.create([rejected])
        try await store.create([delayed])
        #expect(try await executor(bank).executeDue() == 1)
        #expect(try await store.payment(id: rejected.id)?.status == .rejected)
        #expect(try await store.payment(id: delayed.id)?.status == .pending)
        #expect(try await ledger.balance(accountID: Self.debtor)?.amount.minorUnits == before)

        clock.change { $0 = Self.now.addingTimeInterval(SandboxPaymentScenario.delayedSeconds) }
        #expect(try await executor(bank).executeDue() == 1)
        #expect(try await store.payment(id: delayed.id)?.status == .acceptedSettlementCompleted)
        #expect(try await ledger.balance(accountID: Self.debtor)?.amount.minorUnits == before - 2_092)
    }

    @Test func theUnconfirmedScenarioLeavesThePaymentInProcessWithNothingBooked() async throws {
        let bank = try await bank()
        let before = try #require(try await ledger.balance(accountID: Self.debtor)).amount.minorUnits
        let payment = try Self.payment(amount: "20.93")
        try await store.create([payment])
        #expect(try await executor(bank).executeDue() == 1)
        #expect(try await store.payment(id: payment.id)?.status == .acceptedSettlementInProcess)
        #expect(try await ledger.balance(accountID: Self.debtor)?.amount.minorUnits == before)
        #expect(try await announced().isEmpty, "no outcome to tell")
        clock.change { $0 = Self.now.addingTimeInterval(3600) }
        #expect(try await executor(bank).executeDue() == 0, "never booked later")
    }

    @Test func productionPaymentsPlayNoScenario() async throws {
        let payment = try Self.payment(amount: "20.91", sandbox: false)
        try await store.create([payment])
        try await executor(try await bank()).executeDue()
        #expect(try await store.payment(id: payment.id)?.status == .acceptedSettlementCompleted)
    }

    @Test(arguments: [CoreBankError.unavailable("the core answered 502"), .timeout(.seconds(10))])
    func anUnconfirmedBookingIsNeverTriedAgain(error: CoreBankError) async throws {
        let payment = try Self.payment(amount: "5.00")
        try await store.create([payment])
        try await executor(FailingBank(error: error)).executeDue()
        #expect(try await store.payment(id: payment.id)?.status == .acceptedSettlementInProcess)
        clock.change { $0 = Self.now.addingTimeInterval(3600) }
        #expect(try await executor(try await bank()).executeDue() == 0)
        #expect(try await store.payment(id: payment.id)?.status == .acceptedSettlementInProcess)
    }

    @Test func aPaymentRunsOnlyOnceItsConsentRecordsIt() async throws {
        let bank = try await bank()
        let before = try #require(try await ledger.balance(accountID: Self.debtor)).amount.minorUnits
        let waiting = try Self.payment(amount: "7.00")
        let refused = try Self.payment(amount: "8.00")
        try await store.create([waiting, refused])
        let answers = Shared<[String: PaymentAuthorisation]>([waiting.id: .waiting, refused.id: .refused("the consent was used for another payment")])
        let executor = PaymentExecutor(
            store: store, bank: bank, clock: { [clock] in clock.value }, authorisation: { answers.value[$0.id] ?? .confirmed })
        #expect(try await executor.executeDue() == 2)
        let held = try #require(try await store.payment(id: waiting.id))
        #expect(held.status == .pending && held.executeAfter == Self.now.addingTimeInterval(PaymentExecutor.authorisationWait.timeInterval))
        #expect(try await store.payment(id: refused.id)?.status == .rejected)
        #expect(try await store.payment(id: refused.id)?.rejectionReason == "the consent was used for another payment")
        #expect(try await announced().map(\.id) == [refused.id])

        answers.change { $0[waiting.id] = .confirmed }
        clock.change { $0 = held.executeAfter }
        #expect(try await executor.executeDue() == 1)
        #expect(try await store.payment(id: waiting.id)?.status == .acceptedSettlementCompleted)
        #expect(try await ledger.balance(accountID: Self.debtor)?.amount.minorUnits == before - 700)
    }
}

/// A core whose bookings all fail with one error.
private struct FailingBank: CoreBank {
    let error: CoreBankError
    func party(_ context: CoreRequestContext) async throws -> Party { throw error }
    func accounts(_ context: CoreRequestContext) async throws -> [Account] { throw error }
    func account(_ id: String, _ context: CoreRequestContext) async throws -> Account { throw error }
    func balances(_ accountID: String, _ context: CoreRequestContext) async throws -> [Balance] { throw error }
    func transactions(_ accountID: String, _ query: TransactionQuery, _ context: CoreRequestContext) async throws -> TransactionPage {
        throw error
    }
    func postTransaction(_ accountID: String, _ posting: TransactionPosting, _ context: CoreRequestContext) async throws -> Transaction {
        throw error
    }
}

/// A value tests change while the code under test reads it.
final class Shared<Value: Sendable>: Sendable {
    private let state: Mutex<Value>
    init(_ value: Value) { state = Mutex(value) }
    var value: Value { state.withLock { $0 } }
    func change(_ edit: (inout Value) -> Void) { state.withLock { edit(&$0) } }
}
