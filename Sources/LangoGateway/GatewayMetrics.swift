import LangoMetering
import LangoPolicy
import Prometheus

/// The gateway's Prometheus metrics, kept on a registry the admin listener serves at
/// `/metrics`. Every labelled series is created up front, so the request path only updates
/// counters it already holds.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// `lango_requests_total` by outcome (allow, deny) and status class (1xx … 5xx).
    private let requests: [[Counter]]
    let requestDuration: DurationHistogram
    let upstreamDuration: DurationHistogram
    private let limitResults: [String: Counter]
    private let limitFallbacks: [String: Counter]
    let sharedLimiterUp: Gauge
    private let policyReloads: [Bool: Counter]
    let usageFlushFailures: Counter
    let usagePendingKeys: Gauge

    /// Results the limiter step can have, as labelled in `lango_limits_total`.
    static let limitResultLabels = ["allowed", "rate_limited", "quota_exceeded", "unattended_limit", "unavailable"]
    private static let outcomes = ["allow", "deny"]
    private static let statusClasses = (1...5).map { "\($0)xx" }
    private static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2), .seconds(5),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        requests = Self.outcomes.map { outcome in
            Self.statusClasses.map { statusClass in
                registry.makeCounter(
                    name: "lango_requests_total", labels: [("outcome", outcome), ("status", statusClass)],
                    help: "Requests the pipeline decided, by outcome and status class")
            }
        }
        requestDuration = registry.makeDurationHistogram(
            name: "lango_request_duration_seconds", buckets: Self.latencyBuckets,
            help: "Time from receipt to response, for requests the pipeline decided")
        upstreamDuration = registry.makeDurationHistogram(
            name: "lango_upstream_duration_seconds", buckets: Self.latencyBuckets, help: "Time spent waiting on upstreams")
        limitResults = Dictionary(
            uniqueKeysWithValues: Self.limitResultLabels.map {
                ($0, registry.makeCounter(name: "lango_limits_total", labels: [("result", $0)], help: "Limiter results"))
            })
        limitFallbacks = Dictionary(
            uniqueKeysWithValues: ["local", "open", "closed"].map {
                (
                    $0,
                    registry.makeCounter(
                        name: "lango_limits_fallback_total", labels: [("mode", $0)],
                        help: "Requests limited under a Redis-loss mode because the shared limiter was unavailable")
                )
            })
        sharedLimiterUp = registry.makeGauge(
            name: "lango_limits_shared_up", help: "1 while the shared limiter (Redis) answers, 0 while it is lost")
        policyReloads = [
            true: registry.makeCounter(name: "lango_policy_reloads_total", labels: [("result", "ok")], help: "Policy reloads"),
            false: registry.makeCounter(name: "lango_policy_reloads_total", labels: [("result", "failed")], help: "Policy reloads"),
        ]
        usageFlushFailures = registry.makeCounter(
            name: "lango_usage_flush_failures_total", help: "Usage batches that could not be written and were kept for retry")
        usagePendingKeys = registry.makeGauge(name: "lango_usage_pending_keys", help: "Usage keys waiting to be written")
    }

    func countRequest(outcome: String, status: Int) {
        // Indexes rather than label strings: nothing is built on the request path.
        requests[outcome == "allow" ? 0 : 1][UsageKey.statusClassDigit(status) - 1].increment()
    }

    func countLimit(_ result: String) {
        limitResults[result]?.increment()
    }

    func countFallback(_ mode: String) {
        limitFallbacks[mode]?.increment()
    }

    func countReload(succeeded: Bool) {
        policyReloads[succeeded]?.increment()
    }

    /// The counters of fraud hook `hook`, made once when the gateway starts:
    /// `lango_fraud_checks_total{hook,action}` and `lango_fraud_hook_failures_total{hook,kind}`.
    func fraudCounters(hook: String) -> FraudCounters {
        FraudCounters(
            actions: Dictionary(
                uniqueKeysWithValues: FraudVerdict.Action.allCases.map {
                    (
                        $0,
                        registry.makeCounter(
                            name: "lango_fraud_checks_total", labels: [("hook", hook), ("action", $0.rawValue)],
                            help: "Fraud verdicts, by hook and action (a fail mode's decision included)")
                    )
                }),
            failures: Dictionary(
                uniqueKeysWithValues: [true, false].map { timedOut in
                    (
                        timedOut,
                        registry.makeCounter(
                            name: "lango_fraud_hook_failures_total", labels: [("hook", hook), ("kind", timedOut ? "timeout" : "error")],
                            help: "Fraud hook calls that gave no score, by hook and kind (timeout, error)")
                    )
                }))
    }
}

/// The counters of one fraud hook.
struct FraudCounters: Sendable {
    let actions: [FraudVerdict.Action: Counter]
    /// By whether the hook timed out (else it failed).
    let failures: [Bool: Counter]

    func count(_ verdict: FraudVerdict) {
        actions[verdict.action]?.increment()
        if verdict.failModeApplied { failures[verdict.outcome == .timedOut]?.increment() }
    }
}
