import Foundation
import LangoOAuth
import SQLKit

/// ``RevokedTokenStore`` on SQL: `revoked_tokens`, whose increasing `position` lets every node
/// read on from where it stopped, whatever the clocks of the nodes that wrote.
public struct SQLRevokedTokenStore: RevokedTokenStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func revoke(_ token: RevokedToken) async throws {
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO revoked_tokens (token_id, client_id, expires_at)
                VALUES (\(bind: token.tokenID), \(bind: token.clientID), \(bind: Milliseconds.from(token.expiresAt)))
                ON CONFLICT (token_id) DO NOTHING
                """
            ).run()
        }
    }

    public func revocations(after position: Int64) async throws -> (tokens: [RevokedToken], position: Int64) {
        try await backend.read { database in
            let rows = try await database.raw(
                """
                SELECT position, token_id, client_id, expires_at FROM revoked_tokens
                WHERE position > \(bind: position) ORDER BY position
                """
            ).all()
            var last = position
            let tokens = try rows.map { row in
                last = try row.decode(column: "position", as: Int64.self)
                return RevokedToken(
                    tokenID: try row.decode(column: "token_id", as: String.self), clientID: try row.decode(column: "client_id", as: String.self),
                    expiresAt: Milliseconds.date(try row.decode(column: "expires_at", as: Int64.self)))
            }
            return (tokens, last)
        }
    }

    public func forgetRevocations(expiredBefore date: Date) async throws {
        try await backend.transaction { database in
            try await database.raw("DELETE FROM revoked_tokens WHERE expires_at < \(bind: Milliseconds.from(date))").run()
        }
    }
}
