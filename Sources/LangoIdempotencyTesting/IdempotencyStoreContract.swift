import Foundation
import LangoContractTesting
import LangoIdempotency

/// The behaviour every ``IdempotencyStore`` must show, checked against a fresh, empty store.
/// Throws a `ContractViolation` at the first broken expectation.
public enum IdempotencyStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any IdempotencyStore) async throws {
        let store = try await makeEmptyStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let day = now.addingTimeInterval(86_400)
        let key = IdempotencyKey(clientID: "app_a", key: "pay-0001")
        let response = StoredResponse(
            status: 201, headers: [["content-type", "application/json"], ["location", "/x/1"]], body: Array(#"{"id":1}"#.utf8))

        try expect(try await store.lookup(key, fingerprint: "f1", now: now), nil, "an unused key is free", "lookup before the claim")
        try expect(try await store.claim(key, fingerprint: "f1", now: now, expiresAt: day), .claimed, "the first request claims the key", "claim")
        try expect(try await store.lookup(key, fingerprint: "f1", now: now), .inProgress, "a lookup sees the running claim", "lookup")
        try expect(try await store.lookup(key, fingerprint: "f2", now: now), .mismatch, "a lookup sees another request", "other lookup")
        try expect(
            try await store.claim(key, fingerprint: "f1", now: now, expiresAt: day), .inProgress, "a repeat while it runs waits", "repeat")
        try expect(
            try await store.claim(key, fingerprint: "f2", now: now, expiresAt: day), .mismatch, "another request with the key is refused",
            "other request")
        try expect(
            try await store.claim(IdempotencyKey(clientID: "app_b", key: "pay-0001"), fingerprint: "f2", now: now, expiresAt: day), .claimed,
            "keys are per client", "another client's key")

        try await store.complete(key, fingerprint: "f2", response: response)
        try expect(
            try await store.claim(key, fingerprint: "f1", now: now, expiresAt: day), .inProgress,
            "only the claiming request's completion counts", "repeat after a foreign completion")
        try await store.complete(key, fingerprint: "f1", response: response)
        try expect(
            try await store.claim(key, fingerprint: "f1", now: now.addingTimeInterval(60), expiresAt: day), .replay(response),
            "a repeat gets the stored response whole", "repeat after completion")
        try expect(
            try await store.lookup(key, fingerprint: "f1", now: now.addingTimeInterval(60)), .replay(response),
            "a lookup finds the stored response", "lookup after completion")
        try expect(
            try await store.claim(key, fingerprint: "f2", now: now.addingTimeInterval(60), expiresAt: day), .mismatch,
            "another request stays refused after completion", "other request after completion")
        try await store.release(key, fingerprint: "f1")
        try expect(
            try await store.claim(key, fingerprint: "f1", now: now.addingTimeInterval(60), expiresAt: day), .replay(response),
            "a completed request cannot be released", "repeat after a late release")

        let large = IdempotencyKey(clientID: "app_a", key: "pay-0002")
        _ = try await store.claim(large, fingerprint: "f3", now: now, expiresAt: day)
        let bodiless = StoredResponse(status: 201, headers: [], body: nil)
        try await store.complete(large, fingerprint: "f3", response: bodiless)
        try expect(
            try await store.claim(large, fingerprint: "f3", now: now, expiresAt: day), .replay(bodiless), "a response kept without its body",
            "bodiless replay")

        let released = IdempotencyKey(clientID: "app_a", key: "pay-0003")
        _ = try await store.claim(released, fingerprint: "f4", now: now, expiresAt: day)
        try await store.release(released, fingerprint: "f5")
        try expect(
            try await store.claim(released, fingerprint: "f4", now: now, expiresAt: day), .inProgress,
            "only the claiming request can release", "after a foreign release")
        try await store.release(released, fingerprint: "f4")
        try expect(
            try await store.claim(released, fingerprint: "f6", now: now, expiresAt: day), .claimed, "a released key can be claimed again",
            "after release")

        // Expiry: past it the key is free; forgetting removes only what expired.
        try expect(
            try await store.claim(key, fingerprint: "f9", now: day, expiresAt: day.addingTimeInterval(86_400)), .claimed,
            "an expired key can be claimed again, by any request", "claim at expiry")
        try expect(
            try await store.lookup(released, fingerprint: "f7", now: day), nil, "a lookup ignores an expired claim", "lookup at expiry")
        let short = IdempotencyKey(clientID: "app_c", key: "k")
        _ = try await store.claim(short, fingerprint: "f1", now: now, expiresAt: now.addingTimeInterval(10))
        try await store.complete(short, fingerprint: "f1", response: response)
        try await store.forgetExpired(before: now.addingTimeInterval(20))
        try expect(
            try await store.claim(short, fingerprint: "f2", now: now, expiresAt: day), .claimed, "forgotten keys are gone",
            "claim after forgetting")
        try expect(
            try await store.claim(key, fingerprint: "f9", now: now.addingTimeInterval(20), expiresAt: day), .inProgress,
            "keys that had not expired are kept", "claim of a kept key")
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "idempotency store", check: check, subject: subject)
    }
}
