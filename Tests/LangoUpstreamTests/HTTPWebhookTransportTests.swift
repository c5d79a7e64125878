import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import LangoJSON
import LangoScriptTesting
import LangoUpstream
import LangoWebhooks
import Synchronization
import Testing

/// Webhook requests over a real socket to a receiver, checked with the reference library.
@Suite struct HTTPWebhookTransportTests {
    final class Receiver: Sendable {
        let requests = Mutex<[ReceivedRequest]>([])
    }

    /// A refused connection fails the attempt at once; redirects are allowed here, so only the
    /// transport can be what refuses to follow them.
    static let configuration: HTTPClient.Configuration = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }()

    /// A receiver answering `/hook` 204, `/gone` 410, `/busy` 503 with `Retry-After: 120`, `/moved` 302.
    func withReceiver(_ body: @Sendable (Receiver, String) async throws -> Void) async throws {
        let receiver = Receiver()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let received = try await ReceivedRequest(request)
            receiver.requests.withLock { $0.append(received) }
            return Response(status: .noContent)
        }
        router.post("/gone") { _, _ in Response(status: .gone) }
        router.post("/busy") { _, _ in Response(status: .serviceUnavailable, headers: [.retryAfter: "120"]) }
        router.post("/moved") { _, _ in Response(status: .found, headers: [.location: "/hook"]) }
        try await Application(router: router).test(.live) { client in
            try await body(receiver, "http://127.0.0.1:\(client.port!)")
        }
    }

    static func request(_ url: String, body: String, secret: WebhookSecret, production: Bool = false) -> WebhookRequest {
        let headers = [["content-type", "application/json"]]
            + WebhookSignature.headers(id: "msg_test1", timestamp: Date(), body: Array(body.utf8), secrets: [secret]).map { [$0.0, $0.1] }
        return WebhookRequest(url: url, headers: headers, body: Array(body.utf8), production: production)
    }

    @Test func theReceiverGetsASignatureTheReferenceLibraryAccepts() async throws {
        try await withReceiver { receiver, base in
            let secret = WebhookSecret.generate()
            let body = #"{"type":"transaction.posted","data":{"amount":"12.50"}}"#
            let result = await HTTPWebhookTransport(configuration: Self.configuration, timeout: patientTimeout).post(Self.request(base + "/hook", body: body, secret: secret))
            #expect(result == .answered(status: 204, retryAfter: nil))
            let received = try #require(receiver.requests.withLock { $0.first })
            #expect(String(decoding: received.body, as: UTF8.self) == body)
            #expect(received.headers["webhook-id"] == "msg_test1")
            let headers = JSONValue.object(JSONObject(received.headers.map { ($0.key, JSONValue.string($0.value)) }))
            let check: JSONValue = ["cases": [["op": "verify", "secret": .string(secret.encoded), "headers": headers, "body": .string(body)]]]
            let outcome = try await RepositoryScript.runPython("standard-webhooks.py", input: Data(check.encodedString(.compact).utf8))
            #expect(try JSONValue.parse(outcome.output)["answers"]?[0]?["verified"] == true, "\(outcome.output) \(outcome.errors)")
        }
    }

    @Test func answersAreReportedAndRedirectsNotFollowed() async throws {
        try await withReceiver { receiver, base in
            let transport = HTTPWebhookTransport(configuration: Self.configuration, timeout: patientTimeout)
            let secret = WebhookSecret.generate()
            #expect(await transport.post(Self.request(base + "/gone", body: "{}", secret: secret)) == .answered(status: 410, retryAfter: nil))
            #expect(await transport.post(Self.request(base + "/busy", body: "{}", secret: secret)) == .answered(status: 503, retryAfter: "120"))
            #expect(await transport.post(Self.request(base + "/moved", body: "{}", secret: secret)) == .answered(status: 302, retryAfter: nil))
            #expect(receiver.requests.withLock { $0.isEmpty }, "the redirect was not followed")
            guard case .failed = await transport.post(Self.request("http://127.0.0.1:9/hook", body: "{}", secret: secret)) else {
                Issue.record("a refused connection is a failed attempt")
                return
            }
        }
    }

    @Test func productionEndpointsMustBeHTTPSAndPublic() async throws {
        try await withReceiver { receiver, base in
            let secret = WebhookSecret.generate()
            let resolver: @Sendable (String) async throws -> [String] = { host in
                ["private.partner.test": ["10.1.2.3"], "metadata.partner.test": ["93.184.216.34", "169.254.169.254"]][host] ?? []
            }
            let transport = HTTPWebhookTransport(configuration: Self.configuration, timeout: patientTimeout, resolve: resolver)
            for (url, reason) in [
                (base + "/hook", "https"), (base.replacingOccurrences(of: "http:", with: "https:") + "/hook", "loopback"),
                ("https://private.partner.test/hook", "private"), ("https://metadata.partner.test/hook", "metadata"),
                ("https://nowhere.partner.test/hook", "no address"), ("ftp://files.partner.test/", "http or https"),
            ] {
                let result = await transport.post(Self.request(url, body: "{}", secret: secret, production: true))
                guard case .failed(let message) = result else {
                    Issue.record("\(url) should be refused, got \(result)")
                    continue
                }
                #expect(message.contains(reason), "\(url): \(message)")
            }
            #expect(receiver.requests.withLock { $0.isEmpty }, "nothing reached the loopback receiver")
            // A sandbox app may use its own machine.
            #expect(await transport.post(Self.request(base + "/hook", body: "{}", secret: secret)) == .answered(status: 204, retryAfter: nil))
        }
    }

    /// The attempt connects to the address the transport resolved and checked; the client never
    /// looks the name up again. `.test` names resolve nowhere else, so only a pinned connection
    /// can reach the receiver, and a resolver whose answer changes after the check is asked once.
    @Test func anAttemptConnectsToTheAddressItChecked() async throws {
        try await withReceiver { receiver, base in
            let port = try #require(base.split(separator: ":").last)
            let lookups = Mutex<[String]>([])
            let rebinding: @Sendable (String) async throws -> [String] = { host in
                let count = lookups.withLock {
                    $0.append(host)
                    return $0.count
                }
                return count == 1 ? ["::1", "127.0.0.1"] : ["10.9.9.9"]
            }
            let transport = HTTPWebhookTransport(configuration: Self.configuration, timeout: patientTimeout, resolve: rebinding)
            let url = "http://hooks.partner.test:\(port)/hook"
            let result = await transport.post(Self.request(url, body: "{}", secret: WebhookSecret.generate()))
            #expect(result == .answered(status: 204, retryAfter: nil))
            #expect(lookups.withLock { $0 } == ["hooks.partner.test"], "one lookup per attempt")
            let received = try #require(receiver.requests.withLock { $0.first })
            #expect(received.authority == "hooks.partner.test:\(port)", "the request still names the host")

            // The next attempt looks again, and a production app's is refused on the new answer.
            let refused = await transport.post(Self.request(url.replacingOccurrences(of: "http:", with: "https:"), body: "{}", secret: WebhookSecret.generate(), production: true))
            #expect(refused == .failed("refused: hooks.partner.test resolves to 10.9.9.9, a private address"))
        }
    }

    /// An address that fails moves the attempt on to the host's next checked address, within
    /// the attempt's one deadline; when every address fails, the failure names each.
    @Test func anAttemptTriesTheNextAddressWhenOneFails() async throws {
        try await withReceiver { receiver, base in
            let port = try #require(base.split(separator: ":").last)
            // Nothing listens on 127.0.0.2; the receiver does on 127.0.0.1. IPv6 comes last.
            let resolver: @Sendable (String) async throws -> [String] = { _ in ["::1", "127.0.0.2", "127.0.0.1", "127.0.0.2"] }
            let transport = HTTPWebhookTransport(configuration: Self.configuration, timeout: patientTimeout, resolve: resolver)
            let result = await transport.post(Self.request("http://hooks.partner.test:\(port)/hook", body: "{}", secret: WebhookSecret.generate()))
            #expect(result == .answered(status: 204, retryAfter: nil))
            #expect(receiver.requests.withLock { $0.count } == 1)

            let dead: @Sendable (String) async throws -> [String] = { _ in ["127.0.0.2", "127.0.0.3"] }
            let failing = HTTPWebhookTransport(configuration: Self.configuration, timeout: patientTimeout, resolve: dead)
            guard case .failed(let reason) = await failing.post(Self.request("http://hooks.partner.test:\(port)/hook", body: "{}", secret: WebhookSecret.generate()))
            else {
                Issue.record("an attempt with no live address succeeded")
                return
            }
            #expect(reason.hasPrefix("127.0.0.2: ") && reason.contains("; 127.0.0.3: "), "\(reason)")
        }
    }

    @Test func theSystemResolverFindsLocalhost() async throws {
        let addresses = try await HTTPWebhookTransport.systemAddresses("localhost")
        #expect(addresses.contains("127.0.0.1") || addresses.contains("::1"), "\(addresses)")
    }
}
