import Foundation
import Logging
import ServiceLifecycle

/// Runs a background pass — delivering due webhooks, executing due payments — every
/// `interval`, and at once again while passes come back full. Any node may run one; the
/// stores' leases keep two nodes off the same item. A failed pass is logged and the next one
/// tries again.
struct RepeatingPassService: Service {
    /// What the pass does, for the log: `webhook delivery`.
    let name: String
    let interval: Duration
    /// A pass that handled this many items goes again at once.
    let batchSize: Int
    let logger: Logger
    /// One pass; returns how many items it took on.
    let pass: @Sendable () async throws -> Int

    func run() async throws {
        while !Task.isCancelled {
            var taken = 0
            do {
                taken = try await pass()
            } catch {
                logger.error("\(name) pass failed; trying again", metadata: ["error": "\(error)"])
            }
            guard taken < batchSize else { continue }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
