import Foundation
import LangoIdempotency
import LangoOAuth
import Logging
import ServiceLifecycle

/// Forgets expired state every `interval`, off the request path: the code flow's pushed
/// requests, interactions, codes whose tokens have expired and refresh token families past
/// their end, and idempotency keys past their window. A failed job is logged and the next
/// pass tries again; nothing depends on it but the size of the tables.
struct PruningService: Service {
    /// One kind of expired state, and how to forget it as of a moment.
    struct Job: Sendable {
        let name: String
        let forget: @Sendable (Date) async throws -> Void
    }

    let jobs: [Job]
    let interval: Duration
    let logger: Logger
    var clock: @Sendable () -> Date = Date.init

    /// The jobs for the authorization server's grants and the gateway's idempotency keys.
    static func jobs(grants: any AuthorizationGrantStore, idempotency: any IdempotencyStore) -> [Job] {
        [
            Job(name: "authorization state") { try await grants.forgetExpired(before: $0) },
            Job(name: "idempotency keys") { try await idempotency.forgetExpired(before: $0) },
        ]
    }

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
        let now = clock()
        for job in jobs {
            do {
                try await job.forget(now)
            } catch {
                logger.error("expired state not pruned; trying again later", metadata: ["state": "\(job.name)", "error": "\(error)"])
            }
        }
    }
}
