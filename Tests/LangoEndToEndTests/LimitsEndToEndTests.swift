import Foundation
import LangoJSON
import LangoRedisTesting
import NIOHTTP1
import Testing

/// Rate limits and quotas across real processes: gateways sharing a real redis-server,
/// Redis lost and back mid-test, usage written and reported.
@Suite(.serialized) struct LimitsEndToEndTests {
    /// A plan directory with one plan, `free`, of `dailyQuota` and a generous rate.
    static func plans(dailyQuota: Int, in scratch: Scratch) throws -> String {
        try scratch.write(
            "plans/free.json",
            """
            { "plan": "free", "version": 1, "name": "Test", "rate": { "requests": 100000, "per": "minute", "burst": 100000 },
              "quotas": [ { "requests": \(dailyQuota), "per": "day" } ], "products": ["accounts", "sandbox"], "price": "custom" }
            """)
        return scratch.path("plans")
    }

    @Test func twoGatewaysSharingRedisAdmitExactlyTheQuota() async throws {
        try await withRedisServer { redis in try await admitExactlyTheQuota(redis) }
    }

    private func admitExactlyTheQuota(_ redis: RedisTestServer) async throws {
        let shared = try Scratch()
        let plans = try Self.plans(dailyQuota: 40, in: shared)
        let redisArguments = ["--redis", redis.url(), "--nodes", "2"]
        let first = try await GatewayFixture(plans: plans, dataDirectory: shared.path("data"), extraArguments: redisArguments)
        let second = try await GatewayFixture(plans: plans, dataDirectory: shared.path("data"), extraArguments: redisArguments)
        let key = try await first.createKey(app: try await first.createApp(id: "app_hammer"), scopes: ["accounts:read"])

        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<120 {
                let node = index.isMultiple(of: 2) ? first : second
                group.addTask { try await node.get("/internal/v1/accounts", key: key).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 40)
        #expect(statuses.filter { $0 == 429 }.count == 80)
    }

    @Test func eachRedisLossModeWhileRedisIsDownAndRecoveryAfter() async throws {
        try await withRedisServer { redis in try await lossModes(redis) }
    }

    private func lossModes(_ redis: RedisTestServer) async throws {
        let scratch = try Scratch()
        for mode in ["closed", "open", "local"] {
            try scratch.write(
                "policies/\(mode).json",
                """
                { "policy": "\(mode)", "version": 1, "rules": [ {
                    "id": "\(mode).accounts", "product": "accounts",
                    "match": { "method": "GET", "path": "/internal/v1/\(mode)/accounts" },
                    "auth": { "type": "api_key", "scopes": ["accounts:read"], "customer": "required" },
                    "limits": { "cost": 1, "when_unavailable": "\(mode)" },
                    "upstream": { "adapter": "core", "operation": "accounts" } } ] }
                """)
        }
        let gateway = try await GatewayFixture(
            policies: scratch.path("policies"), plans: try Self.plans(dailyQuota: 10, in: scratch),
            extraArguments: ["--redis", redis.url(), "--nodes", "2"])
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_resilient"), scopes: ["accounts:read"])
        func call(_ mode: String) async throws -> HTTPResult {
            try await gateway.get("/internal/v1/\(mode)/accounts", key: key)
        }

        #expect(try await call("closed").status == 200)
        #expect(try await gateway.metrics().contains("lango_limits_shared_up 1"))

        await redis.stop()
        let closed = try await call("closed")
        #expect(closed.status == 503)
        #expect(closed.header("x-lango-reason") == "limits_unavailable")
        let open = try await call("open")
        #expect(open.status == 200)
        #expect(open.header("RateLimit-Limit") == nil)
        // Local: the node's share of the daily quota of 10 over 2 nodes.
        let local = try await call("local")
        #expect(local.status == 200)
        #expect(local.header("RateLimit-Limit") == "5")
        #expect(gateway.server.logs.contains { $0.contains("shared limiter unavailable") })
        #expect(try await gateway.metrics().contains("lango_limits_shared_up 0"))

        try await redis.start()
        var recovered = false
        for _ in 0..<100 where !recovered {
            try await Task.sleep(for: .milliseconds(100))
            recovered = try await call("closed").status == 200
        }
        #expect(recovered)
        #expect(gateway.server.logs.contains { $0.contains("shared limiter recovered") })
        // Redis kept nothing across the restart (no persistence): the first call used 1 of 10.
        #expect(try await call("closed").header("RateLimit-Remaining") == "8")
    }

    @Test func usageIsRecordedAndReported() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_metered"), scopes: ["accounts:read", "transactions:read"])
        for _ in 0..<3 { #expect(try await gateway.get("/internal/v1/accounts", key: key).status == 200) }
        #expect(try await gateway.get("/internal/v1/accounts/C0001-KES-1/transactions", key: key).status == 200)
        #expect(try await gateway.get("/internal/v1/party", key: key).status == 403)
        // Usage reaches the store in batches (every 100 ms here).
        var report = ""
        var rows: [[String]] = []
        for _ in 0..<50 where !rows.contains(["total", "5", "5"]) {
            try await Task.sleep(for: .milliseconds(100))
            report = try await Lango.run(["usage", "--app", "app_metered"] + gateway.storeArguments).standardOutput
            rows = report.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        }
        #expect(rows.contains(["app_metered", "accounts", "2xx", "4", "5"]), "\(report)")
        #expect(rows.contains(["app_metered", "accounts", "4xx", "1", "0"]), "\(report)")
        #expect(rows.contains(["total", "5", "5"]), "\(report)")
        let metrics = try await gateway.metrics()
        #expect(metrics.contains(#"lango_requests_total{outcome="allow",status="2xx"} 4"#))
        #expect(metrics.contains(#"lango_requests_total{outcome="deny",status="4xx"} 1"#))
    }

    @Test func plansCheckAndSetPlanFromTheCommandLine() async throws {
        let check = try await Lango.run(["plans", "check", Repository.plans, "--policies", Repository.policies])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("3 plans (enterprise, free, startup)"))
        let scratch = try Scratch()
        let store = ["--data-dir", scratch.path("data")]
        #expect(try await Lango.run(["apps", "create", "--name", "A", "--id", "app_plans", "--plan", "startup"] + store).status == 0)
        let unknown = try await Lango.run(["apps", "set-plan", "app_plans", "startp"] + store)
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains(#"did you mean "startup"?"#))
        #expect(try await Lango.run(["apps", "set-plan", "app_plans", "enterprise"] + store).status == 0)
        #expect(try await Lango.run(["apps", "list"] + store).standardOutput.contains("enterprise"))
        // Days are the gateway's quota days (Africa/Nairobi by default, UTC+3).
        let days = try await Lango.run(["usage", "--from", "2026-11-01", "--to", "2026-11-02"] + store)
        #expect(days.standardOutput.hasPrefix(
            "usage from 2026-10-31T21:00:00+00:00 to 2026-11-01T21:00:00+00:00 (days in Africa/Nairobi)"), "\(days.standardOutput)")
        let instants = try await Lango.run(["usage", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z"] + store)
        #expect(instants.standardOutput.hasPrefix("usage from 2026-11-01T00:00:00+00:00 to 2026-11-02T00:00:00+00:00"))
        #expect(try await Lango.run(["usage", "--from", "2026-13-01"] + store).status == 2)
    }

    @Test(arguments: [
        (["--nodes", "0"], "--nodes must be 1 to 1000"), (["--admin-port", "70000"], "--admin-port must be -1 to 65535"),
        (["--redis", "http://127.0.0.1:6379"], "--redis must look like redis://"),
    ])
    func serveRefusesLimitOptionsOutOfRange(arguments: [String], message: String) async throws {
        let scratch = try Scratch()
        let refused = try await Lango.run(["serve", "--data-dir", scratch.path("data")] + arguments)
        #expect(refused.status == 64)
        #expect(refused.standardError.contains(message), "\(refused.standardError)")
    }
}
