import LangoPlans
import LangoPolicy
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Holds the policy snapshot requests read. Replacing it is atomic: a request in flight
/// keeps the snapshot it started with.
final class PolicyHolder: Sendable {
    private let current: Mutex<PolicySnapshot>

    init(_ snapshot: PolicySnapshot) {
        current = Mutex(snapshot)
    }

    var snapshot: PolicySnapshot { current.withLock { $0 } }

    func replace(with snapshot: PolicySnapshot) {
        current.withLock { $0 = snapshot }
    }
}

/// Reloads the policy directory on SIGHUP without dropping a request. A set that fails to
/// load is reported in the log and the old one stays in force.
struct PolicyReloadService: Service {
    let holder: PolicyHolder
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            reload()
        }
    }

    /// Loads the policies and plans again and swaps them in; returns whether it did.
    @discardableResult
    func reload() -> Bool {
        do {
            let rules = try PolicyLoader.loadRules(configuration: configuration)
            let previous = holder.snapshot
            holder.replace(with: PolicySnapshot(set: rules.policies, plans: rules.plans))
            metrics.countReload(succeeded: true)
            logger.notice(
                "policies and plans reloaded",
                metadata: [
                    "revision": "\(rules.policies.revision)", "previous_revision": "\(previous.set.revision)",
                    "rules": "\(rules.policies.rules.count)", "plans_revision": "\(rules.plans.revision)",
                ])
            return true
        } catch {
            metrics.countReload(succeeded: false)
            logger.error(
                "reload failed; the previous policies and plans stay in force",
                metadata: ["revision": "\(holder.snapshot.set.revision)", "errors": "\(error)"])
            return false
        }
    }
}
