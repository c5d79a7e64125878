import Foundation
import LangoConsent
import LangoPolicy
import Synchronization
import Testing

/// The node's consent cache: served from memory, dropped on any node's change within the
/// refresh interval, at once on this node's, and refusing to answer when the feed goes stale.
@Suite struct ConsentCacheTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    final class Clock: Sendable {
        let now = Mutex(ConsentCacheTests.start)
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
    }

    struct Unreachable: Error {}

    /// A store whose change feed can be made to fail, as when the database is out of reach.
    final class FlakyStore: ConsentStore {
        let inner = InMemoryConsentStore()
        let failing = Mutex(false)
        let reads = Mutex(0)

        func create(_ change: ConsentChange) async throws { try await inner.create(change) }
        func consent(id: String) async throws -> Consent? {
            reads.withLock { $0 += 1 }
            return try await inner.consent(id: id)
        }
        func apply(_ change: ConsentChange, expectedVersion: Int) async throws -> Bool {
            try await inner.apply(change, expectedVersion: expectedVersion)
        }
        func consents(customerID: String) async throws -> [Consent] { try await inner.consents(customerID: customerID) }
        func events(consentID: String) async throws -> [ConsentEvent] { try await inner.events(consentID: consentID) }
        func events(after sequence: Int64, limit: Int) async throws -> [ConsentEvent] { try await inner.events(after: sequence, limit: limit) }
        func changes(after sequence: Int64) async throws -> (consentIDs: [String], sequence: Int64) {
            if failing.withLock({ $0 }) { throw Unreachable() }
            return try await inner.changes(after: sequence)
        }
        func dueExpiries(at now: Date, limit: Int) async throws -> [Consent] { try await inner.dueExpiries(at: now, limit: limit) }
        func recordUses(_ uses: [String: Date]) async throws { try await inner.recordUses(uses) }
        func lastUses(consentIDs: [String]) async throws -> [String: Date] { try await inner.lastUses(consentIDs: consentIDs) }
    }

    /// An authorised consent in `store`.
    static func authorised(in store: any ConsentStore) async throws -> Consent {
        let created = Consent.create(
            AccountAccessConsentRequest(permissions: [.readAccountsBasic]), clientID: "client_a", appID: "app_a", at: start, address: nil)
        try await store.create(created)
        let change = try created.consent.authorise(customerID: "C0001", accountIDs: ["C0001-KES-1"], at: start, address: nil)
        _ = try await store.apply(change, expectedVersion: 1)
        return change.consent
    }

    @Test func anotherNodesChangeShowsWithinTheRefreshInterval() async throws {
        let store = FlakyStore()
        let clock = Clock()
        let cache = ConsentCache(store: store, refreshInterval: .seconds(1), clock: clock.read)
        let consent = try await Self.authorised(in: store)
        #expect(try await cache.consent(id: consent.id) == consent)
        #expect(try await cache.consent(id: consent.id) == consent)
        #expect(store.reads.withLock { $0 } == 1, "the second lookup is served from memory")

        // Another node revokes it: this node still has the old consent until the interval passes.
        let revoked = try consent.revoke(customerID: "C0001", at: Self.start, address: nil)
        _ = try await store.apply(revoked, expectedVersion: consent.version)
        clock.advance(0.5)
        #expect(try await cache.consent(id: consent.id)?.status == .authorised)
        clock.advance(0.5)
        #expect(try await cache.consent(id: consent.id)?.status == .revoked)
        #expect(try await cache.consent(id: "aac-unknown") == nil)
    }

    @Test func thisNodesChangeShowsAtOnce() async throws {
        let store = FlakyStore()
        let clock = Clock()
        let cache = ConsentCache(store: store, refreshInterval: .seconds(60), clock: clock.read)
        let service = ConsentService(store: store, clock: clock.read, changed: { cache.forget($0.consent.id) })
        let consent = try await Self.authorised(in: store)
        #expect(try await cache.consent(id: consent.id)?.status == .authorised)
        try await service.revoke(id: consent.id, customerID: "C0001", address: nil)
        #expect(try await cache.consent(id: consent.id)?.status == .revoked)
    }

    @Test func aStaleFeedFailsLookupsUntilItIsReadAgain() async throws {
        let store = FlakyStore()
        let clock = Clock()
        let cache = ConsentCache(store: store, refreshInterval: .seconds(1), clock: clock.read)
        let consent = try await Self.authorised(in: store)
        #expect(try await cache.consent(id: consent.id) != nil)
        store.failing.withLock { $0 = true }
        clock.advance(4)
        #expect(try await cache.consent(id: consent.id) != nil, "a few missed reads are tolerated")
        clock.advance(1.5)
        await #expect(throws: ConsentCacheStale.self) { try await cache.consent(id: consent.id) }
        store.failing.withLock { $0 = false }
        #expect(try await cache.consent(id: consent.id) == consent)
    }

    @Test func aFailedFirstReadFailsTheLookup() async throws {
        let store = FlakyStore()
        store.failing.withLock { $0 = true }
        let cache = ConsentCache(store: store, clock: Clock().read)
        await #expect(throws: ConsentCacheStale.self) { try await cache.consent(id: "aac-any") }
    }
}
