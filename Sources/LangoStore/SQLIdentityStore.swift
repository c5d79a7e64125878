import Foundation
import LangoIdentity
import LangoJSON
import SQLKit

/// ``IdentityStore`` on SQL: the `apps` and `api_keys` tables.
public struct SQLIdentityStore: IdentityStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func insertApp(_ app: App) async throws {
        try await backend.transaction { database in
            if try await database.raw("SELECT id FROM apps WHERE id = \(bind: app.id)").first() != nil {
                throw IdentityError.duplicateApp(app.id)
            }
            try await database.raw(
                """
                INSERT INTO apps (id, name, environment, status, created_at, plan_id, partner)
                VALUES (\(bind: app.id), \(bind: app.name), \(bind: app.environment.rawValue), \(bind: app.status.rawValue),
                        \(bind: Milliseconds.from(app.createdAt)), \(bind: app.plan), \(bind: app.partner))
                """
            ).run()
        }
    }

    public func app(id: String) async throws -> App? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM apps WHERE id = \(bind: id)").first().map(Self.app(from:))
        }
    }

    public func apps() async throws -> [App] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM apps ORDER BY id").all().map(Self.app(from:))
        }
    }

    public func updateApp(_ app: App) async throws {
        try await backend.transaction { database in
            guard try await database.raw("SELECT id FROM apps WHERE id = \(bind: app.id)").first() != nil else {
                throw IdentityError.unknownApp(app.id)
            }
            try await database.raw(
                """
                UPDATE apps SET name = \(bind: app.name), environment = \(bind: app.environment.rawValue),
                    status = \(bind: app.status.rawValue), plan_id = \(bind: app.plan), partner = \(bind: app.partner)
                WHERE id = \(bind: app.id)
                """
            ).run()
        }
    }

    public func insertKey(_ key: APIKey) async throws {
        try await backend.transaction { database in
            try await Self.insert(key, into: database)
        }
    }

    public func key(id: String) async throws -> APIKey? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM api_keys WHERE id = \(bind: id)").first().map(Self.key(from:))
        }
    }

    public func key(hash: String) async throws -> APIKey? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM api_keys WHERE hash = \(bind: hash)").first().map(Self.key(from:))
        }
    }

    public func keys(appID: String?) async throws -> [APIKey] {
        try await backend.read { database in
            let rows =
                if let appID {
                    try await database.raw("SELECT * FROM api_keys WHERE app_id = \(bind: appID) ORDER BY created_at, id").all()
                } else {
                    try await database.raw("SELECT * FROM api_keys ORDER BY created_at, id").all()
                }
            return try rows.map(Self.key(from:))
        }
    }

    public func updateKey(_ key: APIKey) async throws {
        try await backend.transaction { database in
            try await Self.update(key, in: database)
        }
    }

    public func replaceKey(_ replaced: APIKey, with replacement: APIKey) async throws {
        try await backend.transaction { database in
            try await Self.insert(replacement, into: database)
            try await Self.update(replaced, in: database)
        }
    }

    private static func insert(_ key: APIKey, into database: any SQLDatabase) async throws {
        guard try await database.raw("SELECT id FROM apps WHERE id = \(bind: key.appID)").first() != nil else {
            throw IdentityError.unknownApp(key.appID)
        }
        let clash = try await database.raw(
            "SELECT id FROM api_keys WHERE id = \(bind: key.id) OR hash = \(bind: key.hash)"
        ).first()
        guard clash == nil else { throw IdentityError.duplicateKey(key.id) }
        try await database.raw(
            """
            INSERT INTO api_keys (id, app_id, hash, prefix, scopes, created_at, expires_at, revoked_at, replaced_by)
            VALUES (\(bind: key.id), \(bind: key.appID), \(bind: key.hash), \(bind: key.prefix), \(bind: scopesText(key.scopes)),
                    \(bind: Milliseconds.from(key.createdAt)), \(bind: key.expiresAt.map(Milliseconds.from)),
                    \(bind: key.revokedAt.map(Milliseconds.from)), \(bind: key.replacedBy))
            """
        ).run()
    }

    private static func update(_ key: APIKey, in database: any SQLDatabase) async throws {
        guard try await database.raw("SELECT id FROM api_keys WHERE id = \(bind: key.id)").first() != nil else {
            throw IdentityError.unknownKey(key.id)
        }
        try await database.raw(
            """
            UPDATE api_keys SET scopes = \(bind: scopesText(key.scopes)), expires_at = \(bind: key.expiresAt.map(Milliseconds.from)),
                revoked_at = \(bind: key.revokedAt.map(Milliseconds.from)), replaced_by = \(bind: key.replacedBy)
            WHERE id = \(bind: key.id)
            """
        ).run()
    }

    private static func scopesText(_ scopes: [String]) -> String {
        JSONValue.array(scopes.map(JSONValue.string)).encodedString()
    }

    private static func app(from row: any SQLRow) throws -> App {
        let environment = try row.decode(column: "environment", as: String.self)
        let status = try row.decode(column: "status", as: String.self)
        guard let environment = AppEnvironment(rawValue: environment), let status = AppStatus(rawValue: status) else {
            throw StoreError.corrupt("app row has environment \(environment) and status \(status)")
        }
        return App(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            environment: environment,
            status: status,
            createdAt: Milliseconds.date(try row.decode(column: "created_at", as: Int64.self)),
            plan: try row.decode(column: "plan_id", as: String?.self),
            partner: try row.decode(column: "partner", as: String?.self)
        )
    }

    private static func key(from row: any SQLRow) throws -> APIKey {
        let scopesText = try row.decode(column: "scopes", as: String.self)
        guard let scopes = (try? JSONValue.parse(scopesText))?.arrayValue?.compactMap(\.stringValue) else {
            throw StoreError.corrupt("api key scopes are not a JSON array of strings: \(scopesText)")
        }
        return APIKey(
            id: try row.decode(column: "id", as: String.self),
            appID: try row.decode(column: "app_id", as: String.self),
            hash: try row.decode(column: "hash", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            scopes: scopes,
            createdAt: Milliseconds.date(try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Milliseconds.date),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Milliseconds.date),
            replacedBy: try row.decode(column: "replaced_by", as: String?.self)
        )
    }
}
