import Foundation
import LangoChangeFeed
import LangoJSON
import Synchronization

/// The revoked token ids this node knows, kept in step with the shared ``RevokedTokenStore``.
///
/// A check reads the store for revocations newer than the last one seen when the last read is
/// older than `refreshInterval` (one read at a time; other checks meanwhile use what is known),
/// so a revocation on any node takes effect on every node within that interval. If the store
/// cannot be read for five intervals, checks fail rather than miss revocations.
public final class RevocationList: Sendable {
    private struct State {
        var revoked: [String: Date] = [:]
        var position: Int64 = 0
        var schedule: FeedReadSchedule
    }

    private let store: any RevokedTokenStore
    private let clock: @Sendable () -> Date
    private let state: Mutex<State>

    public init(store: any RevokedTokenStore, refreshInterval: Duration = .seconds(1), clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.state = Mutex(State(schedule: FeedReadSchedule(interval: refreshInterval)))
        self.clock = clock
    }

    /// Whether `tokenID` has been revoked; throws when the list is too old to trust.
    public func isRevoked(_ tokenID: String) async throws -> Bool {
        let now = clock()
        if state.withLock({ $0.schedule.shouldRead(at: now) }) { await read(at: now) }
        return try state.withLock { state in
            guard state.schedule.isTrusted(at: now) else { throw OAuthError.serverError("the revocation list could not be read") }
            return state.revoked[tokenID] != nil
        }
    }

    /// Adds a revocation made on this node at once, without waiting for the next read.
    public func note(_ token: RevokedToken) {
        state.withLock { $0.revoked[token.tokenID] = token.expiresAt }
    }

    private func read(at now: Date) async {
        let position = state.withLock { $0.position }
        let result = try? await store.revocations(after: position)
        state.withLock { state in
            state.schedule.finished(at: now, succeeded: result != nil)
            guard let result else { return }
            for token in result.tokens { state.revoked[token.tokenID] = token.expiresAt }
            state.revoked = state.revoked.filter { $0.value > now }
            state.position = result.position
        }
    }
}

/// Revokes access tokens: records them in the shared store, which every node's
/// ``RevocationList`` reads, and notes them in this node's list at once.
public struct TokenRevoker: Sendable {
    private let store: any RevokedTokenStore
    /// This node's list, which the gateway's verifier consults.
    public let list: RevocationList

    public init(store: any RevokedTokenStore, list: RevocationList) {
        self.store = store
        self.list = list
    }

    public func revoke(_ tokens: [RevokedToken]) async throws {
        for token in tokens {
            try await store.revoke(token)
            list.note(token)
        }
    }

    /// Forgets revocations of tokens that expired before `date`: they are refused anyway.
    public func forgetRevocations(expiredBefore date: Date) async throws {
        try await store.forgetRevocations(expiredBefore: date)
    }
}
