import Foundation
import LangoBank
import LangoContractTesting
import LangoPayments

/// The behaviour every ``PaymentStore`` must show, checked against a fresh, empty store.
/// Throws a `ContractViolation` at the first broken expectation.
public enum PaymentStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any PaymentStore) async throws {
        let store = try await makeEmptyStore()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try expect(try await store.payment(id: "dp-unknown"), nil, "an unknown payment reads as nil", "payment dp-unknown")

        let first = try payment(at: start, amount: "10.00")
        try await store.create([first])
        try expect(try await store.payment(id: first.id), first, "a created payment reads back whole", "the created payment")
        do {
            try await store.create([first])
            throw ContractViolation.missingError(
                contract: "payment store", check: "a payment id is stored once", subject: "second create", expected: "PaymentStoreConflict")
        } catch is PaymentStoreConflict {}

        // A delayed payment is not due until its time; leases are exclusive until they end.
        let delayed = try payment(at: start.addingTimeInterval(1), amount: "10.92")
        try await store.create([delayed])
        try expect(
            try await store.leaseDue(at: start.addingTimeInterval(2), for: .seconds(60), limit: 10).map(\.id), [first.id],
            "only pending payments due now are leased", "lease at start")
        try expect(
            try await store.leaseDue(at: start.addingTimeInterval(3), for: .seconds(60), limit: 10).map(\.id), [],
            "a leased payment is not leased again", "second lease")
        try expect(
            try await store.leaseDue(at: start.addingTimeInterval(63), for: .seconds(60), limit: 10).map(\.id), [first.id, delayed.id],
            "an ended lease and a delay that passed make payments due again, oldest first", "lease after a minute")

        // Compare-and-set; a kept change ends the lease.
        let booking = first.startingSettlement(at: start.addingTimeInterval(64))
        try expect(try await store.update(booking, expectedVersion: first.version), true, "a change over the stored version is kept", "start")
        try expect(
            try await store.update(first.rejected(reason: "late", at: start), expectedVersion: first.version), false,
            "a change over a stale version is refused", "reject after start")
        let settled = booking.settled(transactionID: "TX-1", at: start.addingTimeInterval(65)).announcing(nil)
        _ = try await store.update(settled, expectedVersion: booking.version)
        try expect(try await store.payment(id: first.id), settled, "the kept changes read back whole", "the settled payment")
        let postponed = delayed.postponed(until: start.addingTimeInterval(200))
        _ = try await store.update(postponed, expectedVersion: delayed.version)
        try expect(
            try await store.leaseDue(at: start.addingTimeInterval(150), for: .seconds(60), limit: 10).map(\.id), [],
            "a postponed payment waits, and a settled one is never due", "lease before the retry")
        try expect(
            try await store.leaseDue(at: start.addingTimeInterval(200), for: .seconds(60), limit: 10).map(\.id), [delayed.id],
            "an update ended the lease, so the payment is due at its new time", "lease at the retry")

        // A bulk is stored whole or not at all, and read back in its order.
        let bulkID = BulkMembership.newID()
        let bulk = try [2, 0, 1].map { position in
            try payment(at: start.addingTimeInterval(300), amount: "1.0\(position)", bulk: BulkMembership(id: bulkID, position: position))
        }
        do {
            try await store.create([bulk[0], first])
            throw ContractViolation.missingError(
                contract: "payment store", check: "a batch with a taken id is refused whole", subject: "bulk with a stored payment",
                expected: "PaymentStoreConflict")
        } catch is PaymentStoreConflict {}
        try expect(try await store.payment(id: bulk[0].id), nil, "a refused batch stores none of its payments", "the refused batch")
        try await store.create(bulk)
        try expect(
            try await store.payments(bulkID: bulkID).map(\.id), [bulk[1].id, bulk[2].id, bulk[0].id], "a bulk reads back in its order",
            "the bulk")
        try expect(try await store.payments(bulkID: "bp-unknown"), [], "an unknown bulk has no payments", "bp-unknown")

        // Outcomes owing their webhook events are leased for announcing, soonest first, one
        // holder at a time, until they are announced; nothing else is ever leased for it.
        let rejected = bulk[0].rejected(reason: "insufficient funds", at: start.addingTimeInterval(402)).announcing(nil)
        _ = try await store.update(rejected, expectedVersion: bulk[0].version)
        try expect(
            try await store.leaseUnannounced(at: start.addingTimeInterval(403), for: .seconds(60), limit: 10).map(\.id),
            [first.id, bulk[0].id], "outcomes owing events are leased, soonest outcome first", "announce")
        try expect(
            try await store.leaseUnannounced(at: start.addingTimeInterval(404), for: .seconds(60), limit: 10).map(\.id), [],
            "a leased outcome is not leased again", "announce again")
        _ = try await store.update(rejected.announced(), expectedVersion: rejected.version)
        try expect(try await store.payment(id: bulk[0].id)?.announcement, nil, "an announced outcome owes nothing", "announced")
        try expect(
            try await store.leaseUnannounced(at: start.addingTimeInterval(463), for: .seconds(60), limit: 10).map(\.id), [first.id],
            "an ended lease makes an unannounced outcome due again; an announced one never is", "announce after the lease")
    }

    private static func payment(at now: Date, amount: String, bulk: BulkMembership? = nil) throws -> DomesticPayment {
        try SamplePayments.domestic(
            amount: amount, bulk: bulk, fraudCheck: PaymentFraudCheck(hook: "payment-risk", action: "allow", score: 12, failMode: nil), at: now)
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "payment store", check: check, subject: subject)
    }
}
