import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LangoBank
import LangoFraud
import LangoGateway
import LangoJSON
import LangoPolicy
import Prometheus
import Synchronization
import Testing

/// The `fraud` obligation in the pipeline, with a scripted hook: what the hook is told, how
/// each verdict answers, what the decision log and the metrics record.
@Suite struct FraudTests {
    static let paymentBody = """
        {"Data": {"Initiation": {"InstructionIdentification": "i-1", "EndToEndIdentification": "e-1",
          "InstructedAmount": {"Amount": "2500.00", "Currency": "KES"},
          "DebtorAccount": {"SchemeName": "UK.OBIE.SortCodeAccountNumber", "Identification": "C0001-KES-1"},
          "CreditorAccount": {"SchemeName": "UK.OBIE.IBAN", "Identification": "KE12WEKZ0001", "Name": "Mama Mboga"}}},
         "Risk": {}}
        """

    /// A configuration whose one fraud hook, `risk`, the test's twin stands in for.
    static var configuration: GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.fraudHooks = ["risk": .rules]
        return configuration
    }

    /// Rules on `/internal/v1/accounts…` that read accounts after asking `risk`: fail closed with a
    /// generous timeout (`/accounts`), and with 50 ms fail closed and open, and in shadow mode.
    static func policies() -> [String: String] {
        func rule(_ id: String, _ path: String, timeout: Int, fail: String, extra: String = "") -> String {
            """
            { "id": "\(id)", "match": { "method": "GET", "path": "\(path)" },
              "auth": { "type": "api_key", "scopes": ["accounts:read"], "customer": "required" },
              "fraud": { "hook": "risk", "timeout_ms": \(timeout), "fail": "\(fail)", "step_up_at": 50, "deny_at": 80 }\(extra),
              "upstream": { "adapter": "core", "operation": "accounts" } }
            """
        }
        return [
            "fraud.json": """
                { "policy": "fraud", "version": 1, "rules": [
                  \(rule("fraud.generous", "/internal/v1/accounts", timeout: 10_000, fail: "closed")),
                  \(rule("fraud.closed", "/internal/v1/accounts/closed", timeout: 50, fail: "closed")),
                  \(rule("fraud.open", "/internal/v1/accounts/open", timeout: 50, fail: "open")),
                  \(rule("fraud.shadow", "/internal/v1/accounts/shadow", timeout: 10_000, fail: "closed", extra: #", "mode": "shadow""#))
                ] }
                """
        ]
    }

    /// One rule, `pay.create`, forwarding `POST /pay/v1/payments` to the `shop` adapter after
    /// asking `risk` (failing closed), with `extraFields` added to it.
    static func paymentPolicy(_ extraFields: String = "") -> String {
        """
        { "policy": "pay", "version": 1, "rules": [
          { "id": "pay.create", "match": { "method": "POST", "path": "/pay/v1/payments" },
            "auth": { "type": "api_key", "scopes": ["payments"], "customer": "required" },
            "fraud": { "hook": "risk", "timeout_ms": 10000, "step_up_at": 50, "deny_at": 80 }\(extraFields),
            "upstream": { "adapter": "shop", "operation": "forward", "path": "/payments", "timeout_ms": 60000 } } ] }
        """
    }

    static func make(_ hook: ScriptedFraudHook) async throws -> GatewayHarness {
        try await GatewayHarness.make(policies: policies(), configuration: configuration, fraudHooks: ["risk": hook])
    }

    static func scored(_ score: Int, _ reasons: [String] = []) throws -> ScriptedFraudHook.Behaviour {
        .answer(try FraudAssessment(score: score, reasons: reasons))
    }

    @Test func eachVerdictHasItsAnswer() async throws {
        let hook = ScriptedFraudHook(try Self.scored(49, ["amount_at_least_1000"]))
        let harness = try await Self.make(hook)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client in
            let allowed = try await client.get(key: key)
            #expect(allowed.status == .ok)
            #expect(allowed.json["Data"]?["Account"]?.arrayValue?.isEmpty == false)

            hook.script(try Self.scored(50))
            let stepUp = try await client.get(key: key)
            #expect(stepUp.status == .forbidden)
            #expect(stepUp.header("x-lango-reason") == "fraud_step_up_required")
            #expect(stepUp.errorCode == "UK.OBIE.Reauthenticate")
            #expect(stepUp.json["Message"]?.stringValue?.contains("strong customer authentication") == true)

            hook.script(try Self.scored(80, ["new_creditor"]))
            let denied = try await client.get(key: key)
            #expect(denied.status == .forbidden)
            #expect(denied.header("x-lango-reason") == "fraud_denied")
            #expect(denied.errorCode == "LANGO.FraudDenied")
            #expect(denied.json["Message"] == "the fraud check refused this request", "neither the score nor the reasons reach the caller")

            hook.script(.fail(.unavailable("connection refused")))
            let failed = try await client.get(key: key)
            #expect(failed.status == .serviceUnavailable)
            #expect(failed.header("x-lango-reason") == "fraud_unavailable")
            #expect(failed.errorCode == "LANGO.FraudUnavailable")
        }
        let records = harness.decisions.records
        #expect(records.map(\.status) == [200, 403, 403, 503])
        #expect(records.map(\.outcome) == ["allow", "deny", "deny", "deny"])
        #expect(records.map(\.reason) == [nil, "fraud_step_up_required", "fraud_denied", "fraud_unavailable"])
        #expect(records.map(\.fraud?.action) == ["allow", "step_up", "deny", "deny"])
        #expect(records.map(\.fraud?.score) == [49, 50, 80, nil])
        #expect(records[0].fraud?.reasons == ["amount_at_least_1000"])
        #expect(records[0].fraud?.hook == "risk")
        #expect(records[0].upstream == "core.accounts")
        #expect(records[1].upstreamMicroseconds == nil, "a refused request never reaches the bank")
        #expect(records[3].fraud?.failMode == "closed")
        #expect(records[3].fraud?.failure == "failed: the fraud hook is unavailable: connection refused")
        #expect(records.allSatisfy { ($0.fraud?.microseconds ?? -1) >= 0 })
        let json = records[2].json
        #expect(json["fraud"]?["hook"] == "risk")
        #expect(json["fraud"]?["action"] == "deny")
        #expect(json["fraud"]?["score"] == 80)
        #expect(json["fraud"]?["reasons"] == ["new_creditor"])
        #expect(json["fraud"]?["latency_us"]?.integerValue != nil)
        let metrics = harness.gateway.metrics.registry.emitToString()
        for (action, count) in [("allow", 1), ("step_up", 1), ("deny", 2)] {
            #expect(metrics.contains(#"lango_fraud_checks_total{hook="risk",action="\#(action)"} \#(count)"#), "\(metrics)")
        }
        #expect(metrics.contains(#"lango_fraud_hook_failures_total{hook="risk",kind="error"} 1"#))
        #expect(metrics.contains(#"lango_fraud_hook_failures_total{hook="risk",kind="timeout"} 0"#))
    }

    @Test func aHookThatDoesNotAnswerMeetsTheFailMode() async throws {
        let hook = ScriptedFraudHook(.stall)
        let harness = try await Self.make(hook)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client in
            let closed = try await client.get("/internal/v1/accounts/closed", key: key)
            #expect(closed.status == .serviceUnavailable)
            #expect(closed.header("x-lango-reason") == "fraud_unavailable")
            let open = try await client.get("/internal/v1/accounts/open", key: key)
            #expect(open.status == .ok)
        }
        let records = harness.decisions.records
        #expect(records.map(\.outcome) == ["deny", "allow"])
        #expect(records.map(\.fraud?.action) == ["deny", "allow"])
        #expect(records.map(\.fraud?.failMode) == ["closed", "open"])
        #expect(records.map(\.fraud?.failure) == ["did not answer within 50 ms", "did not answer within 50 ms"])
        #expect(records.map(\.fraud?.score) == [nil, nil])
        #expect(records[1].reason == nil)
        #expect(records[1].upstream == "core.accounts")
        let metrics = harness.gateway.metrics.registry.emitToString()
        #expect(metrics.contains(#"lango_fraud_hook_failures_total{hook="risk",kind="timeout"} 2"#))
        #expect(metrics.contains(#"lango_fraud_checks_total{hook="risk",action="allow"} 1"#))
    }

    @Test func shadowModeRecordsARefusalAndServesTheRequest() async throws {
        let harness = try await Self.make(ScriptedFraudHook(try Self.scored(95)))
        let key = try await harness.key(scopes: ["accounts:read"])
        let status = try await harness.test { client in try await client.statusOfGet("/internal/v1/accounts/shadow", key: key) }
        #expect(status == .ok)
        let record = try #require(harness.decisions.records.last)
        #expect(record.outcome == "allow")
        #expect(record.shadowed == ["fraud_denied"])
        #expect(record.fraud?.action == "deny")
        #expect(record.fraud?.score == 95)
    }

    @Test func onlyRequestsThePoliciesAllowReachTheHook() async throws {
        let hook = ScriptedFraudHook(try Self.scored(0))
        let harness = try await Self.make(hook)
        let key = try await harness.key(scopes: ["balances:read"])
        try await harness.test { client in
            let anonymous = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: .caller(key: nil))
            #expect(anonymous.status == .unauthorized)
            #expect(try await client.statusOfGet(key: key) == .forbidden)
        }
        #expect(hook.received.isEmpty)
        #expect(harness.decisions.records.map(\.reason) == ["credential_missing", "scope_missing"])
        #expect(harness.decisions.records.allSatisfy { $0.fraud == nil })
    }

    @Test func theHookSeesTheCallerThePaymentAndTheDeviceAndTheUpstreamTheBody() async throws {
        let received = Mutex<[UInt8]>([])
        let router = Router()
        router.post("/payments") { request, _ -> Response in
            let body = Array(try await request.body.collect(upTo: 65_536).readableBytesView)
            received.withLock { $0 = body }
            return Response(status: .created)
        }
        try await Application(router: router).test(.live) { upstream in
            var configuration = Self.configuration
            configuration.adapters["shop"] = .http(HTTPServiceConfiguration(url: "http://127.0.0.1:\(upstream.port!)", connections: 2))
            let hook = ScriptedFraudHook(try Self.scored(12))
            let harness = try await GatewayHarness.make(
                policies: ["pay.json": Self.paymentPolicy()], configuration: configuration, fraudHooks: ["risk": hook])
            let key = try await harness.key(scopes: ["payments"])
            try await harness.test { client in
                var headers = HTTPFields.caller(key: key)
                headers[.contentType] = "application/json"
                headers[HTTPField.Name("x-fapi-customer-ip-address")!] = "198.51.100.7"
                headers[HTTPField.Name("x-customer-user-agent")!] = "Wekeza/4.2 (Android 14)"
                let response = try await client.execute(
                    uri: "/pay/v1/payments", method: .post, headers: headers, body: ByteBuffer(string: Self.paymentBody))
                #expect(response.status == .created)
                #expect(hook.received.count == 1)
                let facts = try #require(hook.received.first)
                #expect(facts.interactionID == response.header("x-fapi-interaction-id"))
                #expect(facts.ruleID == "pay.create")
                #expect(facts.method == "POST")
                #expect(facts.path == "/pay/v1/payments")
                #expect(facts.appID == "app_test")
                #expect(facts.customerID == "C0001")
                #expect(facts.clientID == nil && facts.consentID == nil, "an API key has no OAuth client or consent")
                #expect(facts.payment?.amount == Money(minorUnits: 250_000, currency: "KES"))
                #expect(facts.payment?.creditor == FraudFacts.Creditor(schemeName: "UK.OBIE.IBAN", identification: "KE12WEKZ0001", name: "Mama Mboga"))
                #expect(facts.payment?.debtorAccount == "C0001-KES-1")
                #expect(facts.customerIPAddress == "198.51.100.7")
                #expect(facts.customerUserAgent == "Wekeza/4.2 (Android 14)")
            }
            #expect(received.withLock { $0 } == Array(Self.paymentBody.utf8), "the upstream got the body the hook's facts were read from")
        }
    }

    /// A repeat of an idempotent request is answered from its key without the hook: the retry of
    /// a payment that went through is not scored again, nor refused by a hook now failing. The
    /// limits count repeats as any request.
    @Test func aRepeatIsAnsweredFromItsKeyWithoutAskingTheHook() async throws {
        let posted = Mutex(0)
        let router = Router()
        router.post("/payments") { _, _ -> Response in
            posted.withLock { $0 += 1 }
            return Response(status: .created, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"id": "p-1"}"#)))
        }
        try await Application(router: router).test(.live) { upstream in
            var configuration = Self.configuration
            configuration.adapters["shop"] = .http(HTTPServiceConfiguration(url: "http://127.0.0.1:\(upstream.port!)", connections: 2))
            let hook = ScriptedFraudHook(try Self.scored(12))
            let harness = try await GatewayHarness.make(
                policies: ["pay.json": Self.paymentPolicy(#", "idempotency": { "ttl_hours": 24 }, "product": "accounts", "limits": { "cost": 1 }"#)],
                plans: ["free.json": GatewayHarness.plan(dailyQuota: 3)], configuration: configuration,
                fraudHooks: ["risk": hook])
            let key = try await harness.key(scopes: ["payments"])
            try await harness.test { client in
                @Sendable func pay(_ idempotencyKey: String, _ body: String) async throws -> TestResponse {
                    var headers = HTTPFields.caller(key: key)
                    headers[.contentType] = "application/json"
                    headers[HTTPField.Name("x-idempotency-key")!] = idempotencyKey
                    return try await client.execute(uri: "/pay/v1/payments", method: .post, headers: headers, body: ByteBuffer(string: body))
                }
                #expect(try await pay("pay-1", Self.paymentBody).status == .created)
                hook.script(.fail(.unavailable("the scoring service is down")))

                let repeated = try await pay("pay-1", Self.paymentBody)
                #expect(repeated.status == .created)
                #expect(repeated.header("x-lango-idempotent-replay") == "true")
                #expect(String(buffer: repeated.body) == #"{"id": "p-1"}"#)
                let reused = try await pay("pay-1", Self.paymentBody.replacingOccurrences(of: "2500.00", with: "2600.00"))
                #expect(reused.status == .badRequest)
                #expect(reused.header("x-lango-reason") == "idempotency_key_reused")
                #expect(hook.received.count == 1, "neither the repeat nor the reused key was scored")

                // A new request is still scored, and the failing hook refuses it (fail closed).
                let fresh = try await pay("pay-2", Self.paymentBody)
                #expect(fresh.status == .serviceUnavailable)
                #expect(fresh.header("x-lango-reason") == "fraud_unavailable")
                #expect(hook.received.count == 2)

                // The payment, its repeat and the reused key used the day's quota of 3 (the
                // refused new payment used none): the next repeat is refused by the limits.
                let limited = try await pay("pay-1", Self.paymentBody)
                #expect(limited.status == .tooManyRequests)
                #expect(hook.received.count == 2)
            }
            #expect(
                harness.decisions.records.map(\.reason) == [
                    nil, "idempotent_replay", "idempotency_key_reused", "fraud_unavailable", harness.decisions.records.last?.reason,
                ])
            #expect(harness.decisions.records.last?.status == 429)
        }
        #expect(posted.withLock { $0 } == 1)
    }

    @Test func aBodyTooLargeIsRefusedBeforeTheHook() async throws {
        let hook = ScriptedFraudHook(try Self.scored(0))
        let policy = """
            { "policy": "pay", "version": 1, "rules": [
              { "id": "pay.post", "match": { "method": "POST", "path": "/internal/v1/sandbox/accounts/{AccountId}/transactions" },
                "auth": { "type": "api_key", "scopes": ["sandbox:write"], "customer": "required" }, "body": { "max_bytes": 16 },
                "fraud": { "hook": "risk", "timeout_ms": 10000, "step_up_at": 50, "deny_at": 80 },
                "upstream": { "adapter": "core", "operation": "post-transaction" } } ] }
            """
        let harness = try await GatewayHarness.make(policies: ["pay.json": policy], configuration: Self.configuration, fraudHooks: ["risk": hook])
        let key = try await harness.key(scopes: ["sandbox:write"])
        try await harness.test { client in
            var headers = HTTPFields.caller(key: key)
            headers[.contentType] = "application/json"
            let response = try await client.execute(
                uri: "/internal/v1/sandbox/accounts/C0001-KES-1/transactions", method: .post, headers: headers,
                body: ByteBuffer(string: Self.paymentBody))
            #expect(response.status == .contentTooLarge)
        }
        #expect(hook.received.isEmpty)
        #expect(harness.decisions.records.last?.reason == "body_too_large")
    }
}
