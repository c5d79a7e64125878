import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LangoGateway
import LangoIdentity
import LangoJSON
import LangoLimits
import LangoMetering
import LangoPolicy
import Prometheus
import Synchronization
import Testing

/// The limits obligation in the pipeline: plans, 429s and headers, usage metering, and the
/// Redis-loss modes (with a scripted shared limiter standing in for Redis).
@Suite struct LimitsTests {
    /// 2026-11-22 10:00 in Nairobi (UTC+3): 14 hours before the quota day ends.
    static let morning = ISO8601.parse("2026-11-22T07:00:00Z")!

    let clock = MovableClock(morning)

    static func metered(
        cost: Int = 1, product: String = "accounts", whenUnavailable: String = "local", path: String = "/internal/v1/accounts"
    ) -> String {
        policy(
            path: path,
            extraRuleFields: #", "product": "\#(product)", "limits": { "cost": \#(cost), "when_unavailable": "\#(whenUnavailable)" }"#)
    }

    @Test func quotasRefuseWith429AndTheHeadersCountDown() async throws {
        let harness = try await GatewayHarness.make(
            policies: ["test.json": Self.metered(cost: 2)], plans: ["free.json": GatewayHarness.plan(dailyQuota: 5)],
            clock: clock.function)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client async throws in
            var remaining: [String?] = []
            for _ in 0..<2 {
                let response = try await client.get(key: key)
                #expect(response.status == .ok)
                #expect(response.header("RateLimit-Limit") == "5")
                remaining.append(response.header("RateLimit-Remaining"))
                #expect(response.header("RateLimit-Reset") == String(14 * 3_600))
            }
            #expect(remaining == ["3", "1"])
            let refused = try await client.get(key: key)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "LANGO.QuotaExceeded")
            #expect(refused.header("x-lango-reason") == "quota_exceeded")
            #expect(refused.header("Retry-After") == String(14 * 3_600))
            #expect(refused.header("RateLimit-Remaining") == "1")
        }
        #expect(harness.decisions.records.map(\.reason) == [nil, nil, "quota_exceeded"])
        let usage = harness.gateway.usage.drain()
        let hour = ISO8601.parse("2026-11-22T07:00:00Z")!
        #expect(usage[UsageKey(appID: "app_test", product: "accounts", ruleID: "test.rule", statusClass: "2xx", hour: hour)] == UsageCounts(requests: 2, cost: 4))
        #expect(usage[UsageKey(appID: "app_test", product: "accounts", ruleID: "test.rule", statusClass: "4xx", hour: hour)] == UsageCounts(requests: 1, cost: 0))
    }

    @Test func theRateRefillsWithTime() async throws {
        let harness = try await GatewayHarness.make(
            policies: ["test.json": Self.metered()], plans: ["free.json": GatewayHarness.plan(rate: 60, per: "minute", burst: 2)],
            clock: clock.function)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client async throws in
            func status() async throws -> HTTPResponse.Status {
                try await client.get(key: key).status
            }
            #expect(try await status() == .ok)
            #expect(try await status() == .ok)
            let refused = try await client.get(key: key)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "LANGO.RateLimited")
            #expect(refused.header("Retry-After") == "1")
            clock.advance(seconds: 1)
            #expect(try await status() == .ok)
            #expect(try await status() == .tooManyRequests)
        }
    }

    @Test func aPlanChangeTakesEffectOnTheNextRequestAndKeepsTheCounts() async throws {
        let harness = try await GatewayHarness.make(
            policies: ["test.json": Self.metered()],
            plans: ["free.json": GatewayHarness.plan(dailyQuota: 2), "pro.json": GatewayHarness.plan(id: "pro", dailyQuota: 3)],
            clock: clock.function)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client async throws in
            #expect(try await client.statusOfGet(key: key) == .ok)
            #expect(try await client.statusOfGet(key: key) == .ok)
            #expect(try await client.statusOfGet(key: key) == .tooManyRequests)
            _ = try await harness.manager.setPlan("pro", ofApp: "app_test")
            let upgraded = try await client.get(key: key)
            #expect(upgraded.status == .ok)
            #expect(upgraded.header("RateLimit-Remaining") == "0")
            #expect(try await client.statusOfGet(key: key) == .tooManyRequests)
        }
    }

    @Test func thePlanMustIncludeTheProduct() async throws {
        let harness = try await GatewayHarness.make(
            policies: ["test.json": Self.metered()],
            plans: ["free.json": GatewayHarness.plan(), "tools.json": GatewayHarness.plan(id: "tools", products: ["sandbox"])])
        let (status, reason) = try await Self.accountsAnswer(harness, plan: "tools")
        #expect(status == .forbidden)
        #expect(reason == "product_not_in_plan")
    }

    @Test func anAppOnAMissingPlanFailsClosed() async throws {
        let harness = try await GatewayHarness.make(policies: ["test.json": Self.metered()])
        let (status, reason) = try await Self.accountsAnswer(harness, plan: "retired")
        #expect(status == .serviceUnavailable)
        #expect(reason == "plan_unknown")
    }

    @Test func aRuleWithAProductButNoLimitsAlsoNeedsTheAppsPlan() async throws {
        let harness = try await GatewayHarness.make(policies: ["test.json": policy(extraRuleFields: #", "product": "accounts""#)])
        let (status, reason) = try await Self.accountsAnswer(harness, plan: "retired")
        #expect(status == .serviceUnavailable)
        #expect(reason == "plan_unknown")
    }

    @Test func aBodyDeclaredTooLargeIsRefusedBeforeTheLimitsAndCostsNothing() async throws {
        let rule = policy(extraRuleFields: #", "product": "accounts", "limits": { "cost": 1 }, "body": { "max_bytes": 8 }"#)
        let harness = try await GatewayHarness.make(
            policies: ["test.json": rule], plans: ["free.json": GatewayHarness.plan(dailyQuota: 5)], clock: clock.function)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client async throws in
            var headers = HTTPFields.caller(key: key)
            headers[.contentLength] = "100"
            let tooLarge = try await client.execute(
                uri: "/internal/v1/accounts", method: .get, headers: headers, body: ByteBuffer(repeating: 0x41, count: 100))
            #expect(tooLarge.status == .contentTooLarge)
            let next = try await client.get(key: key)
            #expect(next.status == .ok)
            #expect(next.header("RateLimit-Remaining") == "4")
        }
        let usage = harness.gateway.usage.drain()
        #expect(usage.values.sorted { $0.cost < $1.cost } == [UsageCounts(requests: 1, cost: 0), UsageCounts(requests: 1, cost: 1)])
    }

    /// The status and `x-lango-reason` of one accounts call by an app on `plan`.
    private static func accountsAnswer(_ harness: GatewayHarness, plan: String) async throws -> (HTTPResponse.Status, String?) {
        let key = try await harness.key(plan: plan, scopes: ["accounts:read"])
        return try await harness.test { client async throws in
            let response = try await client.get(key: key)
            return (response.status, response.header("x-lango-reason"))
        }
    }

    @Test func eachLossModeWhenTheSharedLimiterIsDown() async throws {
        let shared = ScriptedLimiter()
        shared.down = true
        var configuration = GatewayConfiguration()
        configuration.nodes = 2
        let policies = [
            "closed.json": policy(
                name: "closed", id: "closed.rule", path: "/internal/v1/closed",
                extraRuleFields: #", "product": "accounts", "limits": { "cost": 1, "when_unavailable": "closed" }"#),
            "open.json": policy(
                name: "open", id: "open.rule", path: "/internal/v1/open",
                extraRuleFields: #", "product": "accounts", "limits": { "cost": 1, "when_unavailable": "open" }"#),
            "local.json": policy(
                name: "local", id: "local.rule", path: "/internal/v1/local",
                extraRuleFields: #", "product": "accounts", "limits": { "cost": 1, "when_unavailable": "local" }"#),
        ]
        let harness = try await GatewayHarness.make(
            policies: policies, plans: ["free.json": GatewayHarness.plan(dailyQuota: 4)], configuration: configuration,
            sharedLimiter: shared, clock: clock.function)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client async throws in
            let closed = try await client.get("/internal/v1/closed", key: key)
            #expect(closed.status == .serviceUnavailable)
            #expect(closed.header("x-lango-reason") == "limits_unavailable")
            let open = try await client.get("/internal/v1/open", key: key)
            #expect(open.status == .ok)
            #expect(open.header("RateLimit-Limit") == nil)
            // Local: this node's share of the daily quota of 4 across 2 nodes is 2.
            #expect(try await client.get("/internal/v1/local", key: key).header("RateLimit-Limit") == "2")
            #expect(try await client.statusOfGet("/internal/v1/local", key: key) == .ok)
            #expect(try await client.statusOfGet("/internal/v1/local", key: key) == .tooManyRequests)
        }
        // Lost once, then not asked again until the backoff passed.
        #expect(shared.calls == 1)
        let metrics = harness.gateway.metrics.registry.emitToString()
        #expect(metrics.contains(#"lango_limits_shared_up 0"#))
        #expect(metrics.contains(#"lango_limits_fallback_total{mode="closed"} 1"#))
        #expect(metrics.contains(#"lango_limits_fallback_total{mode="local"} 3"#))
        // Billing counts what reached the bank, also when the open mode let it through uncounted.
        let usage = harness.gateway.usage.drain().map { ($0.key.ruleID, $0.key.statusClass, $0.value) }
        let billed = Dictionary(usage.map { ("\($0.0) \($0.1)", $0.2) }, uniquingKeysWith: { $0 + $1 })
        #expect(billed == [
            "closed.rule 5xx": UsageCounts(requests: 1, cost: 0), "open.rule 2xx": UsageCounts(requests: 1, cost: 1),
            "local.rule 2xx": UsageCounts(requests: 2, cost: 2), "local.rule 4xx": UsageCounts(requests: 1, cost: 0),
        ])
    }

    @Test func theSharedLimiterIsProbedAgainAfterTheBackoffAndRecovers() async throws {
        let shared = ScriptedLimiter()
        shared.down = true
        let harness = try await GatewayHarness.make(
            policies: ["test.json": Self.metered()], sharedLimiter: shared, clock: clock.function)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client async throws in
            #expect(try await client.statusOfGet(key: key) == .ok)
            #expect(try await client.statusOfGet(key: key) == .ok)
            #expect(shared.calls == 1)
            shared.down = false
            clock.advance(seconds: 1)
            #expect(try await client.statusOfGet(key: key) == .ok)
            #expect(try await client.statusOfGet(key: key) == .ok)
            #expect(shared.calls == 3)
        }
        #expect(harness.gateway.metrics.registry.emitToString().contains("lango_limits_shared_up 1"))
    }

    @Test func theAdminListenerServesMetrics() async throws {
        let harness = try await GatewayHarness.make(policies: ["test.json": Self.metered()])
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client async throws in
            _ = try await client.get(key: key)
        }
        try await Application(router: harness.gateway.makeAdminRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(text.contains(#"lango_requests_total{outcome="allow",status="2xx"} 1"#))
            #expect(text.contains(#"lango_limits_total{result="allowed"} 1"#))
            #expect(text.contains("lango_request_duration_seconds_bucket"))
        }
    }
}

/// A clock the test moves by hand.
final class MovableClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) {
        current = Mutex(start)
    }

    func advance(seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var function: @Sendable () -> Date { { self.current.withLock { $0 } } }
}

/// A shared limiter that is up (counting in memory) or down (unavailable), on command.
final class ScriptedLimiter: Limiter {
    private let state = Mutex((down: false, calls: 0))
    private let inner = InProcessLimiter()

    var down: Bool {
        get { state.withLock { $0.down } }
        set { state.withLock { $0.down = newValue } }
    }

    var calls: Int { state.withLock { $0.calls } }

    func acquire(_ request: LimitRequest) async throws -> LimitDecision {
        let down = state.withLock { state in
            state.calls += 1
            return state.down
        }
        if down { throw LimiterError.unavailable("scripted outage") }
        return try inner.acquire(request)
    }
}
