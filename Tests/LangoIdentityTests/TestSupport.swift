import Foundation
import LangoIdentity
import Synchronization

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var function: @Sendable () -> Date { { self.now } }
}

/// An identity store that counts hash lookups and can be switched off.
actor CountingIdentityStore: IdentityStore {
    let inner = InMemoryIdentityStore()
    private(set) var hashLookups = 0
    var failing = false

    struct Offline: Error {}

    func setFailing(_ value: Bool) { failing = value }

    func insertApp(_ app: App) async throws { try await inner.insertApp(app) }
    func app(id: String) async throws -> App? { await inner.app(id: id) }
    func apps() async throws -> [App] { await inner.apps() }
    func updateApp(_ app: App) async throws { try await inner.updateApp(app) }
    func insertKey(_ key: APIKey) async throws { try await inner.insertKey(key) }
    func key(id: String) async throws -> APIKey? { await inner.key(id: id) }
    func key(hash: String) async throws -> APIKey? {
        hashLookups += 1
        if failing { throw Offline() }
        return await inner.key(hash: hash)
    }
    func keys(appID: String?) async throws -> [APIKey] { await inner.keys(appID: appID) }
    func updateKey(_ key: APIKey) async throws { try await inner.updateKey(key) }
    func replaceKey(_ replaced: APIKey, with replacement: APIKey) async throws {
        try await inner.replaceKey(replaced, with: replacement)
    }
}

let testPepper = [UInt8](repeating: 7, count: 32)
