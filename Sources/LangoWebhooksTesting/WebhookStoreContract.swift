import Foundation
import LangoContractTesting
import LangoWebhooks

/// The behaviour every ``WebhookStore`` must show, checked against a fresh, empty store.
/// Throws a `ContractViolation` at the first broken expectation.
public enum WebhookStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any WebhookStore) async throws {
        let store = try await makeEmptyStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try expect(try await store.endpoint(id: "whep_none"), nil, "an unknown endpoint reads as nil", "endpoint")

        // Endpoints read back whole, per app, oldest first; a save replaces.
        var first = WebhookEndpoint(
            id: "whep_1", appID: "app_a", url: "https://a.example/hooks", eventTypes: [.transactionPosted, .consentRevoked],
            secrets: [.init(sealed: [1, 2, 3], createdAt: now), .init(sealed: [4, 5], createdAt: now.addingTimeInterval(-60), retiresAt: now.addingTimeInterval(3600))],
            createdAt: now)
        let second = WebhookEndpoint(
            id: "whep_2", appID: "app_a", url: "https://a.example/other", eventTypes: [.paymentCompleted], secrets: [.init(sealed: [9], createdAt: now)],
            createdAt: now.addingTimeInterval(10))
        let foreign = WebhookEndpoint(
            id: "whep_3", appID: "app_b", url: "https://b.example/", eventTypes: [.balanceLow], secrets: [.init(sealed: [7], createdAt: now)],
            createdAt: now)
        for endpoint in [second, first, foreign] { try await store.save(endpoint) }
        try expect(try await store.endpoint(id: "whep_1"), first, "an endpoint reads back whole", "whep_1")
        try expect(try await store.endpoints(appID: "app_a").map(\.id), ["whep_1", "whep_2"], "an app's endpoints, oldest first", "app_a")
        first.status = .disabled(reason: "answered 410 Gone", at: now.addingTimeInterval(5))
        first.url = "https://a.example/v2"
        try await store.save(first)
        try expect(try await store.endpoint(id: "whep_1"), first, "a save replaces the endpoint", "whep_1 after save")

        // Messages: enqueued, claimed when due by one caller at a time, updated.
        let early = WebhookMessage.new(endpoint: second, eventType: .paymentCompleted, event: "dp-1", body: Array(#"{"n":1}"#.utf8), at: now)
        let late = WebhookMessage.new(
            endpoint: second, eventType: .paymentCompleted, event: "dp-2", body: Array(#"{"n":2}"#.utf8), at: now.addingTimeInterval(30))
        try await store.enqueue([late, early])
        try expect(try await store.message(id: early.id), early, "a message reads back whole", "message")
        let repeated = WebhookMessage.new(
            endpoint: second, eventType: .paymentCompleted, event: "dp-1", body: Array(#"{"n":3}"#.utf8), at: now.addingTimeInterval(5))
        try expect(repeated.id, early.id, "an event's message has one id", "the same event again")
        try await store.enqueue([repeated])
        try expect(try await store.message(id: early.id), early, "enqueueing a stored id keeps the stored message", "message after a repeat")
        try expect(
            try await store.claimDue(at: now.addingTimeInterval(1), limit: 10, leaseUntil: now.addingTimeInterval(61)).map(\.id), [early.id],
            "only due messages are claimed", "claim at +1 s")
        try expect(
            try await store.claimDue(at: now.addingTimeInterval(31), limit: 10, leaseUntil: now.addingTimeInterval(91)).map(\.id), [late.id],
            "a leased message is not claimed again while its lease runs", "claim at +31 s")
        try expect(
            try await store.claimDue(at: now.addingTimeInterval(62), limit: 1, leaseUntil: now.addingTimeInterval(122)).map(\.id), [early.id],
            "an expired lease frees the message; soonest first; the limit holds", "claim at +62 s")

        let delivered = late.after(.delivered, result: .answered(status: 204, retryAfter: nil), at: now.addingTimeInterval(40))
        try await store.update(delivered)
        let retried = early.after(.retry(at: now.addingTimeInterval(300)), result: .answered(status: 503, retryAfter: nil), at: now.addingTimeInterval(62))
        try await store.update(retried)
        try expect(try await store.message(id: early.id), retried, "an update is kept whole", "after an attempt")
        try expect(
            try await store.claimDue(at: now.addingTimeInterval(200), limit: 10, leaseUntil: now.addingTimeInterval(260)).map(\.id), [],
            "a retried message waits for its next attempt; a delivered one is done", "claim at +200 s")
        try expect(
            try await store.claimDue(at: now.addingTimeInterval(300), limit: 10, leaseUntil: now.addingTimeInterval(360)).map(\.id), [early.id],
            "it is due again at its next attempt", "claim at +300 s")

        let dead = retried.after(.deadLetter, result: .failed("connection refused"), at: now.addingTimeInterval(301))
        try await store.update(dead)
        try expect(
            try await store.claimDue(at: now.addingTimeInterval(10_000), limit: 10, leaseUntil: now.addingTimeInterval(10_060)).map(\.id), [],
            "finished messages are never claimed", "claim after both finished")
        try expect(
            try await store.messages(appID: "app_a", state: .deadLettered, limit: 10).map(\.id), [early.id], "dead letters by app",
            "dead letters")
        try expect(try await store.messages(appID: "app_b", state: .deadLettered, limit: 10).map(\.id), [], "only the app's own", "app_b")
        try expect(try await store.messages(appID: "app_a", state: .delivered, limit: 10).map(\.id), [late.id], "delivered by app", "delivered")

        // A replay starts the message over; it is claimed again.
        try await store.update(dead.replayed(at: now.addingTimeInterval(20_000)))
        try expect(
            try await store.claimDue(at: now.addingTimeInterval(20_000), limit: 10, leaseUntil: now.addingTimeInterval(20_060)).map(\.id),
            [early.id], "a replayed message is claimed again", "claim after replay")

        // Cursors: claimed by one caller at a time, moved only by their holder, kept across claims.
        let cursor = try await store.claimCursor("trail", now: now, leaseUntil: now.addingTimeInterval(60))
        try expect(cursor?.position, 0, "a new cursor starts at 0", "first claim")
        try expect(
            try await store.claimCursor("trail", now: now.addingTimeInterval(30), leaseUntil: now.addingTimeInterval(90)), nil,
            "a claimed cursor is not claimed again while leased", "second claim")
        try expect(try await store.claimCursor("other", now: now, leaseUntil: now.addingTimeInterval(60))?.position, 0, "cursors are apart", "other")
        guard let cursor else { return }
        try expect(try await store.advance(cursor, to: 7), true, "the holder moves it", "advance")
        try expect(try await store.advance(cursor, to: 9), false, "a claim moves it once", "advance again")
        let again = try await store.claimCursor("trail", now: now.addingTimeInterval(31), leaseUntil: now.addingTimeInterval(91))
        try expect(again?.position, 7, "an advance ends the lease and keeps the position", "claim after advance")
        let taken = try await store.claimCursor("trail", now: now.addingTimeInterval(91), leaseUntil: now.addingTimeInterval(151))
        try expect(taken?.position, 7, "an ended lease lets another caller claim it", "claim after the lease")
        if let again { try expect(try await store.advance(again, to: 8), false, "a holder whose lease was taken moves nothing", "stale advance") }
        if let taken { try expect(try await store.advance(taken, to: 12), true, "the new holder moves it", "advance by the new holder") }
        try expect(
            try await store.claimCursor("trail", now: now.addingTimeInterval(92), leaseUntil: now.addingTimeInterval(152))?.position, 12,
            "the position is the new holder's", "claim after the new holder")
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "webhook store", check: check, subject: subject)
    }
}
