import Foundation
import LangoConsent
import LangoGateway
import LangoJSON
import LangoPolicy
import LangoWebhooks
import Synchronization
import Testing

/// Consent webhooks come from the durable audit trail, read on from a leased cursor: each
/// revocation and recorded expiry is told once, whichever node stored it, and one that could
/// not be enqueued is told on the next pass.
@Suite struct ConsentAnnouncerTests {
    /// A webhook store whose enqueue, or the cursor's advance, can be made to fail, as when the
    /// database is out of reach.
    final class FlakyWebhookStore: WebhookStore {
        let inner = InMemoryWebhookStore()
        let failing = Mutex(false)
        let failingAdvance = Mutex(false)

        func save(_ endpoint: WebhookEndpoint) async throws { try await inner.save(endpoint) }
        func endpoint(id: String) async throws -> WebhookEndpoint? { try await inner.endpoint(id: id) }
        func endpoints(appID: String) async throws -> [WebhookEndpoint] { try await inner.endpoints(appID: appID) }
        func enqueue(_ messages: [WebhookMessage]) async throws {
            if failing.withLock({ $0 }) { throw CocoaError(.fileWriteUnknown) }
            try await inner.enqueue(messages)
        }
        func message(id: String) async throws -> WebhookMessage? { try await inner.message(id: id) }
        func claimDue(at now: Date, limit: Int, leaseUntil: Date) async throws -> [WebhookMessage] {
            try await inner.claimDue(at: now, limit: limit, leaseUntil: leaseUntil)
        }
        func update(_ message: WebhookMessage) async throws { try await inner.update(message) }
        func messages(appID: String, state: WebhookMessage.State, limit: Int) async throws -> [WebhookMessage] {
            try await inner.messages(appID: appID, state: state, limit: limit)
        }
        func claimCursor(_ name: String, now: Date, leaseUntil: Date) async throws -> WebhookCursor? {
            try await inner.claimCursor(name, now: now, leaseUntil: leaseUntil)
        }
        func advance(_ cursor: WebhookCursor, to position: Int64) async throws -> Bool {
            if failingAdvance.withLock({ $0 }) { throw CocoaError(.fileWriteUnknown) }
            return try await inner.advance(cursor, to: position)
        }
    }

    /// The events enqueued for `app_a`, by type and consent.
    static func told(_ store: FlakyWebhookStore) async throws -> [String] {
        try await store.messages(appID: "app_a", state: .pending, limit: 100).sorted { $0.createdAt < $1.createdAt }.map { message in
            let event = try JSONValue.parse(message.body)
            return "\(event["type"]?.stringValue ?? "?") \(event["data"]?["ConsentId"]?.stringValue ?? "?") \(event["data"]?["Status"]?.stringValue ?? "?")"
        }
    }

    @Test func eachRevocationIsToldOnceAndAFailedOneOnTheNextPass() async throws {
        let consents = InMemoryConsentStore()
        let service = ConsentService(store: consents)
        let webhookStore = FlakyWebhookStore()
        let webhooks = WebhookRegistry(store: webhookStore, vault: WebhookSecretVault(installationSecret: Array(repeating: 3, count: 32)))
        _ = try await webhooks.register(
            appID: "app_a", url: "https://hooks.example.com/a", eventTypes: [.consentRevoked, .consentExpired], production: false)
        let announcer = ConsentAnnouncer(consents: consents, webhooks: webhooks)
        let other = ConsentAnnouncer(consents: consents, webhooks: webhooks)

        func revoked() async throws -> String {
            let created = try await service.create(
                AccountAccessConsentRequest(permissions: [.readAccountsBasic]), clientID: "app_a", appID: "app_a", address: nil)
            _ = try await service.authorise(id: created.id, customerID: "C0001", accountIDs: ["C0001-KES-1"], address: nil)
            _ = try await service.revoke(id: created.id, customerID: "C0001", address: "198.51.100.4")
            return created.id
        }
        let first = try await revoked()
        #expect(try await announcer.announceDue() == 3, "created, authorised, revoked")
        #expect(try await Self.told(webhookStore) == ["consent.revoked \(first) Revoked"])
        #expect(try await announcer.announceDue() == 0, "nothing new: the cursor moved past them")

        // A pass that cannot enqueue keeps the cursor before the event; the next one tells it.
        let second = try await revoked()
        webhookStore.failing.withLock { $0 = true }
        await #expect(throws: (any Error).self) { try await announcer.announceDue() }
        webhookStore.failing.withLock { $0 = false }
        #expect(try await other.announceDue() == 1, "another node picks up after the last event told")
        #expect(try await Self.told(webhookStore) == ["consent.revoked \(first) Revoked", "consent.revoked \(second) Revoked"])

        // A pass whose cursor could not move past an event it wrote (a node stopping there) has
        // the next pass write it again: still one message.
        let third = try await revoked()
        webhookStore.failingAdvance.withLock { $0 = true }
        await #expect(throws: (any Error).self) { try await announcer.announceDue() }
        webhookStore.failingAdvance.withLock { $0 = false }
        let afterTheLease = ConsentAnnouncer(
            consents: consents, webhooks: webhooks, clock: { Date().addingTimeInterval(ConsentAnnouncer.lease.timeInterval + 1) })
        #expect(try await afterTheLease.announceDue() == 3, "once the lease ends another node reads the events again")
        #expect(
            try await Self.told(webhookStore) == [
                "consent.revoked \(first) Revoked", "consent.revoked \(second) Revoked", "consent.revoked \(third) Revoked",
            ])
    }
}
