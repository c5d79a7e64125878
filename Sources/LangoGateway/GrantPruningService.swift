import Foundation
import LangoOAuth
import Logging
import ServiceLifecycle

/// Forgets the code flow's expired state — pushed requests, interactions, codes whose tokens
/// have expired, refresh token families past their end — every `interval`, off the request
/// path. A failed pass is logged and the next one tries again; nothing depends on it but the
/// size of the tables.
struct GrantPruningService: Service {
    let grants: any AuthorizationGrantStore
    let interval: Duration
    let logger: Logger
    var clock: @Sendable () -> Date = Date.init

    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await prune()
        }
    }

    func prune() async {
        do {
            try await grants.forgetExpired(before: clock())
        } catch {
            logger.error("expired authorization state not pruned; trying again later", metadata: ["error": "\(error)"])
        }
    }
}
