import Foundation
import LangoContractTesting
import LangoCrypto
import LangoOAuth

/// The behaviour every ``SigningKeyStore`` must show, checked against a fresh, empty store.
/// Throws a `ContractViolation` at the first broken expectation.
public enum SigningKeyStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any SigningKeyStore) async throws {
        let store = try await makeEmptyStore()
        try expect(try await store.signingKeys(), [], "a new store is empty", "signing keys")

        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let later = record("k-later", .ps256, activeFrom: start.addingTimeInterval(900), sealed: Array(0...255))
        let first = record("k-b", .es256, activeFrom: start, sealed: [0, 1, 2, 0, 255])
        let tied = record("k-c", .es256, activeFrom: start, sealed: [9])
        for key in [later, tied, first] {
            try await store.insertSigningKey(key)
        }
        try expect(try await store.signingKeys(), [first, tied, later], "keys read back whole, ordered by activation then id", "signing keys")

        do {
            try await store.insertSigningKey(record("k-b", .ps256, activeFrom: start, sealed: [1]))
            throw ContractViolation.missingError(
                contract: "signing key store", check: "duplicate ids are refused", subject: "inserting k-b again",
                expected: "an error")
        } catch let violation as ContractViolation {
            throw violation
        } catch {
            try expect(try await store.signingKeys(), [first, tied, later], "a refused insert changes nothing", "signing keys")
        }

        try await store.deleteSigningKeys(["k-later", "k-missing"])
        try expect(try await store.signingKeys(), [first, tied], "deleting removes the keys named, ignoring unknown ids", "signing keys")
        try await store.deleteSigningKeys([])
        try expect(try await store.signingKeys().count, 2, "deleting nothing changes nothing", "signing key count")
    }

    private static func record(_ keyID: String, _ algorithm: SignatureAlgorithm, activeFrom: Date, sealed: [UInt8]) -> SigningKeyRecord {
        SigningKeyRecord(
            keyID: keyID, algorithm: algorithm, sealedPrivateKey: sealed, createdAt: activeFrom.addingTimeInterval(-60),
            activeFrom: activeFrom)
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "signing key store", check: check, subject: subject)
    }
}
