import Foundation
import Synchronization

/// Where consents and their audit trail live, shared by every gateway node. Each change is
/// stored with its event in one step, and only over the version it was made from.
/// ``InMemoryConsentStore`` is the twin for tests and single-process use.
public protocol ConsentStore: Sendable {
    /// Stores a new consent and its `created` event.
    func create(_ change: ConsentChange) async throws
    /// The consent `id`, deleted or not; `nil` when unknown.
    func consent(id: String) async throws -> Consent?
    /// Stores `change` if the consent is still at `expectedVersion`; `false` when another change won.
    func apply(_ change: ConsentChange, expectedVersion: Int) async throws -> Bool
    /// The customer's consents, newest first, without deleted ones.
    func consents(customerID: String) async throws -> [Consent]
    /// The audit trail of one consent, oldest first.
    func events(consentID: String) async throws -> [ConsentEvent]
    /// The consents changed by events after `sequence` (each once, in the order of their latest
    /// change) and the sequence of the last event read: how every node learns of changes.
    func changes(after sequence: Int64) async throws -> (consentIDs: [String], sequence: Int64)
    /// Up to `limit` events after `sequence`, in sequence order: the durable trail the gateway
    /// announces consent webhooks from.
    func events(after sequence: Int64, limit: Int) async throws -> [ConsentEvent]
    /// Up to `limit` consents in one of ``Consent/expiringStatuses`` (authorised, or still
    /// awaiting authorisation), not deleted, past their expiry at `now` and whose expiry is not
    /// yet recorded, soonest expired first.
    func dueExpiries(at now: Date, limit: Int) async throws -> [Consent]
    /// Records that each consent served a request at the given time; an earlier time than the
    /// one recorded is ignored. Not a change: the consent's version stays.
    func recordUses(_ uses: [String: Date]) async throws
    /// When each of `consentIDs` last served a request; consents never used are absent.
    func lastUses(consentIDs: [String]) async throws -> [String: Date]
}

/// A ``ConsentStore`` in this process's memory.
public final class InMemoryConsentStore: ConsentStore {
    private struct State {
        var consents: [String: Consent] = [:]
        var events: [ConsentEvent] = []
        var lastUses: [String: Date] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func create(_ change: ConsentChange) async throws {
        state.withLock { state in
            state.consents[change.consent.id] = change.consent
            Self.append(change.event, to: &state)
        }
    }

    public func consent(id: String) async throws -> Consent? {
        state.withLock { $0.consents[id] }
    }

    public func apply(_ change: ConsentChange, expectedVersion: Int) async throws -> Bool {
        state.withLock { state in
            guard state.consents[change.consent.id]?.version == expectedVersion else { return false }
            state.consents[change.consent.id] = change.consent
            Self.append(change.event, to: &state)
            return true
        }
    }

    public func consents(customerID: String) async throws -> [Consent] {
        state.withLock { state in
            state.consents.values.filter { $0.customerID == customerID && $0.deletedAt == nil }
                .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        }
    }

    public func events(consentID: String) async throws -> [ConsentEvent] {
        state.withLock { state in state.events.filter { $0.consentID == consentID } }
    }

    public func changes(after sequence: Int64) async throws -> (consentIDs: [String], sequence: Int64) {
        state.withLock { state in
            let newer = state.events.filter { $0.sequence > sequence }
            var seen: Set<String> = []
            let ids = newer.reversed().map(\.consentID).filter { seen.insert($0).inserted }.reversed()
            return (Array(ids), newer.last?.sequence ?? sequence)
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [ConsentEvent] {
        state.withLock { state in Array(state.events.filter { $0.sequence > sequence }.prefix(max(limit, 0))) }
    }

    public func dueExpiries(at now: Date, limit: Int) async throws -> [Consent] {
        state.withLock { state in
            let due = state.consents.values.filter { Consent.expiringStatuses.contains($0.status) && $0.deletedAt == nil && !$0.expiryRecorded && $0.isExpired(at: now) }
            return Array(due.sorted { ($0.expiresAt ?? now, $0.id) < ($1.expiresAt ?? now, $1.id) }.prefix(max(limit, 0)))
        }
    }

    public func recordUses(_ uses: [String: Date]) async throws {
        state.withLock { state in
            for (id, at) in uses where state.consents[id] != nil {
                state.lastUses[id] = max(state.lastUses[id] ?? at, at)
            }
        }
    }

    public func lastUses(consentIDs: [String]) async throws -> [String: Date] {
        state.withLock { state in
            consentIDs.reduce(into: [:]) { found, id in found[id] = state.lastUses[id] }
        }
    }

    private static func append(_ event: ConsentEvent, to state: inout State) {
        var stored = event
        stored.sequence = Int64(state.events.count + 1)
        state.events.append(stored)
    }
}
