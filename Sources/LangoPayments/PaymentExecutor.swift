import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import Logging

/// Executes the payments that are due: leases them, books each as a debit on the account the
/// customer chose, and records the outcome. Every node runs one; the store's leases keep two
/// nodes off one payment.
///
/// A payment is marked `AcceptedSettlementInProcess` before its debit is booked. A node that
/// stops between the two, or a core that does not answer in time, leaves it there: it is never
/// booked twice, and is logged for the bank to reconcile. A core that refuses the call
/// (unavailable) booked nothing, so the payment goes back to `Pending` for ``retryDelay``.
public struct PaymentExecutor: Sendable {
    public let store: any PaymentStore
    let bank: any CoreBank
    let clock: @Sendable () -> Date
    let changed: @Sendable (DomesticPayment, Transaction?) async -> Void
    let logger: Logger

    /// How long a node holds the payments it leased; a node that stops releases them when this ends.
    public static let lease: Duration = .seconds(60)
    /// How long a payment waits after the core was unavailable.
    public static let retryDelay: Duration = .seconds(30)
    /// How long the core may take to book a payment.
    public static let bookingTimeout: Duration = .seconds(10)

    /// `changed` hears of every payment that reached a final status, with the transaction it
    /// booked (for webhooks).
    public init(
        store: any PaymentStore, bank: any CoreBank, clock: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "lango.payments"),
        changed: @escaping @Sendable (DomesticPayment, Transaction?) async -> Void = { _, _ in }
    ) {
        self.store = store
        self.bank = bank
        self.clock = clock
        self.logger = logger
        self.changed = changed
    }

    /// How many payments one pass leases at most.
    public static let batchSize = 50

    /// Executes the payments due (up to ``batchSize``); returns how many it leased.
    @discardableResult
    public func executeDue() async throws -> Int {
        let due = try await store.leaseDue(at: clock(), for: Self.lease, limit: Self.batchSize)
        for payment in due { try await execute(payment) }
        return due.count
    }

    private func execute(_ payment: DomesticPayment) async throws {
        let booking = payment.startingSettlement(at: clock())
        guard try await store.update(booking, expectedVersion: payment.version) else { return }
        let outcome: DomesticPayment
        var booked: Transaction?
        if payment.scenario == .rejectedByReceivingBank {
            outcome = booking.rejected(reason: "the receiving bank rejected the payment (sandbox scenario)", at: clock())
        } else {
            do {
                let transaction = try await bank.postTransaction(
                    payment.debtorAccountID, posting(for: payment),
                    CoreRequestContext(
                        scope: CustomerScope(customerID: payment.customerID, accounts: [payment.debtorAccountID]),
                        timeout: Self.bookingTimeout, interactionID: payment.id))
                outcome = booking.settled(transactionID: transaction.id, at: clock())
                booked = transaction
            } catch let error as CoreBankError where error.category == .unavailable {
                logger.warning(
                    "core unavailable; payment postponed", metadata: ["payment_id": .string(payment.id), "error": .string(error.description)])
                _ = try await store.update(booking.postponed(until: clock().addingTimeInterval(Self.retryDelay.timeInterval)), expectedVersion: booking.version)
                return
            } catch let error as CoreBankError where error.category != .timeout {
                outcome = booking.rejected(reason: error.description, at: clock())
            } catch {
                // The core may or may not have booked it: never book it again; the bank reconciles.
                logger.error(
                    "payment booking outcome unknown; left in process for reconciliation",
                    metadata: ["payment_id": .string(payment.id), "error": .string(String(describing: error))])
                return
            }
        }
        guard try await store.update(outcome, expectedVersion: booking.version) else { return }
        logger.info(
            "payment executed",
            metadata: ["payment_id": .string(payment.id), "status": .string(outcome.status.rawValue)])
        await changed(outcome, booked)
    }

    private func posting(for payment: DomesticPayment) -> TransactionPosting {
        let initiation = payment.initiation
        return TransactionPosting(
            amount: initiation.amount, creditDebit: .debit,
            information: "Payment to \(initiation.creditorAccount.name ?? initiation.creditorAccount.identification)",
            reference: initiation.remittanceReference ?? initiation.endToEndIdentification)
    }
}
