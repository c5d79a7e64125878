import Foundation
import LangoWebhooks
import Synchronization
import Testing

/// The dispatcher over the in-memory outbox, a scripted transport and a clock moved by hand.
@Suite struct WebhookDispatcherTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let vault = WebhookSecretVault(installationSecret: Array(repeating: 3, count: 32))

    /// Answers each request with the next scripted result (then the last one again), keeping what it was sent.
    final class ScriptedTransport: WebhookTransport {
        let script: Mutex<[DeliveryAttemptResult]>
        let sent = Mutex<[WebhookRequest]>([])

        init(_ script: [DeliveryAttemptResult]) { self.script = Mutex(script) }

        func post(_ request: WebhookRequest) async -> DeliveryAttemptResult {
            sent.withLock { $0.append(request) }
            return script.withLock { script in script.count > 1 ? script.removeFirst() : script[0] }
        }
    }

    final class Clock: Sendable {
        let now = Mutex(WebhookDispatcherTests.start)
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
        func set(_ date: Date) { now.withLock { $0 = date } }
    }

    struct Setup {
        let store = InMemoryWebhookStore()
        let clock = Clock()
        let secret = WebhookSecret.generate()
        let previous = WebhookSecret.generate()
        let transport: ScriptedTransport
        let dispatcher: WebhookDispatcher
        let endpoint: WebhookEndpoint

        init(_ script: [DeliveryAttemptResult], production: Bool = true) async throws {
            transport = ScriptedTransport(script)
            let id = WebhookEndpoint.newID()
            endpoint = WebhookEndpoint(
                id: id, appID: "app_a", url: "https://a.example/hooks", eventTypes: [.transactionPosted],
                secrets: [
                    .init(sealed: try WebhookDispatcherTests.vault.seal(secret, endpointID: id), createdAt: WebhookDispatcherTests.start),
                    .init(
                        sealed: try WebhookDispatcherTests.vault.seal(previous, endpointID: id), createdAt: WebhookDispatcherTests.start,
                        retiresAt: WebhookDispatcherTests.start.addingTimeInterval(600)),
                ],
                createdAt: WebhookDispatcherTests.start)
            try await store.save(endpoint)
            dispatcher = WebhookDispatcher(
                store: store, transport: transport, vault: WebhookDispatcherTests.vault, isProduction: { _ in production },
                clock: clock.read, random: { 0.5 })
        }

        func enqueue(_ body: String) async throws -> WebhookMessage {
            let message = WebhookMessage.new(
                endpoint: endpoint, eventType: .transactionPosted, event: UUID().uuidString, body: Array(body.utf8), at: clock.read())
            try await store.enqueue([message])
            return message
        }
    }

    @Test func aDeliveryIsSignedWithEverySecretInForce() async throws {
        let setup = try await Setup([.answered(status: 204, retryAfter: nil)])
        let message = try await setup.enqueue(#"{"type":"transaction.posted"}"#)
        #expect(try await setup.dispatcher.deliverDue() == 1)
        let request = try #require(setup.transport.sent.withLock { $0.first })
        #expect(request.url == "https://a.example/hooks" && request.production)
        let headers = Dictionary(uniqueKeysWithValues: request.headers.map { ($0[0], $0[1]) })
        #expect(headers["content-type"] == "application/json")
        #expect(headers["webhook-id"] == message.id)
        for secret in [setup.secret, setup.previous] {
            try WebhookSignature.verify(
                id: message.id, timestamp: headers["webhook-timestamp"] ?? "", signatures: headers["webhook-signature"] ?? "",
                body: request.body, secret: secret, now: Self.start)
        }
        #expect(try await setup.store.message(id: message.id)?.state == .delivered)
        #expect(try await setup.dispatcher.deliverDue() == 0, "nothing is due any more")

        // Once the previous secret retires, only the current one signs.
        setup.clock.set(Self.start.addingTimeInterval(600))
        _ = try await setup.enqueue("{}")
        try await setup.dispatcher.deliverDue()
        let later = try #require(setup.transport.sent.withLock { $0.last })
        #expect(later.headers.first { $0[0] == "webhook-signature" }?[1].split(separator: " ").count == 1)
    }

    @Test func failuresAreRetriedOnScheduleUntilDeadLettered() async throws {
        let setup = try await Setup([.failed("connection refused")])
        let message = try await setup.enqueue("{}")
        var attempts = 0
        while let stored = try await setup.store.message(id: message.id), stored.state == .pending {
            setup.clock.set(stored.nextAttemptAt)
            #expect(try await setup.dispatcher.deliverDue() == 1)
            attempts += 1
            #expect(attempts <= DeliverySchedule.standard.attempts)
        }
        let final = try #require(try await setup.store.message(id: message.id))
        #expect(final.state == .deadLettered)
        #expect(final.attempts == DeliverySchedule.standard.attempts)
        #expect(final.lastError == "connection refused")
        #expect(setup.transport.sent.withLock { Set($0.compactMap { $0.headers.first { $0[0] == "webhook-id" }?[1] }) } == [message.id])
        let span = setup.clock.read().timeIntervalSince(Self.start)
        #expect((2.5 * 86_400...3.5 * 86_400).contains(span), "\(span / 86_400) days of retries")
        #expect(try await setup.store.messages(appID: "app_a", state: .deadLettered, limit: 10).map(\.id) == [message.id])

        // A replay sends it again, under the same webhook-id.
        try await setup.store.update(final.replayed(at: setup.clock.read()))
        #expect(try await setup.dispatcher.deliverDue() == 1)
        #expect(setup.transport.sent.withLock { $0.count } == DeliverySchedule.standard.attempts + 1)
        #expect(setup.transport.sent.withLock { $0.last?.headers.first { $0[0] == "webhook-id" }?[1] } == message.id)
    }

    @Test func goneDisablesTheEndpointAndItsOtherMessagesAreDropped() async throws {
        let setup = try await Setup([.answered(status: 410, retryAfter: nil), .answered(status: 204, retryAfter: nil)])
        let first = try await setup.enqueue("{\"n\":1}")
        try await setup.dispatcher.deliverDue()
        #expect(try await setup.store.message(id: first.id)?.state == .dropped)
        guard case .disabled(let reason, _)? = try await setup.store.endpoint(id: setup.endpoint.id)?.status else {
            Issue.record("the endpoint should be disabled")
            return
        }
        #expect(reason.contains("410"))
        let second = try await setup.enqueue("{\"n\":2}")
        try await setup.dispatcher.deliverDue()
        #expect(try await setup.store.message(id: second.id)?.state == .dropped)
        #expect(setup.transport.sent.withLock { $0.count } == 1, "nothing more was sent to it")
    }

    @Test func aSecretThatCannotBeOpenedSendsNothingAndCountsAsAFailedAttempt() async throws {
        let setup = try await Setup([.answered(status: 204, retryAfter: nil)])
        let message = try await setup.enqueue("{}")
        let stranger = WebhookDispatcher(
            store: setup.store, transport: setup.transport, vault: WebhookSecretVault(installationSecret: Array(repeating: 9, count: 32)),
            isProduction: { _ in true }, clock: setup.clock.read, random: { 0.5 })
        #expect(try await stranger.deliverDue() == 1)
        #expect(setup.transport.sent.withLock { $0.isEmpty }, "nothing unsigned went out")
        let stored = try #require(try await setup.store.message(id: message.id))
        #expect(stored.state == .pending && stored.attempts == 1)
        #expect(stored.lastError?.contains("signing secret") == true)
    }

    @Test func retryAfterPutsTheNextAttemptLater() async throws {
        let setup = try await Setup([.answered(status: 503, retryAfter: "600"), .answered(status: 200, retryAfter: nil)])
        let message = try await setup.enqueue("{}")
        try await setup.dispatcher.deliverDue()
        let waiting = try #require(try await setup.store.message(id: message.id))
        #expect(waiting.nextAttemptAt == Self.start.addingTimeInterval(600))
        setup.clock.set(Self.start.addingTimeInterval(599))
        #expect(try await setup.dispatcher.deliverDue() == 0)
        setup.clock.set(Self.start.addingTimeInterval(600))
        #expect(try await setup.dispatcher.deliverDue() == 1)
        #expect(try await setup.store.message(id: message.id)?.state == .delivered)
    }
}
