import Foundation
import LangoWebhooks
import LangoWebhooksTesting
import Testing

struct WebhookMessageTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let endpoint = WebhookEndpoint(
        id: WebhookEndpoint.newID(), appID: "app_a", url: "https://a.example/", eventTypes: [.consentRevoked, .transactionPosted, .consentRevoked],
        secrets: [.init(sealed: [1], createdAt: now), .init(sealed: [2], createdAt: now, retiresAt: now.addingTimeInterval(60))], createdAt: now)

    @Test func theInMemoryStoreMeetsTheContract() async throws {
        try await WebhookStoreContract.verify { InMemoryWebhookStore() }
    }

    @Test func endpointsKeepEventTypesOnceInOrderAndSignWithUnretiredSecrets() {
        #expect(Self.endpoint.eventTypes == [.transactionPosted, .consentRevoked])
        #expect(Self.endpoint.id.hasPrefix("whep_") && Self.endpoint.id.count == 29)
        #expect(Self.endpoint.signingSecrets(at: Self.now).count == 2)
        #expect(Self.endpoint.signingSecrets(at: Self.now.addingTimeInterval(60)).map(\.sealed) == [[1]])
    }

    @Test func aMessageMovesThroughItsAttempts() {
        let message = WebhookMessage.new(endpoint: Self.endpoint, eventType: .transactionPosted, event: "tx-1", body: [1], at: Self.now)
        #expect(message.id.hasPrefix("msg_") && message.state == .pending && message.attempts == 0 && message.nextAttemptAt == Self.now)
        let retried = message.after(.retry(at: Self.now.addingTimeInterval(5)), result: .answered(status: 500, retryAfter: nil), at: Self.now)
        #expect(retried.state == .pending && retried.attempts == 1 && retried.nextAttemptAt == Self.now.addingTimeInterval(5))
        #expect(retried.lastError == "HTTP 500")
        let delivered = retried.after(.delivered, result: .answered(status: 204, retryAfter: nil), at: Self.now.addingTimeInterval(5))
        #expect(delivered.state == .delivered && delivered.attempts == 2 && delivered.lastError == nil)
        #expect(delivered.finishedAt == Self.now.addingTimeInterval(5))
        let gone = message.after(.disableEndpoint, result: .answered(status: 410, retryAfter: nil), at: Self.now)
        #expect(gone.state == .dropped)
        let dead = message.after(.deadLetter, result: .failed("timed out"), at: Self.now)
        #expect(dead.state == .deadLettered && dead.lastError == "timed out")
        let replayed = dead.replayed(at: Self.now.addingTimeInterval(100))
        #expect(replayed.state == .pending && replayed.attempts == 0 && replayed.nextAttemptAt == Self.now.addingTimeInterval(100))
        #expect(replayed.id == message.id, "a replay keeps the webhook-id")
        #expect(message.dropped(at: Self.now, reason: "endpoint disabled").state == .dropped)
    }

    @Test func theVaultSealsSecretsForOneEndpoint() throws {
        let vault = WebhookSecretVault(installationSecret: Array(repeating: 7, count: 32))
        let secret = WebhookSecret.generate()
        let sealed = try vault.seal(secret, endpointID: "whep_1")
        #expect(try vault.open(sealed, endpointID: "whep_1") == secret)
        #expect(!sealed.starts(with: secret.key))
        #expect(throws: (any Error).self) { try vault.open(sealed, endpointID: "whep_2") }
        #expect(throws: (any Error).self) { try WebhookSecretVault(installationSecret: Array(repeating: 8, count: 32)).open(sealed, endpointID: "whep_1") }
    }
}
