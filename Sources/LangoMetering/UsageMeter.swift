import Foundation
import Synchronization

/// Collects usage on the request path and hands it over in batches.
///
/// Recording is one dictionary update under a lock; calls under the same key (same app,
/// product, rule, status class and hour) are summed, so a batch stays small however busy the
/// gateway is. ``drain()`` takes everything gathered so far; ``restore(_:)`` gives a batch back
/// when it could not be stored, so a failed write loses nothing.
public final class UsageMeter: Sendable {
    private let pending = Mutex<[UsageKey: UsageCounts]>([:])

    public init() {}

    public func record(_ key: UsageKey, cost: Int) {
        pending.withLock { pending in
            pending[key, default: .zero] += UsageCounts(requests: 1, cost: Int64(cost))
        }
    }

    /// Everything recorded since the last drain.
    public func drain() -> [UsageKey: UsageCounts] {
        pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// Puts back a drained batch that could not be written, merged with what came since.
    public func restore(_ batch: [UsageKey: UsageCounts]) {
        pending.withLock { $0.merge(batch, uniquingKeysWith: +) }
    }

    /// How many distinct keys are waiting.
    public var pendingKeys: Int { pending.withLock { $0.count } }
}
