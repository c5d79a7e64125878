import Foundation
import Synchronization

/// Where consents and their audit trail live, shared by every gateway node. Each change is
/// stored with its event in one step, and only over the version it was made from.
/// ``InMemoryConsentStore`` is the twin for tests and single-process use.
public protocol ConsentStore: Sendable {
    /// Stores a new consent and its `created` event.
    func create(_ change: ConsentChange) async throws
    /// The consent `id`, deleted or not; `nil` when unknown.
    func consent(id: String) async throws -> AccountAccessConsent?
    /// Stores `change` if the consent is still at `expectedVersion`; `false` when another change won.
    func apply(_ change: ConsentChange, expectedVersion: Int) async throws -> Bool
    /// The customer's consents, newest first, without deleted ones.
    func consents(customerID: String) async throws -> [AccountAccessConsent]
    /// The audit trail of one consent, oldest first.
    func events(consentID: String) async throws -> [ConsentEvent]
}

/// A ``ConsentStore`` in this process's memory.
public final class InMemoryConsentStore: ConsentStore {
    private struct State {
        var consents: [String: AccountAccessConsent] = [:]
        var events: [ConsentEvent] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func create(_ change: ConsentChange) async throws {
        state.withLock { state in
            state.consents[change.consent.id] = change.consent
            Self.append(change.event, to: &state)
        }
    }

    public func consent(id: String) async throws -> AccountAccessConsent? {
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

    public func consents(customerID: String) async throws -> [AccountAccessConsent] {
        state.withLock { state in
            state.consents.values.filter { $0.customerID == customerID && $0.deletedAt == nil }
                .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        }
    }

    public func events(consentID: String) async throws -> [ConsentEvent] {
        state.withLock { state in state.events.filter { $0.consentID == consentID } }
    }

    private static func append(_ event: ConsentEvent, to state: inout State) {
        var stored = event
        stored.sequence = Int64(state.events.count + 1)
        state.events.append(stored)
    }
}
