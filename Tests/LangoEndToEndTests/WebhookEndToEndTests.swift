import Foundation
import Hummingbird
import HummingbirdTesting
import LangoJSON
import LangoScriptTesting
import Synchronization
import Testing

/// Webhooks from the real binary to a receiver in this test: registered with the CLI, sent
/// when a customer withdraws a consent, signed so the reference library accepts them, kept
/// across a restart until delivered, and an endpoint answering 410 disabled.
@Suite struct WebhookEndToEndTests {
    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: String
        var answered: Int
    }

    /// Records every request; `/hook` answers the statuses in `script` in turn (then the last one), `/gone` 410.
    final class Receiver: Sendable {
        let requests = Mutex<[Received]>([])
        let script: Mutex<[Int]>

        init(script: [Int]) { self.script = Mutex(script) }

        func next() -> Int { script.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] } }
    }

    func withReceiver(script: [Int], _ body: @Sendable (Receiver, String) async throws -> Void) async throws {
        let receiver = Receiver(script: script)
        let router = Router()
        for path in ["/hook", "/gone"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let bytes = try await request.body.collect(upTo: 65_536)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                let status = path == "/gone" ? 410 : receiver.next()
                receiver.requests.withLock {
                    $0.append(Received(path: path, headers: headers, body: String(decoding: bytes.readableBytesView, as: UTF8.self), answered: status))
                }
                return Response(status: HTTPResponse.Status(code: status))
            }
        }
        try await Application(router: router).test(.live) { client in
            try await body(receiver, "http://127.0.0.1:\(client.port!)")
        }
    }

    /// Registers an endpoint with the CLI; returns its id and secret.
    static func register(_ gateway: GatewayFixture, url: String, events: [String]) async throws -> (id: String, secret: String) {
        let output = try await OAuthEndToEndTests.lango(
            ["webhooks", "create", "--app", "app_fintech", "--url", url] + events.flatMap { ["--event", $0] }, gateway)
        let id = try #require(output.split(separator: " ").dropFirst().first.map(String.init))
        let secret = try #require(output.split(separator: "\n").last?.split(separator: " ").last.map(String.init))
        return (id, secret)
    }

    /// Waits (up to a minute) until `done` holds for what the receiver got; no timing is asserted.
    static func waitFor(_ receiver: Receiver, _ done: ([Received]) -> Bool) async throws -> [Received] {
        for _ in 0..<600 {
            let received = receiver.requests.withLock { $0 }
            if done(received) { return received }
            try await Task.sleep(for: .milliseconds(100))
        }
        return receiver.requests.withLock { $0 }
    }

    @Test func aWithdrawnConsentIsToldToTheAppOnceEvenAcrossARestart() async throws {
        // The first attempt fails (503): the message waits in the outbox for its retry, across the restart.
        try await withReceiver(script: [503, 204]) { receiver, base in
            let gateway = try await GatewayFixture()
            let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: ConsentEndToEndTests.redirect, extraGrants: ["client_credentials"])
            let endpoint = try await Self.register(gateway, url: base + "/hook", events: ["consent.revoked"])
            #expect(endpoint.secret.hasPrefix("whsec_"))
            let answer = try await ConsentEndToEndTests.journey(gateway, secret: secret, consent: ConsentEndToEndTests.consentBody(["ReadAccountsBasic"]), select: [0])
            let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue, "\(answer)")
            let withdrawn = try await OAuthEndToEndTests.authlib([
                "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
                "withdraw": .string(consentID),
            ])
            #expect(withdrawn["withdrawn_status"] == 200)

            let firstAttempt = try await Self.waitFor(receiver) { !$0.isEmpty }
            #expect(firstAttempt.first?.answered == 503)
            await gateway.stop()
            let restarted = try await GatewayFixture(dataDirectory: gateway.dataDirectory)
            let received = try await Self.waitFor(receiver) { $0.contains { $0.answered == 204 } }
            _ = restarted

            let delivered = received.filter { $0.answered == 204 }
            #expect(delivered.count == 1, "delivered once: \(received.map(\.answered))")
            let ids = Set(received.map { $0.headers["webhook-id"] ?? "" })
            #expect(ids.count == 1 && ids.first?.hasPrefix("msg_") == true, "one webhook-id across every attempt: \(ids)")
            let message = try #require(delivered.first)
            let event = try JSONValue.parse(Array(message.body.utf8))
            #expect(event["type"] == "consent.revoked")
            #expect(event["data"]?["ConsentId"] == .string(consentID))
            #expect(event["data"]?["Status"] == "Revoked")

            // The reference library accepts the signature, with the secret the CLI showed.
            let headers = JSONValue.object(JSONObject(message.headers.map { ($0.key, JSONValue.string($0.value)) }))
            let check: JSONValue = ["cases": [["op": "verify", "secret": .string(endpoint.secret), "headers": headers, "body": .string(message.body)]]]
            let outcome = try await RepositoryScript.runPython("standard-webhooks.py", input: Data(check.encodedString(.compact).utf8))
            #expect(try JSONValue.parse(outcome.output)["answers"]?[0]?["verified"] == true, "\(outcome.output) \(outcome.errors)")
        }
    }

    @Test func anEndpointAnsweringGoneIsDisabled() async throws {
        try await withReceiver(script: [204]) { receiver, base in
            let gateway = try await GatewayFixture()
            let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: ConsentEndToEndTests.redirect, extraGrants: ["client_credentials"])
            let gone = try await Self.register(gateway, url: base + "/gone", events: ["consent.revoked"])
            let answer = try await ConsentEndToEndTests.journey(gateway, secret: secret, consent: ConsentEndToEndTests.consentBody(["ReadAccountsBasic"]), select: [0])
            let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue)
            _ = try await OAuthEndToEndTests.authlib([
                "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
                "withdraw": .string(consentID),
            ])
            _ = try await Self.waitFor(receiver) { $0.contains { $0.path == "/gone" } }
            var listed = ""
            for _ in 0..<100 {
                listed = try await OAuthEndToEndTests.lango(["webhooks", "list", "--app", "app_fintech"], gateway)
                if listed.contains("disabled") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(listed.contains(gone.id) && listed.contains("disabled: the endpoint answered 410 Gone"), "\(listed)")
            let dropped = try await OAuthEndToEndTests.lango(["webhooks", "dead-letters", "--app", "app_fintech"], gateway)
            #expect(dropped.contains("dropped") && dropped.contains("consent.revoked"), "\(dropped)")
            #expect(receiver.requests.withLock { $0.count } == 1, "nothing more was sent after the 410")
        }
    }

    @Test func aPaymentTellsItsAppItCompletedWhatWasPostedAndThatTheBalanceIsLow() async throws {
        // (balance.low goes to apps that may read the account's balances: here the same app.)
        try await withReceiver(script: [204]) { receiver, base in
            let gateway = try await GatewayFixture()
            let (secret, key) = try await PaymentEndToEndTests.client(gateway)
            let endpoint = try await Self.register(
                gateway, url: base + "/hook", events: ["payment.completed", "payment.failed", "transaction.posted", "balance.low"])
            // The app also reads the account's balances under an account-access consent, so it
            // is told when the balance runs low.
            let access = try await ConsentEndToEndTests.journey(
                gateway, secret: secret, consent: ConsentEndToEndTests.consentBody(["ReadAccountsBasic", "ReadBalances"]), select: [0])
            #expect(access["offered"]?[0] == "C0001-KES-1" && access["access_token"] != nil, "\(access)")
            // Paying all but 1.00 takes the balance below the default KES threshold (1000.00).
            let account = "C0001-KES-1"
            let balance = try #require(try await PaymentEndToEndTests.balance(gateway, key: key, account: account))
            let amount = try #require(Double(balance).map { String(format: "%.2f", $0 - 1) })
            let (consentID, answer) = try await PaymentEndToEndTests.approved(gateway, secret: secret, amount: amount)
            #expect((answer["offered"]?.arrayValue ?? []).first == .string(account))
            let made = try await PaymentEndToEndTests.pay(
                gateway, token: answer["access_token"]?.stringValue, consentID: consentID, amount: amount, key: "pay-hooks")
            let paymentID = try #require(made.json["Data"]?["DomesticPaymentId"]?.stringValue, "\(made.json)")

            let received = try await Self.waitFor(receiver) { $0.count >= 3 }
            let events = try received.map { try JSONValue.parse(Array($0.body.utf8)) }
            #expect(Set(events.compactMap { $0["type"]?.stringValue }) == ["payment.completed", "transaction.posted", "balance.low"], "\(events)")
            let completed = events.first { $0["type"] == "payment.completed" }
            #expect(completed?["data"]?["DomesticPaymentId"] == .string(paymentID) && completed?["data"]?["Status"] == "AcceptedSettlementCompleted")
            let posted = events.first { $0["type"] == "transaction.posted" }
            #expect(posted?["data"]?["AccountId"] == .string(account) && posted?["data"]?["Balance"] == nil, "no balance to a payments app")
            let low = events.first { $0["type"] == "balance.low" }
            #expect(low?["data"]?["Threshold"]?["Amount"] == "1000.00" && low?["data"]?["Balance"]?["Amount"] == "1.00")

            let cases = received.map { message -> JSONValue in
                let headers = JSONValue.object(JSONObject(message.headers.map { ($0.key, JSONValue.string($0.value)) }))
                return ["op": "verify", "secret": .string(endpoint.secret), "headers": headers, "body": .string(message.body)]
            }
            let check: JSONValue = ["cases": .array(cases)]
            let outcome = try await RepositoryScript.runPython("standard-webhooks.py", input: Data(check.encodedString(.compact).utf8))
            let verified = try JSONValue.parse(outcome.output)["answers"]?.arrayValue?.map { $0["verified"] }
            #expect(verified == Array(repeating: true, count: received.count), "\(outcome.output) \(outcome.errors)")
        }
    }
}
