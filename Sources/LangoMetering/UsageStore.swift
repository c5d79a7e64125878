import Foundation
import Synchronization

/// Where usage records are kept durably. `LangoStore` implements it on SQL;
/// ``InMemoryUsageStore`` is the twin for tests.
public protocol UsageStore: Sendable {
    /// Adds `batch` to the stored counts, all or nothing: a key already stored grows by the
    /// batch's counts.
    func add(_ batch: [UsageKey: UsageCounts]) async throws
    /// Totals per app, product and status class for hours starting in `from ..< to`, for one
    /// app or all; ordered by app, product, status class.
    func totals(appID: String?, from: Date, to: Date) async throws -> [UsageTotal]
}

/// The in-memory ``UsageStore``.
public final class InMemoryUsageStore: UsageStore {
    private let stored = Mutex<[UsageKey: UsageCounts]>([:])

    public init() {}

    public func add(_ batch: [UsageKey: UsageCounts]) {
        stored.withLock { $0.merge(batch, uniquingKeysWith: +) }
    }

    public func totals(appID: String?, from: Date, to: Date) -> [UsageTotal] {
        let rows = stored.withLock { $0 }
        var totals: [[String]: UsageCounts] = [:]
        for (key, counts) in rows where (appID == nil || key.appID == appID) && key.hour >= from && key.hour < to {
            let group = [key.appID, key.product, key.statusClass]
            totals[group] = totals[group, default: .zero] + counts
        }
        return totals.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map {
            UsageTotal(appID: $0.key[0], product: $0.key[1], statusClass: $0.key[2], counts: $0.value)
        }
    }
}
