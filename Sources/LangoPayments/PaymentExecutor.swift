import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import Logging

/// Executes the payments that are due: leases them, makes sure each is the one its consent was
/// consumed for, books each as a debit on the account the customer chose, and records the
/// outcome. Every node runs one; the store's leases keep two nodes off one payment.
///
/// A payment is marked `AcceptedSettlementInProcess` before its debit is booked. When the core
/// does not confirm the booking — it did not answer in time, was unavailable, or the node
/// stopped in between — the payment stays there: it is never booked twice, and is logged for
/// the bank to reconcile. A core that refuses the booking (insufficient funds, currency) rejects
/// the payment, with nothing booked. Each final outcome is stored owing its webhook events
/// (``DomesticPayment/announcement``), which ``PaymentAnnouncer`` then writes to the outbox.
public struct PaymentExecutor: Sendable {
    public let store: any PaymentStore
    let bank: any CoreBank
    let clock: @Sendable () -> Date
    let authorisation: @Sendable (DomesticPayment) async throws -> PaymentAuthorisation
    let logger: Logger

    /// How long a node holds the payments it leased; a node that stops releases them when this ends.
    public static let lease: Duration = .seconds(60)
    /// How long a payment waits for its consent to record it.
    public static let authorisationWait: Duration = .seconds(1)
    /// How long the core may take to book a payment.
    public static let bookingTimeout: Duration = .seconds(10)
    /// How many payments one pass leases at most.
    public static let batchSize = 50

    /// `authorisation` says whether a payment's consent was consumed for it (the gateway asks
    /// the consent store).
    public init(
        store: any PaymentStore, bank: any CoreBank, clock: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "lango.payments"),
        authorisation: @escaping @Sendable (DomesticPayment) async throws -> PaymentAuthorisation = { _ in .confirmed }
    ) {
        self.store = store
        self.bank = bank
        self.clock = clock
        self.logger = logger
        self.authorisation = authorisation
    }

    /// Executes the payments due (up to ``batchSize``); returns how many it leased. A payment
    /// that fails is logged and left to its lease; the others go on.
    @discardableResult
    public func executeDue() async throws -> Int {
        let due = try await store.leaseDue(at: clock(), for: Self.lease, limit: Self.batchSize)
        for payment in due {
            do {
                try await execute(payment)
            } catch {
                logger.error("payment not executed", metadata: ["payment_id": .string(payment.id), "error": .string(String(describing: error))])
            }
        }
        return due.count
    }

    private func execute(_ payment: DomesticPayment) async throws {
        switch try await authorisation(payment) {
        case .confirmed:
            break
        case .waiting:
            _ = try await store.update(
                payment.postponed(until: clock().addingTimeInterval(Self.authorisationWait.timeInterval)), expectedVersion: payment.version)
            return
        case .refused(let reason):
            _ = try await store.update(payment.rejected(reason: reason, at: clock()).announcing(nil), expectedVersion: payment.version)
            return
        }
        let booking = payment.startingSettlement(at: clock())
        guard try await store.update(booking, expectedVersion: payment.version) else { return }
        if payment.scenario == .unconfirmed {
            logger.notice("payment left in process for reconciliation (sandbox scenario)", metadata: ["payment_id": .string(payment.id)])
            return
        }
        let outcome: DomesticPayment
        if payment.scenario == .rejectedByReceivingBank {
            outcome = booking.rejected(reason: "the receiving bank rejected the payment (sandbox scenario)", at: clock()).announcing(nil)
        } else {
            do {
                let transaction = try await bank.postTransaction(
                    payment.debtorAccountID, posting(for: payment),
                    CoreRequestContext(
                        scope: CustomerScope(customerID: payment.customerID, accounts: [payment.debtorAccountID]),
                        timeout: Self.bookingTimeout, interactionID: payment.id))
                outcome = booking.settled(transactionID: transaction.id, at: clock()).announcing(transaction)
            } catch let error as CoreBankError where error.category != .timeout && error.category != .unavailable {
                outcome = booking.rejected(reason: error.description, at: clock()).announcing(nil)
            } catch {
                // The core may or may not have booked it: never book it again; the bank reconciles.
                logger.error(
                    "payment booking outcome unknown; left in process for reconciliation",
                    metadata: ["payment_id": .string(payment.id), "error": .string(String(describing: error))])
                return
            }
        }
        guard try await recorded(outcome, over: booking) else {
            // Only a reconciliation writes over a booking: it came before the core answered.
            let stored = try? await store.payment(id: payment.id)
            logger.critical(
                "payment outcome not recorded: the payment was reconciled while it was being booked; correct it by hand against the core's ledger and tell the app",
                metadata: [
                    "payment_id": .string(payment.id), "status": .string(outcome.status.rawValue),
                    "transaction_id": .string(outcome.transactionID ?? "-"), "stored_status": .string(stored?.status.rawValue ?? "-"),
                    "stored_transaction_id": .string(stored?.transactionID ?? "-"),
                ])
            return
        }
        logger.info("payment executed", metadata: ["payment_id": .string(payment.id), "status": .string(outcome.status.rawValue)])
    }

    /// Stores the outcome of a booking, trying again a few times: after a booking, losing it
    /// would hide money that moved.
    private func recorded(_ outcome: DomesticPayment, over booking: DomesticPayment) async throws -> Bool {
        for attempt in 1...5 {
            do {
                return try await store.update(outcome, expectedVersion: booking.version)
            } catch where attempt < 5 {
                try await Task.sleep(for: .milliseconds(200 * attempt))
            } catch {
                logger.critical(
                    "payment outcome not recorded; left in process for reconciliation",
                    metadata: [
                        "payment_id": .string(outcome.id), "status": .string(outcome.status.rawValue),
                        "transaction_id": .string(outcome.transactionID ?? "-"), "error": .string(String(describing: error)),
                    ])
                throw error
            }
        }
        return false
    }

    private func posting(for payment: DomesticPayment) -> TransactionPosting {
        let initiation = payment.initiation
        return TransactionPosting(
            amount: initiation.amount, creditDebit: .debit,
            information: "Payment to \(initiation.creditorAccount.name ?? initiation.creditorAccount.identification)",
            reference: initiation.remittanceReference ?? initiation.endToEndIdentification)
    }
}

/// Whether a payment may be executed: its consent records it as the payment it was consumed for.
public enum PaymentAuthorisation: Sendable, Hashable {
    /// The consent was consumed for this payment.
    case confirmed
    /// The consent is not consumed yet (the request making the payment is still running): wait.
    case waiting
    /// The consent was used otherwise, or never for this payment: the payment is rejected.
    case refused(String)
}
