import Foundation
import LangoCrypto
import Synchronization

/// Where endpoints and messages live, shared by every gateway node: the durable outbox. A
/// message enqueued is delivered (or dead-lettered) even across restarts, and a claim leases a
/// due message to one node at a time. ``InMemoryWebhookStore`` is the twin.
public protocol WebhookStore: Sendable {
    /// Stores `endpoint`, replacing the one with its id.
    func save(_ endpoint: WebhookEndpoint) async throws
    func endpoint(id: String) async throws -> WebhookEndpoint?
    /// An app's endpoints, oldest first.
    func endpoints(appID: String) async throws -> [WebhookEndpoint]
    /// Stores new messages; one whose id is already stored is left as it is (an event written
    /// again, whatever became of its message).
    func enqueue(_ messages: [WebhookMessage]) async throws
    func message(id: String) async throws -> WebhookMessage?
    /// Up to `limit` pending messages due at `now` (soonest first) that no node holds, each
    /// leased to the caller until `leaseUntil`.
    func claimDue(at now: Date, limit: Int, leaseUntil: Date) async throws -> [WebhookMessage]
    /// Stores a message after an attempt (or a replay), ending its lease.
    func update(_ message: WebhookMessage) async throws
    /// An app's messages in `state`, newest first, at most `limit`.
    func messages(appID: String, state: WebhookMessage.State, limit: Int) async throws -> [WebhookMessage]
    /// Leases the cursor `name` — how far events of a durable trail (the consent audit trail)
    /// have been turned into messages — to the caller until `leaseUntil`; `nil` while another
    /// holds it. A cursor never used starts at 0.
    func claimCursor(_ name: String, now: Date, leaseUntil: Date) async throws -> WebhookCursor?
    /// Moves a claimed cursor to `position` and ends its lease; `false`, and nothing moves, when
    /// another caller has claimed it since.
    func advance(_ cursor: WebhookCursor, to position: Int64) async throws -> Bool
}

/// A claimed position in a trail of events that become webhook messages.
public struct WebhookCursor: Sendable, Hashable {
    public let name: String
    /// The sequence of the last event turned into messages.
    public let position: Int64
    /// Who holds the claim: only they may advance it.
    public let holder: String

    public init(name: String, position: Int64, holder: String) {
        self.name = name
        self.position = position
        self.holder = holder
    }

    /// A fresh holder for a claim: random, so no two claims share one.
    public static func newHolder() -> String { Hex.encode(SecureRandom.bytes(8)) }
}

/// A ``WebhookStore`` in this process's memory.
public final class InMemoryWebhookStore: WebhookStore {
    private struct State {
        var endpoints: [String: WebhookEndpoint] = [:]
        var messages: [String: WebhookMessage] = [:]
        var leases: [String: Date] = [:]
        var cursors: [String: (position: Int64, holder: String?, leasedUntil: Date?)] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func save(_ endpoint: WebhookEndpoint) async throws {
        state.withLock { $0.endpoints[endpoint.id] = endpoint }
    }

    public func endpoint(id: String) async throws -> WebhookEndpoint? {
        state.withLock { $0.endpoints[id] }
    }

    public func endpoints(appID: String) async throws -> [WebhookEndpoint] {
        state.withLock { state in
            state.endpoints.values.filter { $0.appID == appID }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }

    public func enqueue(_ messages: [WebhookMessage]) async throws {
        state.withLock { state in
            for message in messages where state.messages[message.id] == nil { state.messages[message.id] = message }
        }
    }

    public func message(id: String) async throws -> WebhookMessage? {
        state.withLock { $0.messages[id] }
    }

    public func claimDue(at now: Date, limit: Int, leaseUntil: Date) async throws -> [WebhookMessage] {
        state.withLock { state in
            let due = state.messages.values
                .filter { $0.state == .pending && $0.nextAttemptAt <= now && (state.leases[$0.id].map { $0 <= now } ?? true) }
                .sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
                .prefix(max(limit, 0))
            for message in due { state.leases[message.id] = leaseUntil }
            return Array(due)
        }
    }

    public func update(_ message: WebhookMessage) async throws {
        state.withLock { state in
            state.messages[message.id] = message
            state.leases[message.id] = nil
        }
    }

    public func messages(appID: String, state wanted: WebhookMessage.State, limit: Int) async throws -> [WebhookMessage] {
        state.withLock { state in
            Array(
                state.messages.values.filter { $0.appID == appID && $0.state == wanted }
                    .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.prefix(max(limit, 0)))
        }
    }

    public func claimCursor(_ name: String, now: Date, leaseUntil: Date) async throws -> WebhookCursor? {
        state.withLock { state in
            let cursor = state.cursors[name] ?? (0, nil, nil)
            guard cursor.leasedUntil.map({ $0 <= now }) ?? true else { return nil }
            let holder = WebhookCursor.newHolder()
            state.cursors[name] = (cursor.position, holder, leaseUntil)
            return WebhookCursor(name: name, position: cursor.position, holder: holder)
        }
    }

    public func advance(_ cursor: WebhookCursor, to position: Int64) async throws -> Bool {
        state.withLock { state in
            guard state.cursors[cursor.name]?.holder == cursor.holder else { return false }
            state.cursors[cursor.name] = (position, nil, nil)
            return true
        }
    }
}
