import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LangoGateway
import LangoIdentity
import LangoJSON
import LangoPayments
import LangoPaymentsTesting
import LangoPolicy
import LangoWebhooks
import Testing

/// The admin API on the admin listener: client registrations, secrets, signing keys, webhooks.
@Suite struct AdminAPITests {
    static let token = String(repeating: "t", count: 40)

    static func withAdmin(token: String? = Self.token, _ body: @Sendable (GatewayHarness, any TestClientProtocol) async throws -> Void) async throws {
        let webhooks = WebhookRegistry(store: InMemoryWebhookStore(), vault: WebhookSecretVault(installationSecret: Array(repeating: 7, count: 32)))
        let harness = try await GatewayHarness.make(
            policies: ["test.json": policy()], authorizationServer: true, adminToken: token, webhooks: webhooks)
        _ = try await harness.manager.createApp(id: "app_partner", name: "Partner", environment: .production)
        let application = Application(router: harness.gateway.makeAdminRouter())
        try await application.test(.router) { client in try await body(harness, client) }
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, body: String? = nil, token: String? = Self.token
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers[.contentType] = "application/json"
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    @Test func registersAClientAndIssuesItsSecret() async throws {
        try await Self.withAdmin { _, client in
            let registered = try await Self.send(
                client, .put, "/admin/v1/apps/app_partner/oauth-client",
                body: #"{ "auth": "client_secret", "scopes": ["accounts", "payments"], "grants": ["client_credentials"] }"#)
            #expect(registered.status == .ok)
            #expect(registered.json["client_id"] == "app_partner")
            #expect(registered.json["scopes"] == ["accounts", "payments"])

            let read = try await Self.send(client, .get, "/admin/v1/apps/app_partner/oauth-client")
            #expect(read.json == registered.json)

            let secret = try await Self.send(client, .post, "/admin/v1/apps/app_partner/oauth-client/secrets", body: #"{ "overlap_s": 0 }"#)
            #expect(secret.status == .created)
            #expect(secret.header("Cache-Control") == "no-store")
            let issued = try #require(secret.json["client_secret"]?.stringValue)
            #expect(issued.hasPrefix("lango_cs_"))
        }
    }

    @Test func refusesBadRegistrationsWithTheReason() async throws {
        try await Self.withAdmin { _, client in
            let cases: [(String, String)] = [
                ("[]", "the body must be a JSON object"),
                ("{", "the body is not JSON"),
                (#"{ "auth": "password" }"#, "auth must be client_secret or private_key_jwt"),
                (#"{ "auth": "client_secret", "scopes": ["accounts"], "grants": ["implicit"] }"#, #"unknown grant "implicit""#),
                (#"{ "auth": "client_secret", "scopes": ["acounts"] }"#, #"unknown scope "acounts""#),
                (#"{ "auth": "client_secret", "scopes": ["accounts"], "colour": "red" }"#, #"unknown field "colour""#),
                (#"{ "auth": "private_key_jwt", "scopes": ["accounts"] }"#, "private_key_jwt needs the client's JWK set"),
            ]
            for (body, message) in cases {
                let response = try await Self.send(client, .put, "/admin/v1/apps/app_partner/oauth-client", body: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.json["message"]?.stringValue?.hasPrefix(message) == true, "\(body): \(response.json)")
            }
            let unknown = try await Self.send(client, .get, "/admin/v1/apps/app_partner/oauth-client")
            #expect(unknown.status == .notFound)
        }
    }

    @Test func registersAndLooksAfterWebhookEndpoints() async throws {
        try await Self.withAdmin { _, client in
            let created = try await Self.send(
                client, .post, "/admin/v1/apps/app_partner/webhooks",
                body: #"{ "url": "https://hooks.example.com/lango", "events": ["payment.completed", "payment.failed"] }"#)
            #expect(created.status == .created, "\(created.json)")
            #expect(created.header("Cache-Control") == "no-store")
            #expect(created.json["secret"]?.stringValue?.hasPrefix("whsec_") == true)
            #expect(created.json["events"] == ["payment.completed", "payment.failed"] && created.json["status"] == "enabled")
            let id = try #require(created.json["id"]?.stringValue)

            let listed = try await Self.send(client, .get, "/admin/v1/apps/app_partner/webhooks")
            #expect(listed.json["endpoints"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
            #expect(listed.json["endpoints"]?[0]?["secret"] == nil, "a secret is shown once, at creation")

            let rotated = try await Self.send(client, .post, "/admin/v1/webhooks/\(id)/secrets", body: #"{ "overlap_s": 3600 }"#)
            #expect(rotated.status == .created)
            #expect(rotated.json["secret"]?.stringValue?.hasPrefix("whsec_") == true && rotated.json["secret"] != created.json["secret"])
            let disabled = try await Self.send(client, .post, "/admin/v1/webhooks/\(id)/disable")
            #expect(disabled.json["status"] == "disabled" && disabled.json["disabled_reason"] != nil)
            let enabled = try await Self.send(client, .post, "/admin/v1/webhooks/\(id)/enable")
            #expect(enabled.json["status"] == "enabled")
            let dead = try await Self.send(client, .get, "/admin/v1/apps/app_partner/webhook-dead-letters")
            #expect(dead.status == .ok && dead.json["messages"] == [])

            let refusals: [(String, String, HTTPResponse.Status, String)] = [
                ("/admin/v1/apps/app_partner/webhooks", #"{ "url": "http://hooks.example.com/x", "events": ["payment.completed"] }"#, .badRequest, "https"),
                ("/admin/v1/apps/app_partner/webhooks", #"{ "url": "https://10.0.0.5/x", "events": ["payment.completed"] }"#, .badRequest, "private"),
                ("/admin/v1/apps/app_partner/webhooks", #"{ "url": "https://hooks.example.com/x", "events": ["payment.done"] }"#, .badRequest, #"unknown event type "payment.done""#),
                ("/admin/v1/apps/app_partner/webhooks", #"{ "url": "https://hooks.example.com/x", "events": [] }"#, .badRequest, "name at least one event type"),
                ("/admin/v1/apps/app_nobody/webhooks", #"{ "url": "https://hooks.example.com/x", "events": ["payment.completed"] }"#, .notFound, "no app app_nobody"),
                ("/admin/v1/webhooks/whep_unknown/disable", "", .notFound, "no "),
                ("/admin/v1/webhook-messages/whmsg_unknown/replay", "", .notFound, "no "),
            ]
            for (path, body, status, message) in refusals {
                let response = try await Self.send(client, .post, path, body: body.isEmpty ? nil : body)
                #expect(response.status == status, "\(path) \(body): \(response.json)")
                #expect(response.json["message"]?.stringValue?.contains(message) == true, "\(path) \(body): \(response.json)")
            }
        }
    }

    /// A payment of `app_partner`'s whose booking started two minutes ago and was never confirmed.
    static func paymentLeftInProcess(_ harness: GatewayHarness) async throws -> DomesticPayment {
        let started = Date().addingTimeInterval(-120)
        let payment = try SamplePayments.domestic(
            amount: "12.50", customerID: "C0001", debtorAccountID: "C0001-KES-1", clientID: "app_partner", appID: "app_partner", sandbox: false,
            at: started)
        try await harness.payments.create([payment])
        let booking = payment.startingSettlement(at: started)
        #expect(try await harness.payments.update(booking, expectedVersion: payment.version))
        return booking
    }

    @Test func recordsTheBanksReconciliationOfAPaymentOwingTheAppItsEvents() async throws {
        try await Self.withAdmin { harness, client in
            let booked = try await Self.paymentLeftInProcess(harness)
            let rejected = try await Self.paymentLeftInProcess(harness)
            let completed = try await Self.send(
                client, .post, "/admin/v1/payments/\(booked.id)/reconciliation", body: #"{ "outcome": "booked", "transaction_id": "tx-core-991" }"#)
            #expect(completed.status == .ok, "\(completed.json)")
            #expect(completed.json["status"] == "AcceptedSettlementCompleted" && completed.json["transaction_id"] == "tx-core-991")
            #expect(completed.json["reconciled_at"]?.stringValue != nil)
            let failed = try await Self.send(
                client, .post, "/admin/v1/payments/\(rejected.id)/reconciliation",
                body: #"{ "outcome": "not_booked", "reason": "the core shows no debit" }"#)
            #expect(failed.json["status"] == "Rejected" && failed.json["rejection_reason"] == "the core shows no debit")
            #expect(try await harness.payments.payment(id: booked.id)?.transactionID == "tx-core-991")

            // Both outcomes now owe the app their events, which the gateway's payment pass writes.
            #expect(try await harness.payments.payment(id: booked.id)?.announcement != nil)
            #expect(try await harness.payments.payment(id: rejected.id)?.announcement != nil)

            let refusals: [(String, String, HTTPResponse.Status, String)] = [
                (booked.id, #"{ "outcome": "not_booked", "reason": "again" }"#, .conflict, "is AcceptedSettlementCompleted"),
                ("dp-unknown", #"{ "outcome": "booked", "transaction_id": "tx-1" }"#, .notFound, "no payment dp-unknown"),
                (booked.id, #"{ "outcome": "booked" }"#, .badRequest, "the body must be"),
                (booked.id, #"{ "outcome": "booked", "transaction_id": "tx-1", "reason": "both" }"#, .badRequest, "the body must be"),
            ]
            for (id, body, status, message) in refusals {
                let response = try await Self.send(client, .post, "/admin/v1/payments/\(id)/reconciliation", body: body)
                #expect(response.status == status, "\(body): \(response.json)")
                #expect(response.json["message"]?.stringValue?.contains(message) == true, "\(body): \(response.json)")
            }
            let fresh = try await Self.paymentLeftInProcess(harness)
            let empty = try await Self.send(
                client, .post, "/admin/v1/payments/\(fresh.id)/reconciliation", body: #"{ "outcome": "booked", "transaction_id": " " }"#)
            #expect(empty.status == .badRequest && empty.json["message"]?.stringValue?.contains("the transaction id must be") == true)
        }
    }

    @Test func rotatesSigningKeys() async throws {
        try await Self.withAdmin { _, client in
            let rotated = try await Self.send(client, .post, "/admin/v1/signing-keys/rotate")
            #expect(rotated.status == .created)
            #expect(rotated.json["algorithm"] == "ES256")
            #expect(rotated.json["kid"]?.stringValue?.count == 43)
        }
    }

    @Test func needsTheAdminToken() async throws {
        try await Self.withAdmin { _, client in
            for token in [nil, "wrong", Self.token + "x"] {
                let response = try await Self.send(client, .get, "/admin/v1/apps/app_partner/oauth-client", token: token)
                #expect(response.status == .unauthorized)
                #expect(response.header("WWW-Authenticate") == #"Bearer realm="lango-admin""#)
            }
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .ok)
        }
        try await Self.withAdmin(token: nil) { _, client in
            let response = try await Self.send(client, .post, "/admin/v1/signing-keys/rotate")
            #expect(response.status == .serviceUnavailable)
            #expect(response.json["message"]?.stringValue?.contains("LANGO_ADMIN_TOKEN") == true)
        }
    }
}
