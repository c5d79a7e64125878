import Foundation
import LangoCrypto
import LangoJOSE
import LangoJSON

/// Creates, rotates and loads Lango's token signing keys, and signs with the current one.
///
/// Rotation publishes a new key before it is used: ``rotate()`` stores a key that starts
/// signing `activationDelay` later, and every node reloads the keys at least every
/// `refreshInterval` (which must be shorter), so relying parties can fetch the JWKS with the
/// new key before they meet a token it signed. The old key stays published until its last
/// token has expired; ``rotate()`` deletes keys past that.
public actor SigningKeyManager {
    public struct Settings: Sendable {
        public var algorithm: SignatureAlgorithm = .es256
        /// The longest any token Lango signs may live.
        public var tokenLifetime: Duration = .seconds(3600)
        public var refreshInterval: Duration = .seconds(60)
        public var activationDelay: Duration = .seconds(900)

        public init() {}
    }

    private let store: any SigningKeyStore
    private let vault: SigningKeyVault
    public let settings: Settings
    private let clock: @Sendable () -> Date
    private var opened: [String: SigningKey] = [:]
    private var cached: (ring: SigningKeyRing, loadedAt: Date)?
    /// Stored keys the last load could not open (sealed under another secret, or damaged); they
    /// are left out of the ring.
    public private(set) var unreadableKeyIDs: [String] = []

    public init(store: any SigningKeyStore, vault: SigningKeyVault, settings: Settings = Settings(), clock: @escaping @Sendable () -> Date = Date.init) {
        precondition(settings.refreshInterval < settings.activationDelay, "keys must be reloaded more often than rotation activates them")
        self.store = store
        self.vault = vault
        self.settings = settings
        self.clock = clock
    }

    /// The keys in force now, reloaded from the store when the last load is older than `refreshInterval`.
    public func ring() async throws -> SigningKeyRing {
        try await ring(reloadingAfter: settings.refreshInterval)
    }

    /// The keys in force now, reloaded when the last load is older than `age`: a verifier that
    /// meets an unknown `kid` (a key another node has just created) asks with a short age.
    public func ring(reloadingAfter age: Duration) async throws -> SigningKeyRing {
        let now = clock()
        if let cached, now.timeIntervalSince(cached.loadedAt) < age.timeInterval {
            return SigningKeyRing(cached.ring.published, at: now, tokenLifetime: settings.tokenLifetime)
        }
        return try await reload(at: now)
    }

    /// Creates a key that signs at once when none does (a first start); otherwise does nothing.
    @discardableResult
    public func bootstrap() async throws -> SigningKeyRecord? {
        let now = clock()
        guard try await reload(at: now).signing == nil else { return nil }
        let record = try await create(activeFrom: now)
        _ = try await reload(at: now)
        return record
    }

    /// Stores a new key that starts signing `activationDelay` from now (at once when no key
    /// signs yet: nobody can rely on a key that does not exist), and deletes keys that no live
    /// token can need any more.
    public func rotate() async throws -> SigningKeyRecord {
        let now = clock()
        let delay = try await reload(at: now).signing == nil ? 0 : settings.activationDelay.timeInterval
        let record = try await create(activeFrom: now.addingTimeInterval(delay))
        let ring = try await reload(at: now)
        if !ring.expired.isEmpty {
            try await store.deleteSigningKeys(ring.expired.map(\.keyID))
        }
        return record
    }

    /// `claims` signed as a JWS with the current key, with `typ` set to `type`.
    public func sign(_ claims: JSONObject, type: String) async throws -> String {
        guard let signing = try await ring().signing else { throw OAuthError.serverError("no signing key is active") }
        return try CompactJWS.sign(
            payload: Array(JSONValue.object(claims).encodedString(.compact).utf8), header: ["typ": .string(type)], key: signing.key,
            keyID: signing.record.keyID)
    }

    private func create(activeFrom: Date) async throws -> SigningKeyRecord {
        let key = try SigningKey.generate(settings.algorithm)
        let keyID = try JSONWebKey.thumbprint(of: key.publicKey)
        let record = SigningKeyRecord(
            keyID: keyID, algorithm: key.algorithm, sealedPrivateKey: try vault.seal(key, keyID: keyID), createdAt: clock(),
            activeFrom: activeFrom)
        try await store.insertSigningKey(record)
        opened[keyID] = key
        return record
    }

    private func reload(at now: Date) async throws -> SigningKeyRing {
        let records = try await store.signingKeys()
        opened = opened.filter { opened in records.contains { $0.keyID == opened.key } }
        var entries: [SigningKeyRing.Entry] = []
        var unreadable: [(keyID: String, error: any Error)] = []
        for record in records {
            do {
                let key = try opened[record.keyID] ?? vault.open(record)
                opened[record.keyID] = key
                entries.append(SigningKeyRing.Entry(record: record, key: key))
            } catch {
                unreadable.append((record.keyID, error))
            }
        }
        // One damaged row must not stop the server; no readable key at all means the wrong
        // installation secret, which must not pass unnoticed.
        if entries.isEmpty, let first = unreadable.first { throw first.error }
        unreadableKeyIDs = unreadable.map(\.keyID)
        let ring = SigningKeyRing(entries, at: now, tokenLifetime: settings.tokenLifetime)
        cached = (ring, now)
        return ring
    }
}
