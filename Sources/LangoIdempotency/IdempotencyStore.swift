import Foundation
import LangoCrypto
import Synchronization

/// Whose key it is: keys are per client, so two apps may use the same one.
public struct IdempotencyKey: Sendable, Hashable, Codable {
    public let clientID: String
    public let key: String

    public init(clientID: String, key: String) {
        self.clientID = clientID
        self.key = key
    }

    /// What a client may send in `x-idempotency-key`: 1 to 40 printable ASCII characters
    /// (OBIE's limit), no spaces at either end.
    public static func isValid(_ key: String) -> Bool {
        (1...40).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7e).contains($0) || $0 == 0x20 }
            && key.first != " " && key.last != " "
    }
}

/// Identifies a request for comparing repeats: SHA-256 over the method, the path with its
/// query (length-prefixed, so no path and body can pass for another pair), and the body, in
/// hex. The same key with another fingerprint is another request.
public enum IdempotencyFingerprint {
    public static func of(method: String, path: String, body: [UInt8]) -> String {
        Hex.encode(SHA256.hash(Array("\(method) \(path.utf8.count):\(path)\n".utf8) + body))
    }
}

/// A response kept to be given again to a repeat of its request.
public struct StoredResponse: Sendable, Hashable, Codable {
    public var status: Int
    /// Name and value of each header, in order.
    public var headers: [[String]]
    /// The body; `nil` when it was too large to keep (a repeat then learns only that).
    public var body: [UInt8]?

    public init(status: Int, headers: [[String]], body: [UInt8]?) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What a request under an idempotency key is to do.
public enum IdempotencyClaim: Sendable, Hashable {
    /// It is the first: run it, then ``IdempotencyStore/complete(_:fingerprint:response:)``
    /// (or ``IdempotencyStore/release(_:fingerprint:)`` if it never reached the upstream).
    case claimed
    /// It repeats a finished request: answer what that one got.
    case replay(StoredResponse)
    /// The key was used for a different request.
    case mismatch
    /// The first request with this key is still running.
    case inProgress
}

/// Where idempotency keys are kept, shared by every gateway node: a claim is atomic, so of
/// any number of concurrent requests with one key, on any nodes, exactly one is `claimed`.
/// ``InMemoryIdempotencyStore`` is the twin for tests and single-process use.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` for a request with `fingerprint` until `expiresAt`, unless a claim on it
    /// that has not expired at `now` exists; then says what that claim means for this request.
    func claim(_ key: IdempotencyKey, fingerprint: String, now: Date, expiresAt: Date) async throws -> IdempotencyClaim
    /// What ``claim(_:fingerprint:now:expiresAt:)`` would say at `now`, without claiming: `nil`
    /// when it would claim the key. Lets a repeat be answered before any work for a new request.
    func lookup(_ key: IdempotencyKey, fingerprint: String, now: Date) async throws -> IdempotencyClaim?
    /// Keeps `response` as the answer to the claimed request (and to its repeats).
    func complete(_ key: IdempotencyKey, fingerprint: String, response: StoredResponse) async throws
    /// Gives up a claim whose request never ran, so a repeat may run it.
    func release(_ key: IdempotencyKey, fingerprint: String) async throws
    /// Forgets keys that expired before `date`.
    func forgetExpired(before date: Date) async throws
}

/// An ``IdempotencyStore`` in this process's memory.
public final class InMemoryIdempotencyStore: IdempotencyStore {
    private struct Entry {
        var fingerprint: String
        var response: StoredResponse?
        var expiresAt: Date
    }

    private let entries = Mutex<[IdempotencyKey: Entry]>([:])

    public init() {}

    public func claim(_ key: IdempotencyKey, fingerprint: String, now: Date, expiresAt: Date) async throws -> IdempotencyClaim {
        entries.withLock { entries in
            if let earlier = Self.earlier(entries[key], fingerprint: fingerprint, now: now) { return earlier }
            entries[key] = Entry(fingerprint: fingerprint, response: nil, expiresAt: expiresAt)
            return .claimed
        }
    }

    public func lookup(_ key: IdempotencyKey, fingerprint: String, now: Date) async throws -> IdempotencyClaim? {
        entries.withLock { Self.earlier($0[key], fingerprint: fingerprint, now: now) }
    }

    /// What an unexpired `entry` means for a request with `fingerprint`.
    private static func earlier(_ entry: Entry?, fingerprint: String, now: Date) -> IdempotencyClaim? {
        guard let entry, entry.expiresAt > now else { return nil }
        guard entry.fingerprint == fingerprint else { return .mismatch }
        return entry.response.map(IdempotencyClaim.replay) ?? .inProgress
    }

    public func complete(_ key: IdempotencyKey, fingerprint: String, response: StoredResponse) async throws {
        entries.withLock { entries in
            guard entries[key]?.fingerprint == fingerprint else { return }
            entries[key]?.response = response
        }
    }

    public func release(_ key: IdempotencyKey, fingerprint: String) async throws {
        entries.withLock { entries in
            if entries[key]?.fingerprint == fingerprint, entries[key]?.response == nil { entries[key] = nil }
        }
    }

    public func forgetExpired(before date: Date) async throws {
        entries.withLock { entries in entries = entries.filter { $0.value.expiresAt >= date } }
    }
}
