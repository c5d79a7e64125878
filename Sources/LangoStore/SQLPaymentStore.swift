import Foundation
import LangoJSON
import LangoPayments
import SQLKit

/// ``PaymentStore`` on SQL: `payments` holds each payment as JSON beside the columns queries
/// need. A lease is taken in one statement, so two nodes never execute the same payment.
public struct SQLPaymentStore: PaymentStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func create(_ payments: [DomesticPayment]) async throws {
        let rows = try payments.map { ($0, try StoredJSON.text($0)) }
        try await backend.transaction { database in
            for (payment, body) in rows {
                let inserted = try await database.raw(
                    """
                    INSERT INTO payments (
                        id, consent_id, bulk_id, bulk_position, status, execute_after, created_at, version, announcement_due, body)
                    VALUES (\(bind: payment.id), \(bind: payment.consentID), \(bind: payment.bulk?.id), \(bind: payment.bulk?.position),
                            \(bind: payment.status.rawValue), \(bind: Milliseconds.from(payment.executeAfter)),
                            \(bind: Milliseconds.from(payment.createdAt)), \(bind: Int64(payment.version)),
                            \(bind: Self.announcementDue(payment)), \(bind: body))
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                    """
                ).all()
                // Thrown inside the transaction, so none of the payments is stored.
                guard !inserted.isEmpty else { throw PaymentStoreConflict(paymentID: payment.id) }
            }
        }
    }

    public func payment(id: String) async throws -> DomesticPayment? {
        try await backend.read { database in
            try await database.raw("SELECT body FROM payments WHERE id = \(bind: id)").first().map(Self.payment)
        }
    }

    public func payments(bulkID: String) async throws -> [DomesticPayment] {
        try await backend.read { database in
            try await database.raw("SELECT body FROM payments WHERE bulk_id = \(bind: bulkID) ORDER BY bulk_position").all().map(Self.payment)
        }
    }

    public func update(_ payment: DomesticPayment, expectedVersion: Int) async throws -> Bool {
        let body = try StoredJSON.text(payment)
        return try await backend.transaction { database in
            try await !database.raw(
                """
                UPDATE payments
                SET status = \(bind: payment.status.rawValue), execute_after = \(bind: Milliseconds.from(payment.executeAfter)),
                    leased_until = NULL, version = \(bind: Int64(payment.version)), announcement_due = \(bind: Self.announcementDue(payment)),
                    body = \(bind: body)
                WHERE id = \(bind: payment.id) AND version = \(bind: Int64(expectedVersion))
                RETURNING id
                """
            ).all().isEmpty
        }
    }

    public func leaseDue(at now: Date, for lease: Duration, limit: Int) async throws -> [DomesticPayment] {
        let time = Milliseconds.from(now)
        return try await self.lease(
            at: now, for: lease, limit: limit, wanted: "status = 'Pending' AND execute_after <= \(bind: time)", order: "created_at, id"
        ).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func leaseUnannounced(at now: Date, for lease: Duration, limit: Int) async throws -> [DomesticPayment] {
        // Outcomes are announced soonest first; the order within one pass is not promised.
        try await self.lease(at: now, for: lease, limit: limit, wanted: "announcement_due = 1", order: "id")
            .sorted { ($0.statusUpdatedAt, $0.id) < ($1.statusUpdatedAt, $1.id) }
    }

    /// Leases, in one statement, up to `limit` unleased payments meeting `wanted`, picked in `order`.
    private func lease(at now: Date, for lease: Duration, limit: Int, wanted: SQLQueryString, order: SQLQueryString) async throws
        -> [DomesticPayment]
    {
        let time = Milliseconds.from(now)
        let until = Milliseconds.from(now.addingTimeInterval(lease.timeInterval))
        return try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE payments SET leased_until = \(bind: until)
                WHERE id IN (
                    SELECT id FROM payments
                    WHERE \(wanted) AND (leased_until IS NULL OR leased_until <= \(bind: time))
                    ORDER BY \(order) LIMIT \(bind: max(limit, 0)))
                RETURNING body
                """
            ).all().map(Self.payment)
        }
    }

    /// The `announcement_due` column: 1 while the payment's outcome owes its webhook events.
    private static func announcementDue(_ payment: DomesticPayment) -> Int64 { payment.announcement == nil ? 0 : 1 }

    private static func payment(_ row: any SQLRow) throws -> DomesticPayment {
        try StoredJSON.decode(DomesticPayment.self, column: "body", of: row)
    }
}
