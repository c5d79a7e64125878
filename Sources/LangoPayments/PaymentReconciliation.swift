import Foundation
import LangoJSON
import Logging

/// What the bank found in the core's ledger for a payment the core never confirmed (left
/// `AcceptedSettlementInProcess` by the execution service).
public enum PaymentReconciliation: Sendable, Hashable {
    /// The core booked it, as this transaction.
    case booked(transactionID: String)
    /// The core booked nothing; the reason is for the client's developers.
    case notBooked(reason: String)
}

/// Why a reconciliation cannot be recorded.
public struct PaymentReconciliationError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case unknown(String)
        case notInProcess(PaymentStatus)
        case stillBooking(until: Date)
        case changedMeanwhile
        case invalid(String)
    }

    /// What kind of refusal it is.
    public enum Category: Sendable, Hashable {
        /// There is no such payment.
        case unknown
        /// The payment is not (or not yet, or no longer) one to reconcile.
        case conflict
        /// The reconciliation itself is malformed.
        case invalid
    }

    private let kind: Kind

    public var category: Category {
        switch kind {
        case .unknown: .unknown
        case .notInProcess, .stillBooking, .changedMeanwhile: .conflict
        case .invalid: .invalid
        }
    }

    /// There is no payment `id`.
    public static func unknown(_ id: String) -> Self { Self(kind: .unknown(id)) }
    /// The payment changed while the reconciliation was being recorded: read it again.
    public static let changedMeanwhile = Self(kind: .changedMeanwhile)
    /// Only a payment left `AcceptedSettlementInProcess` is reconciled; this one is `status`.
    public static func notInProcess(_ status: PaymentStatus) -> Self { Self(kind: .notInProcess(status)) }
    /// A node may still be booking the payment until `until`.
    public static func stillBooking(until: Date) -> Self { Self(kind: .stillBooking(until: until)) }
    /// The transaction id or the reason is not acceptable.
    public static func invalid(_ reason: String) -> Self { Self(kind: .invalid(reason)) }

    public var description: String {
        switch kind {
        case .unknown(let id):
            "no payment \(id)"
        case .changedMeanwhile:
            "the payment changed while the reconciliation was recorded; read it and try again"
        case .notInProcess(let status):
            "the payment is \(status.rawValue); only a payment left AcceptedSettlementInProcess is reconciled"
        case .stillBooking(let until):
            "the payment may still be being booked; reconcile it after \(ISO8601.format(until))"
        case .invalid(let reason):
            reason
        }
    }
}

extension DomesticPayment {
    /// The longest transaction id accepted (OBIE's `PaymentTransactionId`).
    public static let maximumTransactionID = 210
    /// The longest reason accepted.
    public static let maximumReason = 500

    /// The payment with `reconciliation` recorded at `now`: `AcceptedSettlementCompleted` with
    /// the transaction, or `Rejected` with the reason.
    ///
    /// Only a payment still `AcceptedSettlementInProcess` a whole ``PaymentExecutor/lease`` after
    /// its booking started: before that, a node may still be booking it and record the outcome
    /// itself.
    public func reconciled(_ reconciliation: PaymentReconciliation, at now: Date) throws(PaymentReconciliationError) -> Self {
        guard status == .acceptedSettlementInProcess else { throw .notInProcess(status) }
        let bookingEnds = statusUpdatedAt.addingTimeInterval(PaymentExecutor.lease.timeInterval)
        guard now >= bookingEnds else { throw .stillBooking(until: bookingEnds) }
        var next: Self
        switch reconciliation {
        case .booked(let transactionID):
            try Self.check(transactionID, "the transaction id", maximum: Self.maximumTransactionID)
            next = settled(transactionID: transactionID, at: now)
        case .notBooked(let reason):
            try Self.check(reason, "the reason", maximum: Self.maximumReason)
            next = rejected(reason: reason, at: now)
        }
        next.reconciledAt = now
        return next.announcing(nil)
    }

    private static func check(_ text: String, _ name: String, maximum: Int) throws(PaymentReconciliationError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.unicodeScalars.count <= maximum,
            !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalid("\(name) must be 1 to \(maximum) characters, without control characters") }
    }
}

/// Records the bank's reconciliation of a payment the core never confirmed, owing the app its
/// outcome's webhook events (the gateway's announcement pass writes them). The admin API and
/// `lango payments reconcile` both go through it.
public struct PaymentReconciler: Sendable {
    let store: any PaymentStore
    let logger: Logger

    public init(store: any PaymentStore, logger: Logger) {
        self.store = store
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
        return outcome
    }
}
