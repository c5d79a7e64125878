import Foundation
import LangoWebhooks
import Logging
import ServiceLifecycle

/// Runs the webhook dispatcher: every `interval`, and at once again while batches come full,
/// it delivers the messages that are due. Any node may run it; leases keep two from attempting
/// one message. A failed pass is logged and the next one tries again.
struct WebhookDeliveryService: Service {
    let dispatcher: WebhookDispatcher
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled {
            var claimed = 0
            do {
                claimed = try await dispatcher.deliverDue()
            } catch {
                logger.error("webhook delivery pass failed; trying again", metadata: ["error": "\(error)"])
            }
            guard claimed < dispatcher.batchSize else { continue }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
