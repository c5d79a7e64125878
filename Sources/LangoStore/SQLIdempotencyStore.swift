import Foundation
import LangoIdempotency
import SQLKit

/// ``IdempotencyStore`` on SQL: `idempotency_keys`, one row per client and key. A claim reads
/// and writes the row in one transaction, so concurrent requests — on one node or several
/// sharing the database — see exactly one claim succeed.
public struct SQLIdempotencyStore: IdempotencyStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func claim(_ key: IdempotencyKey, fingerprint: String, now: Date, expiresAt: Date) async throws -> IdempotencyClaim {
        try await backend.transaction { database in
            if let earlier = try await Self.earlier(key, fingerprint: fingerprint, now: now, in: database) { return earlier }
            try await database.raw(
                """
                INSERT INTO idempotency_keys (client_id, key, fingerprint, completed, expires_at)
                VALUES (\(bind: key.clientID), \(bind: key.key), \(bind: fingerprint), 0, \(bind: Milliseconds.from(expiresAt)))
                ON CONFLICT (client_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, completed = 0, status = NULL,
                    headers = NULL, body = NULL, expires_at = excluded.expires_at
                """
            ).run()
            return .claimed
        }
    }

    public func lookup(_ key: IdempotencyKey, fingerprint: String, now: Date) async throws -> IdempotencyClaim? {
        // A plain read: the claim that follows checks again inside its transaction.
        try await backend.read { database in try await Self.earlier(key, fingerprint: fingerprint, now: now, in: database) }
    }

    /// What the unexpired row for `key`, if any, means for a request with `fingerprint`.
    private static func earlier(
        _ key: IdempotencyKey, fingerprint: String, now: Date, in database: any SQLDatabase
    ) async throws -> IdempotencyClaim? {
        let row = try await database.raw(
            """
            SELECT fingerprint, completed, status, headers, body FROM idempotency_keys
            WHERE client_id = \(bind: key.clientID) AND key = \(bind: key.key) AND expires_at > \(bind: Milliseconds.from(now))
            """
        ).first()
        guard let row else { return nil }
        guard try row.decode(column: "fingerprint", as: String.self) == fingerprint else { return .mismatch }
        guard try row.decode(column: "completed", as: Int64.self) == 1 else { return .inProgress }
        return .replay(try response(row))
    }

    public func complete(_ key: IdempotencyKey, fingerprint: String, response: StoredResponse) async throws {
        let headers = try StoredJSON.text(response.headers)
        let body = response.body.map { Data($0).base64EncodedString() }
        try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE idempotency_keys SET completed = 1, status = \(bind: Int64(response.status)), headers = \(bind: headers),
                    body = \(bind: body)
                WHERE client_id = \(bind: key.clientID) AND key = \(bind: key.key) AND fingerprint = \(bind: fingerprint) AND completed = 0
                """
            ).run()
        }
    }

    public func release(_ key: IdempotencyKey, fingerprint: String) async throws {
        try await backend.transaction { database in
            try await database.raw(
                """
                DELETE FROM idempotency_keys
                WHERE client_id = \(bind: key.clientID) AND key = \(bind: key.key) AND fingerprint = \(bind: fingerprint) AND completed = 0
                """
            ).run()
        }
    }

    public func forgetExpired(before date: Date) async throws {
        try await backend.transaction { database in
            try await database.raw("DELETE FROM idempotency_keys WHERE expires_at < \(bind: Milliseconds.from(date))").run()
        }
    }

    private static func response(_ row: any SQLRow) throws -> StoredResponse {
        let body = try row.decode(column: "body", as: String?.self)
        guard let status = try row.decode(column: "status", as: Int64?.self), body.map({ Data(base64Encoded: $0) != nil }) ?? true else {
            throw StoreError.corrupt("a completed idempotency key has no readable response")
        }
        return StoredResponse(
            status: Int(status), headers: try StoredJSON.decode([[String]].self, column: "headers", of: row),
            body: body.flatMap { Data(base64Encoded: $0) }.map(Array.init))
    }
}
