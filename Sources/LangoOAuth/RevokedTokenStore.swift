import Foundation
import Synchronization

/// A revoked token: its `jti`, whose it was, and when it would have expired anyway.
public struct RevokedToken: Sendable, Hashable, Codable {
    public let tokenID: String
    public let clientID: String
    public let expiresAt: Date

    public init(tokenID: String, clientID: String, expiresAt: Date) {
        self.tokenID = tokenID
        self.clientID = clientID
        self.expiresAt = expiresAt
    }
}

/// Storage for revoked tokens, read incrementally by every gateway node. `LangoStore`
/// implements it on SQL; ``InMemoryRevokedTokenStore`` is the twin for tests.
public protocol RevokedTokenStore: Sendable {
    /// Records a revocation; revoking the same token again changes nothing.
    func revoke(_ token: RevokedToken) async throws
    /// Revocations recorded after position `after` (0 for all), in order, with the position of
    /// the last one (or `after` when there are none).
    func revocations(after position: Int64) async throws -> (tokens: [RevokedToken], position: Int64)
    /// Forgets revocations of tokens that expired before `date`: they are refused anyway.
    func forgetRevocations(expiredBefore date: Date) async throws
}

/// The in-memory ``RevokedTokenStore``.
public final class InMemoryRevokedTokenStore: RevokedTokenStore {
    /// Revocations in order, and the position the next one gets.
    private let state = Mutex<(entries: [(position: Int64, token: RevokedToken)], next: Int64)>(([], 1))

    public init() {}

    public func revoke(_ token: RevokedToken) {
        state.withLock { state in
            guard !state.entries.contains(where: { $0.token.tokenID == token.tokenID }) else { return }
            state.entries.append((state.next, token))
            state.next += 1
        }
    }

    public func revocations(after position: Int64) -> (tokens: [RevokedToken], position: Int64) {
        let newer = state.withLock { $0.entries.filter { $0.position > position } }
        return (newer.map(\.token), newer.last?.position ?? position)
    }

    public func forgetRevocations(expiredBefore date: Date) {
        state.withLock { $0.entries.removeAll { $0.token.expiresAt < date } }
    }
}
