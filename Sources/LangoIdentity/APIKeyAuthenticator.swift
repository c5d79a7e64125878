import Foundation
import LangoJSON
import Synchronization

/// What the gateway learns from a presented API key.
public enum APIKeyVerdict: Sendable, Hashable {
    /// No stored key matches (or the text is not a Lango key at all).
    case unknown
    /// A stored key matches; `status` says whether it still authenticates, `app` is its owner.
    case found(key: APIKey, app: App, status: APIKeyStatus)
    /// The key store could not be consulted; the policy's `on_error` decides.
    case unavailable(String)
}

/// Verifies presented API keys against the store, with a short cache in front of it.
///
/// Lookups are by keyed hash, so the secret never reaches the store. Records (and misses) are
/// cached for `cacheTTL`; status is computed per call from the cached record, so expiry is
/// exact, while a revocation or an app suspension takes effect within `cacheTTL`.
public final class APIKeyAuthenticator: Sendable {
    private struct Entry {
        let record: (key: APIKey, app: App)?
        let fetchedAt: Date
    }

    private let store: any IdentityStore
    private let hasher: KeyHasher
    private let clock: @Sendable () -> Date
    private let cacheTTL: TimeInterval
    private let cacheCapacity: Int
    private let cache = Mutex<[String: Entry]>([:])

    public init(
        store: any IdentityStore, hasher: KeyHasher, cacheTTL: Duration = .seconds(1), cacheCapacity: Int = 10_000,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.hasher = hasher
        self.clock = clock
        self.cacheTTL = cacheTTL.timeInterval
        self.cacheCapacity = cacheCapacity
    }

    public func verify(_ presented: String) async -> APIKeyVerdict {
        guard APIKeySecret.isWellFormed(presented) else { return .unknown }
        let hash = hasher.hash(presented)
        let now = clock()
        let cached = cache.withLock { entries -> Entry? in
            guard let entry = entries[hash], now.timeIntervalSince(entry.fetchedAt) < cacheTTL else { return nil }
            return entry
        }
        let record: (key: APIKey, app: App)?
        if let cached {
            record = cached.record
        } else {
            do {
                record = try await lookUp(hash: hash)
            } catch {
                return .unavailable("\(error)")
            }
            remember(Entry(record: record, fetchedAt: now), for: hash)
        }
        guard let record else { return .unknown }
        return .found(key: record.key, app: record.app, status: record.key.status(at: now))
    }

    private func lookUp(hash: String) async throws -> (key: APIKey, app: App)? {
        guard let key = try await store.key(hash: hash), let app = try await store.app(id: key.appID) else { return nil }
        return (key, app)
    }

    private func remember(_ entry: Entry, for hash: String) {
        cache.withLock { entries in
            if entries.count >= cacheCapacity {
                entries = entries.filter { entry.fetchedAt.timeIntervalSince($0.value.fetchedAt) < cacheTTL }
                if entries.count >= cacheCapacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[hash] = entry
        }
    }
}
