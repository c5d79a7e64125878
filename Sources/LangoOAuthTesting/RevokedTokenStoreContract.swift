import Foundation
import LangoContractTesting
import LangoOAuth

/// The behaviour every ``RevokedTokenStore`` must show, checked against a fresh, empty store.
/// Throws a `ContractViolation` at the first broken expectation.
public enum RevokedTokenStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any RevokedTokenStore) async throws {
        let store = try await makeEmptyStore()
        let empty = try await store.revocations(after: 0)
        try expect(empty.tokens, [], "a new store has no revocations", "revocations after 0")
        try expect(empty.position, 0, "reading nothing keeps the position", "position after 0")

        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = RevokedToken(tokenID: "t1", clientID: "app_a", expiresAt: start.addingTimeInterval(300))
        let second = RevokedToken(tokenID: "t2", clientID: "app_b", expiresAt: start.addingTimeInterval(60))
        try await store.revoke(first)
        let afterFirst = try await store.revocations(after: 0)
        try expect(afterFirst.tokens, [first], "a revocation reads back whole", "revocations after 0")
        try await store.revoke(second)
        try await store.revoke(first)
        let newer = try await store.revocations(after: afterFirst.position)
        try expect(newer.tokens, [second], "reading on from a position gives only newer revocations, once each", "revocations after the first")
        let all = try await store.revocations(after: 0)
        try expect(all.tokens, [first, second], "revocations come in the order they were made", "revocations after 0")
        try expect(all.position, newer.position, "the position is that of the last revocation", "position")
        let none = try await store.revocations(after: all.position)
        try expect(none.tokens, [], "nothing is newer than the last position", "revocations after the last")

        try await store.forgetRevocations(expiredBefore: start.addingTimeInterval(120))
        try expect(try await store.revocations(after: 0).tokens, [first], "expired revocations can be forgotten", "revocations after 0")
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "revoked token store", check: check, subject: subject)
    }
}
