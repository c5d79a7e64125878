import Foundation
import LangoJSON
import Synchronization

/// Where payments live, shared by every gateway node. Changes are stored only over the version
/// they were made from; executing nodes lease the payments due so that no two run one payment.
/// ``InMemoryPaymentStore`` is the twin for tests and single-process use.
public protocol PaymentStore: Sendable {
    /// Stores new payments, all or none (``PaymentStoreConflict`` when an id is taken).
    func create(_ payments: [DomesticPayment]) async throws
    /// The payment `id`, or `nil` when unknown.
    func payment(id: String) async throws -> DomesticPayment?
    /// The payments of bulk `bulkID`, in their order; empty when unknown.
    func payments(bulkID: String) async throws -> [DomesticPayment]
    /// Stores `payment` if the stored one is still at `expectedVersion`, and ends any lease on it;
    /// `false` when another change won.
    func update(_ payment: DomesticPayment, expectedVersion: Int) async throws -> Bool
    /// Leases up to `limit` payments due at `now` — `Pending`, not to be executed later, not
    /// leased by anyone until after `now` — for `lease`, oldest first.
    func leaseDue(at now: Date, for lease: Duration, limit: Int) async throws -> [DomesticPayment]
    /// Leases up to `limit` payments whose outcome still owes its webhook events
    /// (``DomesticPayment/announcement``) and that no one holds until after `now`, for `lease`,
    /// returned oldest outcome first (which payments a full batch takes is not promised).
    func leaseUnannounced(at now: Date, for lease: Duration, limit: Int) async throws -> [DomesticPayment]
}

/// A ``PaymentStore`` in this process's memory.
public final class InMemoryPaymentStore: PaymentStore {
    private struct State {
        var payments: [String: DomesticPayment] = [:]
        var leases: [String: Date] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func create(_ payments: [DomesticPayment]) async throws {
        try state.withLock { state in
            if let taken = payments.first(where: { state.payments[$0.id] != nil }) { throw PaymentStoreConflict(paymentID: taken.id) }
            for payment in payments { state.payments[payment.id] = payment }
        }
    }

    public func payment(id: String) async throws -> DomesticPayment? {
        state.withLock { $0.payments[id] }
    }

    public func payments(bulkID: String) async throws -> [DomesticPayment] {
        state.withLock { state in
            state.payments.values.filter { $0.bulk?.id == bulkID }.sorted { ($0.bulk?.position ?? 0) < ($1.bulk?.position ?? 0) }
        }
    }

    public func update(_ payment: DomesticPayment, expectedVersion: Int) async throws -> Bool {
        state.withLock { state in
            guard state.payments[payment.id]?.version == expectedVersion else { return false }
            state.payments[payment.id] = payment
            state.leases[payment.id] = nil
            return true
        }
    }

    public func leaseDue(at now: Date, for lease: Duration, limit: Int) async throws -> [DomesticPayment] {
        self.lease(at: now, for: lease, limit: limit, order: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            $0.status == .pending && $0.executeAfter <= now
        }
    }

    public func leaseUnannounced(at now: Date, for lease: Duration, limit: Int) async throws -> [DomesticPayment] {
        self.lease(at: now, for: lease, limit: limit, order: { ($0.statusUpdatedAt, $0.id) < ($1.statusUpdatedAt, $1.id) }) {
            $0.announcement != nil
        }
    }

    /// Leases up to `limit` unleased payments that are `wanted`, first in `order`.
    private func lease(
        at now: Date, for lease: Duration, limit: Int, order: (DomesticPayment, DomesticPayment) -> Bool,
        wanted: (DomesticPayment) -> Bool
    ) -> [DomesticPayment] {
        state.withLock { state in
            let due = state.payments.values
                .filter { wanted($0) && (state.leases[$0.id].map { $0 <= now } ?? true) }
                .sorted(by: order)
                .prefix(max(limit, 0))
            for payment in due { state.leases[payment.id] = now.addingTimeInterval(lease.timeInterval) }
            return Array(due)
        }
    }
}

/// A payment with this id is already stored.
public struct PaymentStoreConflict: Error, Sendable, CustomStringConvertible {
    public let paymentID: String

    public init(paymentID: String) { self.paymentID = paymentID }

    public var description: String { "payment \(paymentID) already exists" }
}
