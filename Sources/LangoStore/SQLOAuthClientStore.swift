import Foundation
import LangoJSON
import LangoOAuth
import SQLKit

/// ``OAuthClientStore`` on SQL: `oauth_clients` (lists as JSON arrays, the JWK set as its JSON
/// text) and `oauth_client_secrets` (hashes only).
public struct SQLOAuthClientStore: OAuthClientStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func client(id: String) async throws -> OAuthClient? {
        try await backend.read { database in
            guard
                let row = try await database.raw(
                    "SELECT app_id, auth_method, jwks, redirect_uris, scopes, grant_types FROM oauth_clients WHERE app_id = \(bind: id)"
                ).first()
            else { return nil }
            let method = try row.decode(column: "auth_method", as: String.self)
            guard let authenticationMethod = ClientAuthenticationMethod(rawValue: method) else {
                throw StoreError.corrupt("client \(id) has authentication method \(method)")
            }
            let grants = try Self.strings(row, "grant_types", of: id)
            let grantTypes = grants.compactMap(GrantType.init(rawValue:))
            guard grantTypes.count == grants.count else { throw StoreError.corrupt("client \(id) has grant types \(grants)") }
            let keySet = try row.decode(column: "jwks", as: String?.self).map { text in
                guard let value = try? JSONValue.parse(text) else { throw StoreError.corrupt("client \(id) has an unreadable JWK set") }
                return value
            }
            return OAuthClient(
                clientID: id, authenticationMethod: authenticationMethod, keySet: keySet,
                redirectURIs: try Self.strings(row, "redirect_uris", of: id), scopes: try Self.strings(row, "scopes", of: id),
                grantTypes: grantTypes)
        }
    }

    public func saveClient(_ client: OAuthClient) async throws {
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO oauth_clients (app_id, auth_method, jwks, redirect_uris, scopes, grant_types)
                VALUES (\(bind: client.clientID), \(bind: client.authenticationMethod.rawValue),
                        \(bind: client.keySet?.encodedString(.compact)), \(bind: Self.text(client.redirectURIs)),
                        \(bind: Self.text(client.scopes)), \(bind: Self.text(client.grantTypes.map(\.rawValue))))
                ON CONFLICT (app_id) DO UPDATE SET auth_method = excluded.auth_method, jwks = excluded.jwks,
                    redirect_uris = excluded.redirect_uris, scopes = excluded.scopes, grant_types = excluded.grant_types
                """
            ).run()
        }
    }

    public func secrets(clientID: String) async throws -> [ClientSecretRecord] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT id, app_id, secret_hash, created_at, expires_at FROM oauth_client_secrets
                WHERE app_id = \(bind: clientID) ORDER BY created_at, id
                """
            ).all().map { row in
                ClientSecretRecord(
                    id: try row.decode(column: "id", as: String.self), clientID: try row.decode(column: "app_id", as: String.self),
                    hash: try row.decode(column: "secret_hash", as: String.self),
                    createdAt: Milliseconds.date(try row.decode(column: "created_at", as: Int64.self)),
                    expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Milliseconds.date))
            }
        }
    }

    public func rotateSecrets(expiring: [ClientSecretRecord], adding added: ClientSecretRecord) async throws {
        try await backend.transaction { database in
            for secret in expiring {
                try await database.raw(
                    "UPDATE oauth_client_secrets SET expires_at = \(bind: secret.expiresAt.map(Milliseconds.from)) WHERE id = \(bind: secret.id)"
                ).run()
            }
            try await database.raw(
                """
                INSERT INTO oauth_client_secrets (id, app_id, secret_hash, created_at, expires_at)
                VALUES (\(bind: added.id), \(bind: added.clientID), \(bind: added.hash), \(bind: Milliseconds.from(added.createdAt)),
                        \(bind: added.expiresAt.map(Milliseconds.from)))
                """
            ).run()
        }
    }

    public func expireSecrets(clientID: String, at date: Date) async throws {
        try await backend.transaction { database in
            let end = Milliseconds.from(date)
            try await database.raw(
                """
                UPDATE oauth_client_secrets SET expires_at = \(bind: end)
                WHERE app_id = \(bind: clientID) AND (expires_at IS NULL OR expires_at > \(bind: end))
                """
            ).run()
        }
    }

    private static func text(_ strings: [String]) -> String {
        JSONValue.array(strings.map(JSONValue.string)).encodedString(.compact)
    }

    private static func strings(_ row: any SQLRow, _ column: String, of id: String) throws -> [String] {
        let text = try row.decode(column: column, as: String.self)
        guard let values = (try? JSONValue.parse(text))?.arrayValue, case let strings = values.compactMap(\.stringValue), strings.count == values.count
        else { throw StoreError.corrupt("client \(id) has unreadable \(column)") }
        return strings
    }
}
