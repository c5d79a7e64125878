import Foundation

/// Remembers the `jti` of client assertions until they expire, so each is accepted once.
/// With several gateway nodes it must be shared (Redis); the in-memory one serves one node.
public protocol AssertionReplayCache: Sendable {
    /// Whether this is the first use of `id` (and records it until `expiry`).
    func firstUse(of id: String, until expiry: Date) async throws -> Bool
}

/// The in-process ``AssertionReplayCache``; entries are dropped once expired.
public actor InMemoryAssertionReplayCache: AssertionReplayCache {
    private var seen: [String: Date] = [:]
    private let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date = Date.init) {
        self.clock = clock
    }

    public func firstUse(of id: String, until expiry: Date) -> Bool {
        let now = clock()
        seen = seen.filter { $0.value > now }
        guard seen[id] == nil else { return false }
        seen[id] = expiry
        return true
    }
}
