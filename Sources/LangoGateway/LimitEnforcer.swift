import Foundation
import LangoLimits
import LangoPlans
import LangoPolicy
import Logging
import Prometheus
import Synchronization

/// The `limits` obligation: charges a metered rule's cost against the app's plan — its rate
/// and quotas — before the request goes upstream.
///
/// With a shared limiter (Redis) every node counts in the same place. When it cannot be
/// reached, the rule's loss mode decides: `closed` refuses (503), `open` lets the request
/// through unlimited, `local` counts in this node's memory with every limit divided by the
/// number of nodes. While Redis is lost requests do not wait on it: after a backoff one request
/// at a time probes it (``SharedLimiterHealth``); the loss and the recovery are logged once each.
final class LimitEnforcer: Sendable {
    /// What the request gets.
    enum Outcome: Sendable {
        /// Go on; `decision` fills the `RateLimit-*` headers (`nil`: unlimited, no headers).
        case allowed(LimitDecision?)
        /// 429, with the figures for the headers and `Retry-After`.
        case refused(LimitDecision)
        /// 503: the counters are out of reach and the rule fails closed.
        case unavailable
    }

    /// Apps that are not authenticated (rules with `auth: none`) are limited together under
    /// this subject, on the default plan.
    static let anonymousSubject = "anonymous"

    private let calendar: QuotaCalendar
    private let shared: (any Limiter)?
    private let local: InProcessLimiter
    private let health = Mutex(SharedLimiterHealth())
    private let defaultPlan: String
    private let clock: @Sendable () -> Date
    private let metrics: GatewayMetrics
    private let logger: Logger

    /// `shared` is the Redis limiter, if one is configured; `local` counts in memory: alone, or
    /// as the fallback with the node's share of each limit.
    init(
        calendar: QuotaCalendar, shared: (any Limiter)?, local: InProcessLimiter, defaultPlan: String,
        metrics: GatewayMetrics, logger: Logger, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.calendar = calendar
        self.shared = shared
        self.local = local
        self.defaultPlan = defaultPlan
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        metrics.sharedLimiterUp.set(to: shared == nil ? 0 : 1)
    }

    /// The plan an app is on: the one it is assigned, or the default.
    func planID(assigned: String?) -> String {
        assigned ?? defaultPlan
    }

    /// Charges `limits.cost` to `subject` under `plan`.
    func enforce(_ limits: LimitsRequirement, subject: String, plan: Plan) async -> Outcome {
        let now = clock()
        return await acquire(
            plan.limitRequest(subject: subject, cost: limits.cost, at: now, calendar: calendar), whenUnavailable: limits.whenUnavailable,
            at: now)
    }

    /// The quota window ``unattendedAccessReason`` refusals name.
    static let unattendedWindow = "unattended"

    /// Counts one access to consent `consentID` without the customer present against
    /// `perDay` in the 24 hours before it (PSD2 RTS art. 36(6): a rolling window, so no 24 hours
    /// ever hold more), with the rule's loss mode when the counters are out of reach.
    func chargeUnattendedAccess(consentID: String, perDay: Int, whenUnavailable: LimitsFallback) async -> Outcome {
        let now = clock()
        let request = LimitRequest(
            subject: "consent:" + consentID, cost: 1, rate: nil, quotas: [],
            rolling: RollingWindow(name: Self.unattendedWindow, limit: perDay, length: .seconds(86_400)), now: now)
        return await acquire(request, whenUnavailable: whenUnavailable, at: now)
    }

    /// Why `decision` was refused, as `x-lango-reason` and the `lango_limits_total` label.
    static func refusalReason(_ decision: LimitDecision) -> String {
        switch decision.exceeded {
        case .rate?: "rate_limited"
        case .quota(unattendedWindow)?: "unattended_limit"
        default: "quota_exceeded"
        }
    }

    private func acquire(_ request: LimitRequest, whenUnavailable: LimitsFallback, at now: Date) async -> Outcome {
        guard let shared else { return answer(try? local.acquire(request)) }

        if case .ask(let ticket) = health.withLock({ $0.permission(at: now) }) {
            do {
                let decision = try await shared.acquire(request)
                report(health.withLock { $0.succeeded(ticket, at: clock()) })
                return answer(decision)
            } catch let error as LimiterError where !error.isUnavailable {
                logger.error("limit request refused by the limiter", metadata: ["error": "\(error)"])
                return answer(nil)
            } catch {
                report(health.withLock { $0.failed(ticket, at: clock()) }, error: error)
            }
        }
        metrics.countFallback(whenUnavailable.rawValue)
        switch whenUnavailable {
        case .closed:
            return answer(nil)
        case .open:
            return .allowed(nil)
        case .local:
            return answer(try? local.acquire(request))
        }
    }

    /// The outcome of a limiter's decision; `nil` when there is none to go by (503).
    private func answer(_ decision: LimitDecision?) -> Outcome {
        guard let decision else {
            metrics.countLimit("unavailable")
            return .unavailable
        }
        guard decision.allowed else {
            metrics.countLimit(Self.refusalReason(decision))
            return .refused(decision)
        }
        metrics.countLimit("allowed")
        return .allowed(decision.reported == nil ? nil : decision)
    }

    private func report(_ action: SharedLimiterHealth.Action, error: (any Error)? = nil) {
        switch action {
        case .none:
            break
        case .reportLost:
            metrics.sharedLimiterUp.set(to: 0)
            logger.error(
                "shared limiter unavailable: rules now apply their Redis-loss mode",
                metadata: ["error": "\(error.map { "\($0)" } ?? "unknown")"])
        case .reportRecovered(let outage):
            metrics.sharedLimiterUp.set(to: 1)
            logger.notice("shared limiter recovered", metadata: ["outage_seconds": "\(Int(outage.rounded()))"])
        }
    }
}

/// The `RateLimit-*` and `Retry-After` headers for a limiter decision.
enum RateLimitHeaders {
    static func fields(for decision: LimitDecision) -> [(String, String)] {
        var fields = [
            ("RateLimit-Limit", String(decision.limit)),
            ("RateLimit-Remaining", String(decision.remaining)),
            ("RateLimit-Reset", String(seconds(decision.resetMicroseconds))),
        ]
        if !decision.allowed, let retryAfter = decision.retryAfterMicroseconds {
            fields.append(("Retry-After", String(max(1, seconds(retryAfter)))))
        }
        return fields
    }

    /// Whole seconds, rounded up: a client waiting this long is never early.
    static func seconds(_ microseconds: Int64) -> Int64 {
        (max(0, microseconds) + 999_999) / 1_000_000
    }
}
