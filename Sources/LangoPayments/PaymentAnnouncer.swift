import Foundation
import Logging

/// Writes the webhook events each payment outcome owes (``DomesticPayment/announcement``) to
/// the outbox through `announce`, then marks them written. Every node runs one beside its
/// ``PaymentExecutor``; leases keep two nodes off one payment.
///
/// The outcome and the debt are stored in one write, so an outcome is never left untold: a node
/// that stops after storing it leaves the debt for any node's next pass. A node that stops
/// after `announce` and before marking it leaves the events to be written again (at least once,
/// never lost); receivers tell repeats apart by the payment id and status.
public struct PaymentAnnouncer: Sendable {
    let store: any PaymentStore
    let clock: @Sendable () -> Date
    let announce: @Sendable (DomesticPayment) async throws -> Void
    let logger: Logger

    /// How long a node holds the payments it is announcing.
    public static let lease: Duration = .seconds(60)
    /// How many payments one pass announces at most.
    public static let batchSize = 50

    /// `announce` writes a payment's events to the outbox, throwing when it could not (the
    /// payment is then announced again once its lease ends).
    public init(
        store: any PaymentStore, clock: @escaping @Sendable () -> Date = Date.init, logger: Logger = Logger(label: "lango.payments"),
        announce: @escaping @Sendable (DomesticPayment) async throws -> Void
    ) {
        self.store = store
        self.clock = clock
        self.logger = logger
        self.announce = announce
    }

    /// Announces the payments that owe events (up to ``batchSize``); returns how many it leased.
    @discardableResult
    public func announceDue() async throws -> Int {
        let due = try await store.leaseUnannounced(at: clock(), for: Self.lease, limit: Self.batchSize)
        for payment in due {
            do {
                try await announce(payment)
                _ = try await store.update(payment.announced(), expectedVersion: payment.version)
            } catch {
                logger.error(
                    "payment outcome not announced; tried again when its lease ends",
                    metadata: ["payment_id": .string(payment.id), "error": .string(String(describing: error))])
            }
        }
        return due.count
    }
}
