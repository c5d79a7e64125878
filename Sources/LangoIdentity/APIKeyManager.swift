import Foundation
import LangoCrypto
import LangoJSON

/// A key just issued: the stored record and the secret, which is shown this once and never again.
public struct IssuedAPIKey: Sendable {
    public let key: APIKey
    public let secret: String
}

/// Administers apps and their API keys: creation, suspension, issue, rotation, revocation.
public struct APIKeyManager: Sendable {
    private let store: any IdentityStore
    private let hasher: KeyHasher
    private let clock: @Sendable () -> Date

    public init(store: any IdentityStore, hasher: KeyHasher, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.hasher = hasher
        self.clock = clock
    }

    /// Registers an app. Without an `id`, one is generated; without a `plan`, the app is on the
    /// gateway's default plan. Callers check that `plan` exists (plans are not stored here).
    public func createApp(
        id: String? = nil, name: String, environment: AppEnvironment, plan: String? = nil, partner: String? = nil
    ) async throws -> App {
        let id = id ?? "app_" + SecureRandom.token(byteCount: 8)
        guard App.isValidID(id) else {
            throw IdentityError.invalid("app id \"\(id)\" must be app_ followed by 3 to 40 of a-z, 0-9, _ or -")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else {
            throw IdentityError.invalid("app name must be 1 to 100 characters")
        }
        let partner = partner?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let partner, !(1...100).contains(partner.count) {
            throw IdentityError.invalid("partner name must be 1 to 100 characters")
        }
        let app = App(id: id, name: name, environment: environment, createdAt: clock(), plan: plan, partner: partner)
        try await store.insertApp(app)
        return app
    }

    /// Suspends or reactivates an app; its keys follow at once (within the gateway's cache time).
    public func setStatus(_ status: AppStatus, ofApp id: String) async throws -> App {
        guard var app = try await store.app(id: id) else { throw IdentityError.unknownApp(id) }
        app.status = status
        try await store.updateApp(app)
        return app
    }

    /// Moves an app to another plan (`nil`: the default plan). The counters the limiter keeps
    /// belong to the app, so what was used in the current windows still counts.
    public func setPlan(_ plan: String?, ofApp id: String) async throws -> App {
        guard var app = try await store.app(id: id) else { throw IdentityError.unknownApp(id) }
        app.plan = plan
        try await store.updateApp(app)
        return app
    }

    /// Issues a key for an app with the given scopes, valid for `lifetime` (or without expiry).
    public func issueKey(appID: String, scopes: [String], lifetime: Duration? = nil) async throws -> IssuedAPIKey {
        guard let app = try await store.app(id: appID) else { throw IdentityError.unknownApp(appID) }
        guard !scopes.isEmpty else { throw IdentityError.invalid("a key needs at least one scope") }
        if let lifetime, lifetime <= .zero { throw IdentityError.invalid("a key's lifetime must be positive") }
        let now = clock()
        let issued = makeKey(for: app, scopes: Array(Set(scopes)).sorted(), now: now, expiresAt: lifetime.map { now + $0 })
        try await store.insertKey(issued.key)
        return issued
    }

    /// Replaces a key with a new one of the same app and scopes. The old key keeps working for
    /// `overlap` (so clients can switch without downtime), then expires. The new key gets the
    /// old key's lifetime, counted from now.
    public func rotateKey(id: String, overlap: Duration) async throws -> IssuedAPIKey {
        guard overlap >= .zero else { throw IdentityError.invalid("the rotation overlap cannot be negative") }
        guard var old = try await store.key(id: id) else { throw IdentityError.unknownKey(id) }
        let now = clock()
        let status = old.status(at: now)
        guard status == .active else { throw IdentityError.keyNotActive(id, status) }
        guard let app = try await store.app(id: old.appID) else { throw IdentityError.unknownApp(old.appID) }

        let lifetime = old.expiresAt.map { $0.timeIntervalSince(old.createdAt) }
        let replacement = makeKey(for: app, scopes: old.scopes, now: now, expiresAt: lifetime.map { now.addingTimeInterval($0) })
        let overlapEnd = now + overlap
        old.expiresAt = old.expiresAt.map { min($0, overlapEnd) } ?? overlapEnd
        old.replacedBy = replacement.key.id
        try await store.replaceKey(old, with: replacement.key)
        return replacement
    }

    /// Revokes a key at once. Revoking a revoked key is harmless and keeps the first time.
    public func revokeKey(id: String) async throws -> APIKey {
        guard var key = try await store.key(id: id) else { throw IdentityError.unknownKey(id) }
        if key.revokedAt == nil {
            key.revokedAt = clock()
            try await store.updateKey(key)
        }
        return key
    }

    private func makeKey(for app: App, scopes: [String], now: Date, expiresAt: Date?) -> IssuedAPIKey {
        let secret = APIKeySecret.generate(for: app.environment)
        let key = APIKey(
            id: "key_" + SecureRandom.token(byteCount: 8),
            appID: app.id,
            hash: hasher.hash(secret),
            prefix: String(secret.prefix(APIKeySecret.prefixLength)),
            scopes: scopes,
            createdAt: now,
            expiresAt: expiresAt
        )
        return IssuedAPIKey(key: key, secret: secret)
    }
}

extension Date {
    static func + (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(duration.timeInterval)
    }
}
