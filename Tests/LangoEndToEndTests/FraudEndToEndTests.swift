import Foundation
import Hummingbird
import HummingbirdTesting
import LangoJSON
import NIOHTTP1
import Synchronization
import Testing

/// The `fraud` obligation against the real binary: a payment route guarded by the built-in
/// `sandbox-rules` hook, whose scenario amounts force each outcome, and by an HTTP hook served by
/// this test; the answers, the decision log, the metrics, and the policy tools that read the
/// configured hooks.
@Suite struct FraudEndToEndTests {
    /// A payment route per case, each asking a hook, forwarded to this test's upstream (with a
    /// deadline no loaded machine misses: these tests are not about the upstream's time).
    static let policy = """
        { "policy": "payments-test", "version": 1, "rules": [
          \(rule("pay.rules", "/test/v1/payments", hook: "sandbox-rules", timeout: 10_000, fail: "closed")),
          \(rule("pay.slow-closed", "/test/v1/payments/slow-closed", hook: "sandbox-rules", timeout: 200, fail: "closed")),
          \(rule("pay.slow-open", "/test/v1/payments/slow-open", hook: "sandbox-rules", timeout: 200, fail: "open")),
          \(rule("pay.http", "/test/v1/payments/http", hook: "risk-http", timeout: 10_000, fail: "closed")),
          \(rule("pay.open", "/test/v1/payments/open", hook: "sandbox-rules", timeout: 10_000, fail: "open"))
        ] }
        """

    static func rule(_ id: String, _ path: String, hook: String, timeout: Int, fail: String) -> String {
        """
        { "id": "\(id)", "match": { "method": "POST", "path": "\(path)" },
          "auth": { "type": "api_key", "scopes": ["payments"], "customer": "required" },
          "fraud": { "hook": "\(hook)", "timeout_ms": \(timeout), "fail": "\(fail)", "step_up_at": 50, "deny_at": 80 },
          "upstream": { "adapter": "shop", "operation": "forward", "path": "/payments", "timeout_ms": 60000 } }
        """
    }

    /// Fixtures for the policy: each outcome mocked, as `lango policy test` runs them.
    static let fixtures = """
        {"cases": [
          {"name": "a low score goes through", "request": {"method": "POST", "path": "/test/v1/payments", "customer": "C0001"},
           "credential": {"type": "api_key", "scopes": ["payments"], "app": {"id": "app_payer", "environment": "sandbox"}},
           "fraud": {"score": 12}, "expect": {"decision": "allow", "fraud": "allow"}},
          {"name": "the step-up band asks for SCA", "request": {"method": "POST", "path": "/test/v1/payments", "customer": "C0001"},
           "credential": {"type": "api_key", "scopes": ["payments"], "app": {"id": "app_payer", "environment": "sandbox"}},
           "fraud": {"score": 79}, "expect": {"decision": "deny", "reason": "fraud_step_up_required", "status": 403}},
          {"name": "a timeout fails open here", "request": {"method": "POST", "path": "/test/v1/payments/slow-open", "customer": "C0001"},
           "credential": {"type": "api_key", "scopes": ["payments"], "app": {"id": "app_payer", "environment": "sandbox"}},
           "fraud": {"outcome": "timeout"}, "expect": {"decision": "allow", "fraud": "allow"}}
        ]}
        """

    /// What this test serves: `/payments`, the upstream (201); `/score`, the HTTP hook, which
    /// scores a payment its amount's units (up to 100) and answers 500 for larger ones.
    final class Service: Sendable {
        let hookCalls = Mutex<[JSONValue]>([])
        /// The `Authorization` header of each call, by path.
        let authorizations = Mutex<[String: [String]]>([:])

        func record(_ request: Request) {
            authorizations.withLock { $0[request.uri.path, default: []].append(request.headers[.authorization] ?? "none") }
        }
    }

    func withService(_ body: @Sendable (Service, String) async throws -> Void) async throws {
        let service = Service()
        let router = Router()
        router.post("/payments") { request, _ in
            service.record(request)
            return Response(status: .created)
        }
        router.post("/score") { request, _ -> Response in
            service.record(request)
            let facts = try JSONValue.parse(try await request.body.collect(upTo: 65_536).readableBytesView)
            service.hookCalls.withLock { $0.append(facts) }
            let units = Int(facts["payment"]?["amount"]?["amount"]?.stringValue?.split(separator: ".").first ?? "") ?? 0
            guard units <= 100 else { return Response(status: .internalServerError) }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"score": \#(units), "reasons": ["echo"]}"#)))
        }
        try await Application(router: router).test(.live) { client in
            try await body(service, "http://127.0.0.1:\(client.port!)")
        }
    }

    /// The configuration members naming the upstream and both hooks on `base`; with `tokens`,
    /// the upstream and the HTTP hook authenticate with `SHOP_TOKEN` and `RISK_TOKEN`.
    static func configuration(_ base: String, hooks: [String] = ["sandbox-rules", "risk-http"], tokens: Bool = false) -> String {
        let all = [
            "sandbox-rules": #"{ "type": "rules" }"#,
            "risk-http": #"{ "type": "http", "url": "\#(base)/score"\#(tokens ? #", "token_env": "RISK_TOKEN""# : "") }"#,
        ]
        let declared = hooks.map { "\"\($0)\": \(all[$0] ?? "")" }.joined(separator: ", ")
        let shop = #"{ "type": "http", "url": "\#(base)"\#(tokens ? #", "token_env": "SHOP_TOKEN""# : "") }"#
        return #", "adapters": { "core": { "type": "sandbox" }, "shop": \#(shop) }, "fraud_hooks": { \#(declared) }"#
    }

    static func payment(_ amount: String) -> [UInt8] {
        Array(
            """
            {"Data": {"Initiation": {"InstructionIdentification": "i-1", "EndToEndIdentification": "e-1",
              "InstructedAmount": {"Amount": "\(amount)", "Currency": "KES"},
              "CreditorAccount": {"SchemeName": "UK.OBIE.IBAN", "Identification": "KE12WEKZ0001", "Name": "Mama Mboga"}}},
             "Risk": {}}
            """.utf8)
    }

    static func pay(_ gateway: GatewayFixture, _ path: String, amount: String, key: String, id: String) async throws -> HTTPResult {
        try await HTTP.send(
            .POST, gateway.baseURL + path,
            headers: [
                ("x-api-key", key), ("x-lango-customer-id", "C0001"), ("content-type", "application/json"),
                ("x-fapi-customer-ip-address", "198.51.100.7"), ("x-customer-user-agent", "Wekeza/4.2"), ("x-fapi-interaction-id", id),
            ],
            body: payment(amount))
    }

    @Test func eachOutcomeAnswersAndIsLogged() async throws {
        try await withService { service, base in
            let policies = try Scratch()
            try policies.write("payments-test.json", Self.policy)
            // The upstream and the HTTP hook each get their own token, from the environment.
            let gateway = try await GatewayFixture(
                policies: policies.url.path, extraConfiguration: Self.configuration(base, tokens: true),
                environment: ["SHOP_TOKEN": "sh0p-token", "RISK_TOKEN": "r1sk-token"])
            let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_payer", environment: "sandbox"), scopes: ["payments"])

            // (path, amount, status, reason) — the sandbox scorer's scenario amounts, then the HTTP hook.
            let cases: [(String, String, Int, String?)] = [
                ("/test/v1/payments", "12.00", 201, nil),
                ("/test/v1/payments", "555.55", 403, "fraud_step_up_required"),
                ("/test/v1/payments", "666.66", 403, "fraud_denied"),
                ("/test/v1/payments", "444.44", 503, "fraud_unavailable"),
                ("/test/v1/payments/slow-closed", "333.33", 503, "fraud_unavailable"),
                ("/test/v1/payments/slow-open", "333.33", 201, nil),
                ("/test/v1/payments/open", "444.44", 201, nil),
                ("/test/v1/payments/http", "20.00", 201, nil),
                ("/test/v1/payments/http", "70.00", 403, "fraud_step_up_required"),
                ("/test/v1/payments/http", "500.00", 503, "fraud_unavailable"),
            ]
            for (index, (path, amount, status, reason)) in cases.enumerated() {
                let answer = try await Self.pay(gateway, path, amount: amount, key: key, id: "fraud-\(index)")
                #expect(answer.status == status, "\(path) \(amount)")
                #expect(answer.header("x-lango-reason") == reason, "\(path) \(amount)")
                if reason != nil { #expect(answer.json["Code"]?.stringValue?.hasPrefix("\(status) ") == true, "an OBErrorResponse1") }
            }
            let stepUp = try await Self.pay(gateway, "/test/v1/payments", amount: "555.55", key: key, id: "fraud-again")
            #expect(stepUp.errorCode == "UK.OBIE.Reauthenticate")
            #expect(stepUp.json["Message"]?.stringValue?.contains("authenticate again") == true)

            var lines: [JSONValue] = []
            for _ in 0..<100 where lines.filter({ $0["fraud"] != nil }).count < cases.count {
                try await Task.sleep(for: .milliseconds(100))
                lines = try gateway.decisions()
            }
            func fraud(_ index: Int) -> JSONValue? { lines.first { $0["interaction_id"] == .string("fraud-\(index)") }?["fraud"] }
            #expect(fraud(0)?["hook"] == "sandbox-rules")
            #expect(fraud(0)?["action"] == "allow")
            #expect(fraud(0)?["score"] == 0)
            #expect(fraud(0)?["latency_us"]?.integerValue != nil)
            #expect(fraud(1)?["action"] == "step_up")
            #expect(fraud(1)?["score"] == 65)
            #expect(fraud(2)?["action"] == "deny")
            #expect(fraud(2)?["score"] == 100)
            #expect(fraud(2)?["reasons"] == ["sandbox_scenario_deny"])
            #expect(fraud(3)?["fail_mode"] == "closed")
            #expect(fraud(3)?["failure"]?.stringValue?.contains("sandbox scenario 444.44") == true)
            #expect(fraud(4)?["failure"] == "did not answer within 200 ms")
            #expect(fraud(4)?["action"] == "deny")
            #expect(fraud(5)?["fail_mode"] == "open")
            #expect(fraud(5)?["action"] == "allow")
            #expect(fraud(6)?["fail_mode"] == "open")
            #expect(fraud(6)?["failure"]?.stringValue?.contains("sandbox scenario 444.44") == true)
            #expect(fraud(7)?["hook"] == "risk-http")
            #expect(fraud(7)?["score"] == 20)
            #expect(fraud(7)?["reasons"] == ["echo"])
            #expect(fraud(9)?["failure"]?.stringValue?.contains("answered 500") == true)
            let denied = lines.first { $0["interaction_id"] == "fraud-2" }
            #expect(denied?["outcome"] == "deny")
            #expect(denied?["reason"] == "fraud_denied")
            #expect(denied?["upstream_us"] == nil, "a refused payment never reaches the upstream")

            let told = try #require(service.hookCalls.withLock { $0.first })
            #expect(told["interaction_id"] == "fraud-7")
            #expect(told["rule"] == "pay.http")
            #expect(told["app_id"] == "app_payer")
            #expect(told["customer_id"] == "C0001")
            #expect(told["payment"]?["amount"] == ["amount": "20.00", "currency": "KES"])
            #expect(told["payment"]?["creditor"]?["name"] == "Mama Mboga")
            #expect(told["customer_ip_address"] == "198.51.100.7")
            #expect(told["customer_user_agent"] == "Wekeza/4.2")
            // Each service got its own token from the environment, never the partner's credentials.
            let seen = service.authorizations.withLock { $0 }
            #expect(seen["/score"] == Array(repeating: "Bearer r1sk-token", count: 3), "\(seen)")
            #expect(seen["/payments"]?.isEmpty == false && seen["/payments"]?.allSatisfy { $0 == "Bearer sh0p-token" } == true, "\(seen)")

            let metrics = try await gateway.metrics()
            #expect(metrics.contains(#"lango_fraud_checks_total{hook="sandbox-rules",action="deny"} 3"#), "\(metrics)")
            #expect(metrics.contains(#"lango_fraud_hook_failures_total{hook="sandbox-rules",kind="timeout"} 2"#))
            #expect(metrics.contains(#"lango_fraud_hook_failures_total{hook="sandbox-rules",kind="error"} 2"#))
            #expect(metrics.contains(#"lango_fraud_hook_failures_total{hook="risk-http",kind="error"} 1"#))
        }
    }

    @Test func aGatewayMissingAServiceTokenDoesNotStart() async throws {
        let policies = try Scratch()
        try policies.write("payments-test.json", Self.policy)
        let error = await #expect(throws: HarnessError.self) {
            try await GatewayFixture(
                policies: policies.url.path, extraConfiguration: Self.configuration("http://127.0.0.1:9", tokens: true),
                environment: ["SHOP_TOKEN": "sh0p-token"])
        }
        #expect(
            error?.description.contains(
                "fraud_hooks.risk-http.token_env: the environment variable RISK_TOKEN must hold the service's token") == true,
            "\(error.map(String.init(describing:)) ?? "started")")
    }

    /// The repository's policies with a fraud check on `pisp.payments.create`, asking `risk-http`.
    static func paymentPoliciesWithFraud() throws -> Scratch {
        let directory = try Scratch()
        for name in try FileManager.default.contentsOfDirectory(atPath: Repository.policies) where name.hasSuffix(".json") {
            var text = try String(contentsOfFile: Repository.policies + "/" + name, encoding: .utf8)
            if name == "payment-initiation.json" {
                guard case .object(var policy) = try JSONValue.parse(text), case .array(var rules)? = policy["rules"],
                    let index = rules.firstIndex(where: { $0["id"] == "pisp.payments.create" }), case .object(var rule) = rules[index]
                else { throw HarnessError(description: "pisp.payments.create is not in \(name)") }
                rule["fraud"] = ["hook": "risk-http", "timeout_ms": 10_000, "step_up_at": 50, "deny_at": 80]
                rules[index] = .object(rule)
                policy["rules"] = .array(rules)
                text = JSONValue.object(policy).encodedString(.pretty)
            }
            try directory.write(name, text)
        }
        return directory
    }

    /// A payment of 65.00 asked of this test's hook, sent again (as a client may, with the same
    /// key: nothing was done) while a loaded machine keeps the hook from answering in time.
    static func pay(_ gateway: GatewayFixture, token: String?, consentID: String, key: String) async throws -> HTTPResult {
        var answer = try await PaymentEndToEndTests.pay(gateway, token: token, consentID: consentID, amount: "65.00", key: key)
        for _ in 0..<3 where answer.header("x-lango-reason") == "fraud_unavailable" {
            answer = try await PaymentEndToEndTests.pay(gateway, token: token, consentID: consentID, amount: "65.00", key: key)
        }
        return answer
    }

    @Test func aStepUpTakesTheCustomerThroughStrongAuthenticationAgainBeforeThePayment() async throws {
        try await withService { service, base in
            let policies = try Self.paymentPoliciesWithFraud()
            let gateway = try await GatewayFixture(
                policies: policies.url.path,
                extraConfiguration: #", "fraud_hooks": { "risk-http": { "type": "http", "url": "\#(base)/score" }, "payment-risk": { "type": "rules" } }"#)
            let (secret, _) = try await PaymentEndToEndTests.client(gateway)
            // The hook scores a payment its amount's units: 65 is in the step-up band.
            let (consentID, answer) = try await PaymentEndToEndTests.approved(gateway, secret: secret, amount: "65.00")
            let token = answer["access_token"]?.stringValue
            let clientToken = answer["client_token"]?.stringValue
            let debtor = try #require(answer["offered"]?[0]?.stringValue)

            let stepUp = try await Self.pay(gateway, token: token, consentID: consentID, key: "pay-1")
            #expect(stepUp.status == 403, "\(stepUp.json)")
            #expect(stepUp.header("x-lango-reason") == "fraud_step_up_required")
            #expect(stepUp.errorCode == "UK.OBIE.Reauthenticate")
            let told = try #require(service.hookCalls.withLock { $0.first })
            #expect(told["rule"] == "pisp.payments.create")
            #expect(told["client_id"] == "app_fintech")
            #expect(told["app_id"] == "app_fintech")
            #expect(told["consent_id"] == .string(consentID))
            #expect(told["customer_id"] == "C0001")
            #expect(told["payment"]?["amount"] == ["amount": "65.00", "currency": "KES"])
            #expect(told["payment"]?["creditor"]?["name"] == "Mama Mboga Stores")
            #expect(told["payment"]?["debtor_account"] == .string(debtor), "the account the customer chose, from the consent")
            #expect(told["customer_ip_address"] == "198.51.100.23")

            let still = try await HTTP.send(
                .GET, gateway.baseURL + PaymentEndToEndTests.consentsPath + "/" + consentID, headers: ConsentEndToEndTests.bearer(clientToken))
            #expect(still.json["Data"]?["Status"] == "Authorised", "a payment the fraud check refused consumes nothing")
            let paused = try await PaymentEndToEndTests.pay(gateway, token: token, consentID: consentID, amount: "65.00", key: "pay-1")
            #expect(paused.status == 403 && paused.header("x-lango-reason") == "consent_reauthentication_required", "\(paused.json)")

            // The customer confirms the payment again: login, one-time code, the same account.
            let again = try await ConsentEndToEndTests.journey(
                gateway, secret: secret, consent: ["Data": ["Initiation": PaymentEndToEndTests.initiation(amount: "1.00")], "Risk": [:]],
                select: [0],
                extra: [
                    "scope": "payments", "consent_path": .string(PaymentEndToEndTests.consentsPath), "intent_id": .string(consentID),
                    "headers": ["x-idempotency-key": "another-consent"],
                ])
            #expect(again["error"] == nil, "\(again)")
            #expect(again["decision_text"]?.stringValue?.contains("Confirm this payment again") == true)
            #expect(again["offered"] == [.string(debtor)], "a step-up confirms the account already chosen")
            let confirmed = again["access_token"]?.stringValue

            // The same idempotency key: the refused attempts claimed nothing. The hook still sees
            // the same risk, and the step-up it asks for is now met.
            let made = try await Self.pay(gateway, token: confirmed, consentID: consentID, key: "pay-1")
            #expect(made.status == 201, "\(made.json)")
            #expect(made.header("x-lango-idempotent-replay") == nil, "the refused attempts claimed no key")
            let records = try gateway.decisions().filter { $0["rule"] == "pisp.payments.create" }
            #expect(records.last?["fraud"]?["action"] == "step_up" && records.last?["fraud"]?["step_up_met"] == true, "\(records)")
        }
    }

    @Test func thePolicyToolsKnowTheConfiguredHooks() async throws {
        let directory = try Scratch()
        try directory.write("payments-test.json", Self.policy)
        try directory.write("tests/payments-test.json", Self.fixtures)
        let configurations = try Scratch()
        try configurations.write("both.json", "{ " + Self.configuration("http://127.0.0.1:9").dropFirst(1) + " }")
        try configurations.write("rules-only.json", "{ " + Self.configuration("http://127.0.0.1:9", hooks: ["sandbox-rules"]).dropFirst(1) + " }")

        let check = try await Lango.run(["policy", "check", directory.url.path, "--config", configurations.path("both.json")])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        let missing = try await Lango.run(["policy", "check", directory.url.path, "--config", configurations.path("rules-only.json")])
        #expect(missing.status == 1)
        #expect(missing.standardOutput.contains(#"$.rules[3].fraud.hook: error: unknown fraud hook "risk-http""#), "\(missing.standardOutput)")
        let test = try await Lango.run(["policy", "test", directory.url.path, "--config", configurations.path("both.json")])
        #expect(test.status == 0, "\(test.standardOutput)\(test.standardError)")
        #expect(test.standardOutput.contains("3 passed, 0 failed"))
        let explain = try await Lango.run([
            "policy", "explain", "--policies", directory.url.path, "--config", configurations.path("both.json"), "--request",
            "POST /test/v1/payments", "--customer", "C0001", "--credential",
            #"{"type":"api_key","scopes":["payments"],"app":{"id":"app_x","environment":"sandbox"}}"#, "--fraud", #"{"score": 90}"#,
        ])
        #expect(explain.status == 0, "\(explain.standardError)")
        #expect(explain.standardOutput.contains("[deny] fraud: hook sandbox-rules (timeout 10000 ms, fail closed, step up at 50, deny at 80) scored 90"))
        #expect(explain.standardOutput.contains("=> deny 403 fraud_denied"))
    }
}
