import Foundation
import LangoOAuth
import SQLKit

/// ``AuthorizationGrantStore`` on SQL: `pushed_authorization_requests`,
/// `authorization_interactions`, `authorization_codes` and `refresh_tokens`. Requests and
/// interactions are stored as JSON, with the columns queries need kept beside them.
///
/// Every step that must happen once, whichever gateway process gets there first, is one
/// conditional `DELETE` or `UPDATE` whose `RETURNING` rows say whether it was this caller that
/// changed the row: taking a pushed request, redeeming a code, replacing an interaction over
/// its version, rotating a refresh token.
public struct SQLAuthorizationGrantStore: AuthorizationGrantStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    // MARK: Pushed authorization requests

    public func savePushedRequest(_ request: AuthorizationRequest, id: String, expiresAt: Date) async throws {
        let text = try StoredJSON.text(request)
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO pushed_authorization_requests (id, request, expires_at)
                VALUES (\(bind: id), \(bind: text), \(bind: Milliseconds.from(expiresAt)))
                ON CONFLICT (id) DO UPDATE SET request = excluded.request, expires_at = excluded.expires_at
                """
            ).run()
        }
    }

    public func takePushedRequest(id: String, now: Date) async throws -> AuthorizationRequest? {
        try await backend.transaction { database in
            // Removed whether or not it has expired, as an expired one serves nothing.
            guard
                let row = try await database.raw(
                    "DELETE FROM pushed_authorization_requests WHERE id = \(bind: id) RETURNING request, expires_at"
                ).first(),
                try row.decode(column: "expires_at", as: Int64.self) > Milliseconds.from(now)
            else { return nil }
            return try StoredJSON.decode(AuthorizationRequest.self, column: "request", of: row)
        }
    }

    // MARK: Interactions

    public func saveInteraction(_ interaction: AuthorizationInteraction) async throws {
        let text = try StoredJSON.text(interaction)
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO authorization_interactions (id, interaction, version, expires_at)
                VALUES (\(bind: interaction.id), \(bind: text), \(bind: Int64(interaction.version)),
                        \(bind: Milliseconds.from(interaction.expiresAt)))
                ON CONFLICT (id) DO UPDATE SET interaction = excluded.interaction, version = excluded.version,
                    expires_at = excluded.expires_at
                """
            ).run()
        }
    }

    public func interaction(id: String, now: Date) async throws -> AuthorizationInteraction? {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT interaction FROM authorization_interactions
                WHERE id = \(bind: id) AND expires_at > \(bind: Milliseconds.from(now))
                """
            ).first().map { try StoredJSON.decode(AuthorizationInteraction.self, column: "interaction", of: $0) }
        }
    }

    public func replaceInteraction(_ interaction: AuthorizationInteraction, from version: Int) async throws -> Bool {
        let text = try StoredJSON.text(interaction)
        return try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE authorization_interactions
                SET interaction = \(bind: text), version = \(bind: Int64(interaction.version)),
                    expires_at = \(bind: Milliseconds.from(interaction.expiresAt))
                WHERE id = \(bind: interaction.id) AND version = \(bind: Int64(version))
                RETURNING id
                """
            ).first() != nil
        }
    }

    public func endInteraction(id: String) async throws {
        try await backend.transaction { database in
            try await database.raw("DELETE FROM authorization_interactions WHERE id = \(bind: id)").run()
        }
    }

    // MARK: Authorization codes

    public func saveCode(_ code: AuthorizationCodeRecord) async throws {
        let request = try StoredJSON.text(code.request)
        let issued = try code.issued.map { try StoredJSON.text($0) }
        let retainUntil = max(code.expiresAt, code.issued?.expiresAt ?? code.expiresAt)
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO authorization_codes
                    (code_hash, request, customer_id, authenticated_at, expires_at, redeemed, issued, retain_until)
                VALUES (\(bind: code.hash), \(bind: request), \(bind: code.customerID), \(bind: Milliseconds.from(code.authenticatedAt)),
                        \(bind: Milliseconds.from(code.expiresAt)), 0, \(bind: issued), \(bind: Milliseconds.from(retainUntil)))
                ON CONFLICT (code_hash) DO UPDATE SET request = excluded.request, customer_id = excluded.customer_id,
                    authenticated_at = excluded.authenticated_at, expires_at = excluded.expires_at, redeemed = 0,
                    issued = excluded.issued, retain_until = excluded.retain_until
                """
            ).run()
        }
    }

    public func redeemCode(hash: String, issuing: IssuedTokens, now: Date) async throws -> CodeRedemption {
        let issued = try StoredJSON.text(issuing)
        let issuedUntil = Milliseconds.from(issuing.expiresAt)
        return try await backend.transaction { database in
            // Only the first of concurrent redemptions matches `redeemed = 0`; PostgreSQL makes
            // the others wait for it and then finds nothing to update.
            if let row = try await database.raw(
                """
                UPDATE authorization_codes
                SET redeemed = 1, issued = \(bind: issued),
                    retain_until = CASE WHEN expires_at > \(bind: issuedUntil) THEN expires_at ELSE \(bind: issuedUntil) END
                WHERE code_hash = \(bind: hash) AND redeemed = 0 AND expires_at > \(bind: Milliseconds.from(now))
                RETURNING \(unsafeRaw: Self.codeColumns)
                """
            ).first() {
                return .redeemed(try Self.code(from: row).record)
            }
            guard
                let row = try await database.raw(
                    "SELECT \(unsafeRaw: Self.codeColumns) FROM authorization_codes WHERE code_hash = \(bind: hash)"
                ).first()
            else { return .unknown }
            let code = try Self.code(from: row)
            // Not redeemed yet but not updated either: it has expired.
            return code.redeemed ? .replayed(code.record) : .unknown
        }
    }

    // MARK: Refresh tokens

    public func saveRefreshToken(_ token: RefreshTokenRecord) async throws {
        let scopes = try StoredJSON.text(token.scopes)
        try await backend.transaction { database in
            try await Self.upsert(token, scopes: scopes, in: database)
        }
    }

    public func refreshToken(hash: String) async throws -> RefreshTokenRecord? {
        try await backend.read { database in
            try await database.raw(
                "SELECT \(unsafeRaw: Self.refreshTokenColumns) FROM refresh_tokens WHERE token_hash = \(bind: hash)"
            ).first().map(Self.refreshToken(from:))
        }
    }

    public func rotateRefreshToken(hash: String, to successor: RefreshTokenRecord) async throws -> Bool {
        let scopes = try StoredJSON.text(successor.scopes)
        return try await backend.transaction { database in
            let marked = try await database.raw(
                """
                UPDATE refresh_tokens SET state = \(bind: RefreshTokenRecord.State.used.rawValue)
                WHERE token_hash = \(bind: hash) AND state = \(bind: RefreshTokenRecord.State.live.rawValue)
                RETURNING token_hash
                """
            ).first()
            guard marked != nil else { return false }
            try await Self.upsert(successor, scopes: scopes, in: database)
            return true
        }
    }

    public func revokeRefreshFamily(_ familyID: String, now: Date) async throws -> [RevokedToken] {
        let nowMilliseconds = Milliseconds.from(now)
        return try await backend.transaction { database in
            let rows = try await database.raw(
                """
                UPDATE refresh_tokens SET state = \(bind: RefreshTokenRecord.State.revoked.rawValue)
                WHERE family_id = \(bind: familyID)
                RETURNING access_token_id, access_client_id, access_expires_at
                """
            ).all()
            var live: [RevokedToken] = []
            for row in rows {
                let expiresAt = try row.decode(column: "access_expires_at", as: Int64.self)
                guard expiresAt > nowMilliseconds else { continue }
                live.append(
                    RevokedToken(
                        tokenID: try row.decode(column: "access_token_id", as: String.self),
                        clientID: try row.decode(column: "access_client_id", as: String.self), expiresAt: Milliseconds.date(expiresAt)))
            }
            return live.sorted { $0.tokenID < $1.tokenID }
        }
    }

    // MARK: Forgetting

    public func forgetExpired(before date: Date) async throws {
        let end = Milliseconds.from(date)
        try await backend.transaction { database in
            try await database.raw("DELETE FROM pushed_authorization_requests WHERE expires_at < \(bind: end)").run()
            try await database.raw("DELETE FROM authorization_interactions WHERE expires_at < \(bind: end)").run()
            try await database.raw("DELETE FROM authorization_codes WHERE retain_until < \(bind: end)").run()
            try await database.raw("DELETE FROM refresh_tokens WHERE expires_at < \(bind: end)").run()
        }
    }

    // MARK: Rows

    private static let codeColumns = "code_hash, request, customer_id, authenticated_at, expires_at, redeemed, issued"

    private static func code(from row: any SQLRow) throws -> (record: AuthorizationCodeRecord, redeemed: Bool) {
        let record = AuthorizationCodeRecord(
            hash: try row.decode(column: "code_hash", as: String.self),
            request: try StoredJSON.decode(AuthorizationRequest.self, column: "request", of: row),
            customerID: try row.decode(column: "customer_id", as: String.self),
            authenticatedAt: Milliseconds.date(try row.decode(column: "authenticated_at", as: Int64.self)),
            expiresAt: Milliseconds.date(try row.decode(column: "expires_at", as: Int64.self)),
            issued: try StoredJSON.decodeIfPresent(IssuedTokens.self, column: "issued", of: row))
        return (record, try row.decode(column: "redeemed", as: Int64.self) != 0)
    }

    private static let refreshTokenColumns = """
        token_hash, family_id, client_id, customer_id, scopes, authenticated_at, expires_at, access_token_id, access_client_id,
        access_expires_at, state, intent_id
        """

    private static func refreshToken(from row: any SQLRow) throws -> RefreshTokenRecord {
        let hash = try row.decode(column: "token_hash", as: String.self)
        let stateName = try row.decode(column: "state", as: String.self)
        guard let state = RefreshTokenRecord.State(rawValue: stateName) else {
            throw StoreError.corrupt("refresh token \(hash) has state \(stateName)")
        }
        return RefreshTokenRecord(
            hash: hash, familyID: try row.decode(column: "family_id", as: String.self),
            clientID: try row.decode(column: "client_id", as: String.self), customerID: try row.decode(column: "customer_id", as: String.self),
            scopes: try StoredJSON.decode([String].self, column: "scopes", of: row),
            authenticatedAt: Milliseconds.date(try row.decode(column: "authenticated_at", as: Int64.self)),
            expiresAt: Milliseconds.date(try row.decode(column: "expires_at", as: Int64.self)),
            accessToken: RevokedToken(
                tokenID: try row.decode(column: "access_token_id", as: String.self),
                clientID: try row.decode(column: "access_client_id", as: String.self),
                expiresAt: Milliseconds.date(try row.decode(column: "access_expires_at", as: Int64.self))),
            intentID: try row.decode(column: "intent_id", as: String?.self), state: state)
    }

    /// Stores `token`, replacing a token with the same hash as the in-memory twin does.
    private static func upsert(_ token: RefreshTokenRecord, scopes: String, in database: any SQLDatabase) async throws {
        try await database.raw(
            """
            INSERT INTO refresh_tokens (\(unsafeRaw: refreshTokenColumns))
            VALUES (\(bind: token.hash), \(bind: token.familyID), \(bind: token.clientID), \(bind: token.customerID), \(bind: scopes),
                    \(bind: Milliseconds.from(token.authenticatedAt)), \(bind: Milliseconds.from(token.expiresAt)),
                    \(bind: token.accessToken.tokenID), \(bind: token.accessToken.clientID),
                    \(bind: Milliseconds.from(token.accessToken.expiresAt)), \(bind: token.state.rawValue), \(bind: token.intentID))
            ON CONFLICT (token_hash) DO UPDATE SET family_id = excluded.family_id, client_id = excluded.client_id,
                customer_id = excluded.customer_id, scopes = excluded.scopes, authenticated_at = excluded.authenticated_at,
                expires_at = excluded.expires_at, access_token_id = excluded.access_token_id,
                access_client_id = excluded.access_client_id, access_expires_at = excluded.access_expires_at, state = excluded.state,
                intent_id = excluded.intent_id
            """
        ).run()
    }
}
