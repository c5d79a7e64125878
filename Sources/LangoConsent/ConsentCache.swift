import Foundation
import LangoChangeFeed
import Synchronization

/// The consents this node has read, kept in step with the shared ``ConsentStore``'s changes.
///
/// A lookup first reads the store's change feed when the last read is older than
/// `refreshInterval` (one read at a time; other lookups meanwhile use what is known) and drops
/// every consent that changed, so a change on any node takes effect on every node within that
/// interval; changes made through this node's ``ConsentService`` drop theirs at once. If the
/// feed cannot be read for five intervals, lookups fail rather than serve a consent that may
/// have been revoked.
public final class ConsentCache: Sendable {
    private struct State {
        var consents: [String: Consent] = [:]
        var sequence: Int64 = 0
        /// Moves on whenever consents are dropped, so a store read begun before is not kept.
        var generation = 0
        var schedule: FeedReadSchedule
    }

    private let store: any ConsentStore
    private let capacity: Int
    private let clock: @Sendable () -> Date
    private let state: Mutex<State>

    /// A cache over `store` holding at most `capacity` consents (emptied when full).
    public init(
        store: any ConsentStore, refreshInterval: Duration = .seconds(1), capacity: Int = 10_000,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.state = Mutex(State(schedule: FeedReadSchedule(interval: refreshInterval)))
        self.capacity = capacity
        self.clock = clock
    }

    /// The consent `id` as the store last had it, deleted or not; `nil` when unknown. Throws
    /// when the store cannot be read, or the change feed is too old to trust.
    public func consent(id: String) async throws -> Consent? {
        let now = clock()
        if state.withLock({ $0.schedule.shouldRead(at: now) }) { await readChanges(at: now) }
        let (cached, generation) = try state.withLock { state in
            guard state.schedule.isTrusted(at: now) else { throw ConsentCacheStale() }
            return (state.consents[id], state.generation)
        }
        if let cached { return cached }
        let consent = try await store.consent(id: id)
        state.withLock { state in
            // Kept only if nothing was dropped meanwhile: that change may be newer than this read.
            guard let consent, state.generation == generation else { return }
            if state.consents.count >= capacity { state.consents.removeAll(keepingCapacity: true) }
            state.consents[id] = consent
        }
        return consent
    }

    /// Drops `id`: this node changed it, and the next lookup reads it afresh.
    public func forget(_ id: String) {
        state.withLock { state in
            state.consents[id] = nil
            state.generation += 1
        }
    }

    private func readChanges(at now: Date) async {
        let sequence = state.withLock { $0.sequence }
        let result = try? await store.changes(after: sequence)
        state.withLock { state in
            state.schedule.finished(at: now, succeeded: result != nil)
            guard let result else { return }
            if !result.consentIDs.isEmpty {
                for id in result.consentIDs { state.consents[id] = nil }
                state.generation += 1
            }
            state.sequence = result.sequence
        }
    }
}

/// The consent change feed has not been read for too long to trust what is cached.
public struct ConsentCacheStale: Error, Sendable, CustomStringConvertible {
    public var description: String { "the consent change feed could not be read" }
}
