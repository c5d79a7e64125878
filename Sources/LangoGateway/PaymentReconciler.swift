import Foundation
import LangoPayments
import LangoWebhooks
import Logging

/// Records the bank's reconciliation of a payment the core never confirmed, then tells the
/// app's webhooks how it ended (`payment.completed` or `payment.failed`), as the execution
/// service would have. The admin API and `lango payments reconcile` both go through it.
public struct PaymentReconciler: Sendable {
    let store: any PaymentStore
    /// Apps' webhook endpoints; `nil` when no webhooks are sent.
    let webhooks: WebhookRegistry?
    let logger: Logger

    public init(store: any PaymentStore, webhooks: WebhookRegistry?, logger: Logger) {
        self.store = store
        self.webhooks = webhooks
        self.logger = logger
    }

    /// Records `reconciliation` for payment `id` at `now` and returns the payment as stored.
    ///
    /// Throws ``PaymentReconciliationError`` when there is no such payment, it is not one to
    /// reconcile (see ``DomesticPayment/reconciled(_:at:)``), or it changed meanwhile.
    public func reconcile(paymentID id: String, _ reconciliation: PaymentReconciliation, at now: Date) async throws -> DomesticPayment {
        guard let payment = try await store.payment(id: id) else { throw PaymentReconciliationError.unknown(id) }
        let outcome = try payment.reconciled(reconciliation, at: now)
        guard try await store.update(outcome, expectedVersion: payment.version) else { throw PaymentReconciliationError.changedMeanwhile }
        logger.notice(
            "payment reconciled",
            metadata: [
                "payment_id": .string(id), "status": .string(outcome.status.rawValue), "transaction_id": .string(outcome.transactionID ?? "-"),
            ])
        if let webhooks {
            await GatewayPayments.publish(outcome, booked: nil, lowBalanceThresholds: [:], balanceReaders: [], to: webhooks, logger: logger)
        }
        return outcome
    }
}
