import LangoMetering
import Logging
import Prometheus
import ServiceLifecycle

/// Writes metered usage to the store in batches, off the request path: every `interval`, and
/// once more at shutdown. A batch that cannot be written goes back to the meter and is retried
/// with the next one, so a store outage loses nothing while the gateway runs. At shutdown the
/// last batch is tried ``finalAttempts`` times, a second apart; what still cannot be written
/// is logged as lost, with its totals.
struct UsageFlushService: Service {
    static let finalAttempts = 5

    let meter: UsageMeter
    let store: any UsageStore
    let interval: Duration
    let metrics: GatewayMetrics
    let logger: Logger

    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await flush()
        }
        for attempt in 1...Self.finalAttempts {
            if await flush() { return }
            if attempt < Self.finalAttempts { try? await Task.sleep(for: .seconds(1)) }
        }
        let lost = meter.drain()
        let requests = lost.values.reduce(0) { $0 + $1.requests }
        let cost = lost.values.reduce(0) { $0 + $1.cost }
        logger.critical(
            "usage not written at shutdown and lost",
            metadata: ["keys": "\(lost.count)", "requests": "\(requests)", "cost": "\(cost)"])
    }

    /// Writes what the meter holds; returns whether the store took it.
    @discardableResult
    func flush() async -> Bool {
        let batch = meter.drain()
        var written = true
        if !batch.isEmpty {
            do {
                try await store.add(batch)
            } catch {
                meter.restore(batch)
                metrics.usageFlushFailures.increment()
                logger.error("usage batch not written; kept for the next flush", metadata: ["keys": "\(batch.count)", "error": "\(error)"])
                written = false
            }
        }
        metrics.usagePendingKeys.set(to: Double(meter.pendingKeys))
        return written
    }
}
