import Logging
import LangoPolicy
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
    let directory: String
    let configuration: GatewayConfiguration
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            reload()
        }
    }

    /// Loads the directory again and swaps it in; returns whether it did.
    @discardableResult
    func reload() -> Bool {
        do {
            let set = try PolicyLoader.load(from: directory, configuration: configuration)
            let previous = holder.snapshot.set.revision
            holder.replace(with: PolicySnapshot(set: set))
            logger.notice(
                "policies reloaded",
                metadata: ["revision": "\(set.revision)", "previous_revision": "\(previous)", "rules": "\(set.rules.count)"])
            return true
        } catch {
            logger.error(
                "policy reload failed; the previous policies stay in force",
                metadata: ["revision": "\(holder.snapshot.set.revision)", "errors": "\(error)"])
            return false
        }
    }
}
