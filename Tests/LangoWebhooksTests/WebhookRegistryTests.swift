import Foundation
import LangoJSON
import LangoWebhooks
import Synchronization
import Testing

struct WebhookRegistryTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let store = InMemoryWebhookStore()
    let vault = WebhookSecretVault(installationSecret: Array(repeating: 5, count: 32))
    final class Clock: Sendable {
        let now = Mutex(WebhookRegistryTests.start)
    }

    let clock = Clock()
    var registry: WebhookRegistry { WebhookRegistry(store: store, vault: vault, clock: { [clock] in clock.now.withLock { $0 } }) }

    @Test func registeringShowsTheSecretOnceAndKeepsItSealed() async throws {
        let (endpoint, secret) = try await registry.register(
            appID: "app_a", url: "https://a.example/hooks", eventTypes: [.consentRevoked, .transactionPosted], production: true)
        #expect(endpoint.eventTypes == [.transactionPosted, .consentRevoked])
        let stored = try #require(try await store.endpoint(id: endpoint.id))
        #expect(stored.secrets.count == 1)
        #expect(try vault.open(stored.secrets[0].sealed, endpointID: endpoint.id) == secret)
        #expect(!stored.secrets[0].sealed.starts(with: secret.key), "only the sealed secret is stored")
    }

    @Test(arguments: [
        ("http://a.example/hooks", true, "https"), ("https://10.0.0.8/hooks", true, "private"), ("https://127.0.0.1/", true, "loopback"),
        ("https://[::1]/", true, "loopback"), ("https://169.254.169.254/latest", true, "metadata"), ("ftp://a.example/", false, "http or https"),
        ("https://user:pass@a.example/", false, "credentials"), ("/relative", false, "absolute"),
    ])
    func refusesURLsThatMayNotReceive(url: String, production: Bool, reason: String) async throws {
        let error = await #expect(throws: WebhookError.self) {
            try await registry.register(appID: "app_a", url: url, eventTypes: [.transactionPosted], production: production)
        }
        #expect(error?.description.contains(reason) == true, "\(url): \(error.map { "\($0)" } ?? "")")
        #expect(try await store.endpoints(appID: "app_a").isEmpty, "nothing was stored")
    }

    @Test func sandboxAppsMayUseTheirOwnMachine() async throws {
        let (endpoint, _) = try await registry.register(appID: "app_a", url: "http://127.0.0.1:8000/hooks", eventTypes: [.balanceLow], production: false)
        #expect(endpoint.url == "http://127.0.0.1:8000/hooks")
        await #expect(throws: WebhookError.self) {
            try await registry.register(appID: "app_a", url: "https://a.example/", eventTypes: [], production: false)
        }
    }

    @Test func aRotatedSecretSignsBesideTheOldOneUntilTheOverlapEnds() async throws {
        let (endpoint, first) = try await registry.register(appID: "app_a", url: "https://a.example/", eventTypes: [.paymentCompleted], production: true)
        let second = try await registry.rotateSecret(endpointID: endpoint.id, overlap: .seconds(3_600))
        let stored = try #require(try await store.endpoint(id: endpoint.id))
        let inForce = try stored.signingSecrets(at: Self.start).map { try vault.open($0.sealed, endpointID: endpoint.id) }
        #expect(inForce == [second, first])
        #expect(stored.signingSecrets(at: Self.start.addingTimeInterval(3_600)).count == 1)
        clock.now.withLock { $0 = Self.start.addingTimeInterval(7_200) }
        let third = try await registry.rotateSecret(endpointID: endpoint.id, overlap: .seconds(60))
        let later = try #require(try await store.endpoint(id: endpoint.id))
        #expect(try later.signingSecrets(at: Self.start.addingTimeInterval(7_200)).map { try vault.open($0.sealed, endpointID: endpoint.id) } == [third, second])
        await #expect(throws: WebhookError.notFound("endpoint whep_none")) { try await registry.rotateSecret(endpointID: "whep_none", overlap: .zero) }
    }

    @Test func eventsReachEnabledSubscribersOfTheAppOnly() async throws {
        let (subscribed, _) = try await registry.register(appID: "app_a", url: "https://a.example/1", eventTypes: [.consentRevoked], production: true)
        let (other, _) = try await registry.register(appID: "app_a", url: "https://a.example/2", eventTypes: [.paymentCompleted], production: true)
        let (disabled, _) = try await registry.register(appID: "app_a", url: "https://a.example/3", eventTypes: [.consentRevoked], production: true)
        _ = try await registry.register(appID: "app_b", url: "https://b.example/", eventTypes: [.consentRevoked], production: true)
        try await registry.setEnabled(false, endpointID: disabled.id)
        let messages = try await registry.publish(
            appID: "app_a", type: .consentRevoked, event: "aac-1/1", data: ["ConsentId": "aac-1"], at: Date(timeIntervalSince1970: 1_800_000_000.5))
        #expect(messages.map(\.endpointID) == [subscribed.id])
        #expect(String(decoding: messages[0].body, as: UTF8.self)
            == #"{"type":"consent.revoked","timestamp":"2027-01-15T08:00:00+00:00","data":{"ConsentId":"aac-1"}}"#)
        #expect(try await store.message(id: messages[0].id) == messages[0])
        // The same event published again is the same message, not a second one.
        let again = try await registry.publish(
            appID: "app_a", type: .consentRevoked, event: "aac-1/1", data: ["ConsentId": "aac-1"], at: Date(timeIntervalSince1970: 1_800_000_000.5))
        #expect(again.map(\.id) == messages.map(\.id))
        let another = try await registry.publish(
            appID: "app_a", type: .consentRevoked, event: "aac-1/2", data: ["ConsentId": "aac-1"], at: Date(timeIntervalSince1970: 1_800_000_000.5))
        #expect(another.map(\.id) != messages.map(\.id), "another event of the type is another message")
        _ = other
    }

    @Test func onlyFinishedUndeliveredMessagesAreReplayed() async throws {
        let (endpoint, _) = try await registry.register(appID: "app_a", url: "https://a.example/", eventTypes: [.consentExpired], production: true)
        let message = try #require(try await registry.publish(appID: "app_a", type: .consentExpired, event: "aac-1/1", data: [:], at: Self.start).first)
        await #expect(throws: WebhookError.self) { try await registry.replay(messageID: message.id) }
        try await store.update(message.after(.deadLetter, result: .failed("down"), at: Self.start))
        let replayed = try await registry.replay(messageID: message.id)
        #expect(replayed.state == .pending && replayed.attempts == 0 && replayed.id == message.id)
        await #expect(throws: WebhookError.notFound("message msg_none")) { try await registry.replay(messageID: "msg_none") }
        _ = endpoint
    }
}
