import Foundation
import LangoWebhooks
import SQLKit

/// ``WebhookStore`` on SQL: `webhook_endpoints` and `webhook_messages`, each row's value as
/// JSON beside the columns queries need. A claim leases due messages in one transaction, so two
/// nodes never attempt the same message at once.
public struct SQLWebhookStore: WebhookStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func save(_ endpoint: WebhookEndpoint) async throws {
        let body = try StoredJSON.text(endpoint)
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO webhook_endpoints (id, app_id, created_at, body)
                VALUES (\(bind: endpoint.id), \(bind: endpoint.appID), \(bind: Milliseconds.from(endpoint.createdAt)), \(bind: body))
                ON CONFLICT (id) DO UPDATE SET body = excluded.body
                """
            ).run()
        }
    }

    public func endpoint(id: String) async throws -> WebhookEndpoint? {
        try await backend.read { database in
            try await database.raw("SELECT body FROM webhook_endpoints WHERE id = \(bind: id)").first().map {
                try StoredJSON.decode(WebhookEndpoint.self, column: "body", of: $0)
            }
        }
    }

    public func endpoints(appID: String) async throws -> [WebhookEndpoint] {
        try await backend.read { database in
            try await database.raw("SELECT body FROM webhook_endpoints WHERE app_id = \(bind: appID) ORDER BY created_at, id").all().map {
                try StoredJSON.decode(WebhookEndpoint.self, column: "body", of: $0)
            }
        }
    }

    public func enqueue(_ messages: [WebhookMessage]) async throws {
        let rows = try messages.map { ($0, try StoredJSON.text($0)) }
        try await backend.transaction { database in
            for (message, body) in rows {
                try await database.raw(
                    """
                    INSERT INTO webhook_messages (id, app_id, state, next_attempt_at, created_at, body)
                    VALUES (\(bind: message.id), \(bind: message.appID), \(bind: message.state.rawValue),
                            \(bind: Milliseconds.from(message.nextAttemptAt)), \(bind: Milliseconds.from(message.createdAt)), \(bind: body))
                    ON CONFLICT (id) DO NOTHING
                    """
                ).run()
            }
        }
    }

    public func message(id: String) async throws -> WebhookMessage? {
        try await backend.read { database in
            try await database.raw("SELECT body FROM webhook_messages WHERE id = \(bind: id)").first().map(Self.message)
        }
    }

    public func claimDue(at now: Date, limit: Int, leaseUntil: Date) async throws -> [WebhookMessage] {
        let time = Milliseconds.from(now)
        return try await backend.transaction { database in
            let rows = try await database.raw(
                """
                UPDATE webhook_messages SET leased_until = \(bind: Milliseconds.from(leaseUntil))
                WHERE id IN (
                    SELECT id FROM webhook_messages
                    WHERE state = 'pending' AND next_attempt_at <= \(bind: time) AND (leased_until IS NULL OR leased_until <= \(bind: time))
                    ORDER BY next_attempt_at, id LIMIT \(bind: max(limit, 0)))
                RETURNING body
                """
            ).all()
            return try rows.map(Self.message).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
        }
    }

    public func update(_ message: WebhookMessage) async throws {
        let body = try StoredJSON.text(message)
        try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE webhook_messages SET state = \(bind: message.state.rawValue), next_attempt_at = \(bind: Milliseconds.from(message.nextAttemptAt)),
                    leased_until = NULL, body = \(bind: body)
                WHERE id = \(bind: message.id)
                """
            ).run()
        }
    }

    public func claimCursor(_ name: String, now: Date, leaseUntil: Date) async throws -> WebhookCursor? {
        let holder = WebhookCursor.newHolder()
        return try await backend.transaction { database in
            try await database.raw("INSERT INTO webhook_cursors (name, position) VALUES (\(bind: name), 0) ON CONFLICT (name) DO NOTHING")
                .run()
            return try await database.raw(
                """
                UPDATE webhook_cursors SET holder = \(bind: holder), leased_until = \(bind: Milliseconds.from(leaseUntil))
                WHERE name = \(bind: name) AND (leased_until IS NULL OR leased_until <= \(bind: Milliseconds.from(now)))
                RETURNING position
                """
            ).first().map { WebhookCursor(name: name, position: try $0.decode(column: "position", as: Int64.self), holder: holder) }
        }
    }

    public func advance(_ cursor: WebhookCursor, to position: Int64) async throws -> Bool {
        try await backend.transaction { database in
            try await !database.raw(
                """
                UPDATE webhook_cursors SET position = \(bind: position), holder = NULL, leased_until = NULL
                WHERE name = \(bind: cursor.name) AND holder = \(bind: cursor.holder)
                RETURNING name
                """
            ).all().isEmpty
        }
    }

    public func messages(appID: String, state: WebhookMessage.State, limit: Int) async throws -> [WebhookMessage] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT body FROM webhook_messages WHERE app_id = \(bind: appID) AND state = \(bind: state.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(limit, 0))
                """
            ).all().map(Self.message)
        }
    }

    private static func message(_ row: any SQLRow) throws -> WebhookMessage {
        try StoredJSON.decode(WebhookMessage.self, column: "body", of: row)
    }
}
