import Foundation

/// A stored API key. The secret itself is never stored: only its keyed hash.
public struct APIKey: Sendable, Hashable, Codable {
    /// Public identifier, `key_…`, safe to log and show.
    public var id: String
    public var appID: String
    /// HMAC-SHA256 of the full secret under the installation's pepper, in hex.
    public var hash: String
    /// The first characters of the secret (`lango_live_ab3k`), to recognise a key in listings.
    public var prefix: String
    public var scopes: [String]
    public var createdAt: Date
    /// After this instant the key no longer authenticates; `nil` for no expiry.
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// The key that replaced this one in a rotation.
    public var replacedBy: String?

    public init(
        id: String, appID: String, hash: String, prefix: String, scopes: [String], createdAt: Date,
        expiresAt: Date? = nil, revokedAt: Date? = nil, replacedBy: String? = nil
    ) {
        self.id = id
        self.appID = appID
        self.hash = hash
        self.prefix = prefix
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.replacedBy = replacedBy
    }

    /// The key's standing at `now`.
    public func status(at now: Date) -> APIKeyStatus {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= now { return .expired }
        return .active
    }
}

/// Whether a stored key authenticates right now.
public enum APIKeyStatus: String, Sendable, Hashable, Codable {
    case active
    case expired
    case revoked
}
