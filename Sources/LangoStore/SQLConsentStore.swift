import Foundation
import LangoConsent
import SQLKit

/// ``ConsentStore`` on SQL: `consents` holds each consent as JSON with the columns queries and
/// compare-and-set need; `consent_events` the audit trail, whose increasing `sequence` lets
/// every node read on from the last change it saw.
public struct SQLConsentStore: ConsentStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func create(_ change: ConsentChange) async throws {
        let consent = change.consent
        let body = try StoredJSON.text(consent)
        let event = try StoredJSON.text(change.event)
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO consents (id, client_id, customer_id, status, created_at, expires_at, expiry_recorded, deleted, version, body)
                VALUES (\(bind: consent.id), \(bind: consent.clientID), \(bind: consent.customerID), \(bind: consent.status.rawValue),
                        \(bind: Milliseconds.from(consent.createdAt)), \(bind: consent.expiresAt.map(Milliseconds.from)),
                        \(bind: consent.expiryRecorded ? 1 : 0), \(bind: consent.deletedAt == nil ? 0 : 1), \(bind: Int64(consent.version)),
                        \(bind: body))
                """
            ).run()
            try await Self.append(event, of: consent.id, to: database)
        }
    }

    public func consent(id: String) async throws -> Consent? {
        try await backend.read { database in
            try await database.raw("SELECT body FROM consents WHERE id = \(bind: id)").first().map(Self.consent)
        }
    }

    public func apply(_ change: ConsentChange, expectedVersion: Int) async throws -> Bool {
        let consent = change.consent
        let body = try StoredJSON.text(consent)
        let event = try StoredJSON.text(change.event)
        return try await backend.transaction { database in
            let updated = try await database.raw(
                """
                UPDATE consents
                SET customer_id = \(bind: consent.customerID), status = \(bind: consent.status.rawValue),
                    expiry_recorded = \(bind: consent.expiryRecorded ? 1 : 0), deleted = \(bind: consent.deletedAt == nil ? 0 : 1),
                    version = \(bind: Int64(consent.version)), body = \(bind: body)
                WHERE id = \(bind: consent.id) AND version = \(bind: Int64(expectedVersion))
                RETURNING id
                """
            ).all()
            guard !updated.isEmpty else { return false }
            try await Self.append(event, of: consent.id, to: database)
            return true
        }
    }

    public func consents(customerID: String) async throws -> [Consent] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT body FROM consents WHERE customer_id = \(bind: customerID) AND deleted = 0
                ORDER BY created_at DESC, id DESC
                """
            ).all().map(Self.consent)
        }
    }

    public func events(consentID: String) async throws -> [ConsentEvent] {
        try await backend.read { database in
            try await database.raw(
                "SELECT sequence, body FROM consent_events WHERE consent_id = \(bind: consentID) ORDER BY sequence"
            ).all().map(Self.event)
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [ConsentEvent] {
        try await backend.read { database in
            try await database.raw(
                "SELECT sequence, body FROM consent_events WHERE sequence > \(bind: sequence) ORDER BY sequence LIMIT \(bind: max(limit, 0))"
            ).all().map(Self.event)
        }
    }

    private static func event(_ row: any SQLRow) throws -> ConsentEvent {
        var event = try StoredJSON.decode(ConsentEvent.self, column: "body", of: row)
        event.sequence = try row.decode(column: "sequence", as: Int64.self)
        return event
    }

    public func changes(after sequence: Int64) async throws -> (consentIDs: [String], sequence: Int64) {
        try await backend.read { database in
            let rows = try await database.raw(
                """
                SELECT consent_id, MAX(sequence) AS latest FROM consent_events WHERE sequence > \(bind: sequence)
                GROUP BY consent_id ORDER BY latest
                """
            ).all()
            var last = sequence
            let ids = try rows.map { row in
                last = max(last, try row.decode(column: "latest", as: Int64.self))
                return try row.decode(column: "consent_id", as: String.self)
            }
            return (ids, last)
        }
    }

    public func dueExpiries(at now: Date, limit: Int) async throws -> [Consent] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT body FROM consents
                WHERE status IN (\(SQLList(Consent.expiringStatuses.map { SQLBind($0.rawValue) }))) AND expiry_recorded = 0 AND deleted = 0
                  AND expires_at <= \(bind: Milliseconds.from(now))
                ORDER BY expires_at, id LIMIT \(bind: max(limit, 0))
                """
            ).all().map(Self.consent)
        }
    }

    public func recordUses(_ uses: [String: Date]) async throws {
        guard !uses.isEmpty else { return }
        try await backend.transaction { database in
            for (id, at) in uses {
                let time = Milliseconds.from(at)
                try await database.raw(
                    """
                    UPDATE consents SET last_used_at = \(bind: time)
                    WHERE id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: time))
                    """
                ).run()
            }
        }
    }

    public func lastUses(consentIDs: [String]) async throws -> [String: Date] {
        guard !consentIDs.isEmpty else { return [:] }
        return try await backend.read { database in
            let rows = try await database.raw(
                """
                SELECT id, last_used_at FROM consents
                WHERE last_used_at IS NOT NULL AND id IN (\(SQLList(consentIDs.map { SQLBind($0) })))
                """
            ).all()
            return try rows.reduce(into: [:]) { uses, row in
                uses[try row.decode(column: "id", as: String.self)] = Milliseconds.date(try row.decode(column: "last_used_at", as: Int64.self))
            }
        }
    }

    private static func append(_ event: String, of consentID: String, to database: any SQLDatabase) async throws {
        try await database.raw("INSERT INTO consent_events (consent_id, body) VALUES (\(bind: consentID), \(bind: event))").run()
    }

    private static func consent(_ row: any SQLRow) throws -> Consent {
        try StoredJSON.decode(Consent.self, column: "body", of: row)
    }
}
