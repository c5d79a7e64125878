import Foundation
import LangoCrypto
import LangoOAuth
import SQLKit

/// ``SigningKeyStore`` on SQL: the `signing_keys` table. The sealed private key is stored as
/// base64url text, the same on SQLite and PostgreSQL.
public struct SQLSigningKeyStore: SigningKeyStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func signingKeys() async throws -> [SigningKeyRecord] {
        try await backend.read { database in
            let rows = try await database.raw(
                "SELECT key_id, algorithm, sealed_key, created_at, active_from FROM signing_keys ORDER BY active_from, key_id"
            ).all()
            return try rows.map { row in
                let algorithmName = try row.decode(column: "algorithm", as: String.self)
                guard let algorithm = SignatureAlgorithm(rawValue: algorithmName),
                    let sealed = Base64URL.decode(try row.decode(column: "sealed_key", as: String.self))
                else { throw StoreError.corrupt("signing key row with algorithm \(algorithmName) or sealed key unreadable") }
                return SigningKeyRecord(
                    keyID: try row.decode(column: "key_id", as: String.self), algorithm: algorithm, sealedPrivateKey: sealed,
                    createdAt: Milliseconds.date(try row.decode(column: "created_at", as: Int64.self)),
                    activeFrom: Milliseconds.date(try row.decode(column: "active_from", as: Int64.self)))
            }
        }
    }

    public func insertSigningKey(_ key: SigningKeyRecord) async throws {
        try await backend.transaction { database in
            let existing = try await database.raw("SELECT 1 FROM signing_keys WHERE key_id = \(bind: key.keyID)").first()
            guard existing == nil else { throw OAuthStoreError.duplicateSigningKey(key.keyID) }
            try await database.raw(
                """
                INSERT INTO signing_keys (key_id, algorithm, sealed_key, created_at, active_from)
                VALUES (\(bind: key.keyID), \(bind: key.algorithm.rawValue), \(bind: Base64URL.encode(key.sealedPrivateKey)),
                        \(bind: Milliseconds.from(key.createdAt)), \(bind: Milliseconds.from(key.activeFrom)))
                """
            ).run()
        }
    }

    public func deleteSigningKeys(_ keyIDs: [String]) async throws {
        guard !keyIDs.isEmpty else { return }
        try await backend.transaction { database in
            for keyID in keyIDs {
                try await database.raw("DELETE FROM signing_keys WHERE key_id = \(bind: keyID)").run()
            }
        }
    }
}
