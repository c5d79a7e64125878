import LangoPolicy
import LangoConsent
import Foundation
import LangoStore
import LangoWebhooks
import LangoWebhooksTesting
import SQLKit
import Testing

@Suite struct SQLWebhookStoreTests {
    @Test func meetsTheWebhookStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await WebhookStoreContract.verify { store.webhooks } }
    }

    @Test func concurrentClaimsLeaseEachMessageOnce() async throws {
        try await withFreshStore { store in
            let now = Date()
            let endpoint = WebhookEndpoint(
                id: "whep_1", appID: "app_a", url: "https://a.example/", eventTypes: [.transactionPosted],
                secrets: [.init(sealed: [1], createdAt: now)], createdAt: now)
            let messages = (0..<30).map { WebhookMessage.new(endpoint: endpoint, eventType: .transactionPosted, event: "tx-\($0)", body: Array("\($0)".utf8), at: now) }
            try await store.webhooks.enqueue(messages)
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<6 {
                    group.addTask { try await store.webhooks.claimDue(at: now, limit: 7, leaseUntil: now.addingTimeInterval(60)).map(\.id) }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == 30, "six claims of up to seven share thirty messages")
            #expect(Set(claimed).count == claimed.count, "no message is leased twice")
        }
    }

    /// Consent events stored before the cursor existed were announced as they happened: the
    /// upgrade starts the cursor after them.
    @Test func upgradingStartsTheConsentCursorAfterTheEventsAlreadyStored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("lango.db")
        let first = try await Store.openSQLite(path: path)
        let service = ConsentService(store: first.consents)
        let created = try await service.create(
            AccountAccessConsentRequest(permissions: [.readAccountsBasic]), clientID: "app_a", appID: "app_a", address: nil)
        _ = try await service.delete(id: created.id, clientID: "app_a", address: nil)
        // Back to the schema before migration 16.
        try await first.backend.transaction { database in
            try await database.raw("DROP TABLE webhook_cursors").run()
            try await database.raw("DELETE FROM lango_schema_migrations WHERE version = 16").run()
        }
        try await first.close()

        let upgraded = try await Store.openSQLite(path: path)
        let cursor = try await upgraded.webhooks.claimCursor("consent-events", now: Date(), leaseUntil: Date().addingTimeInterval(60))
        #expect(cursor?.position == 2, "after the two events stored before the upgrade")
        #expect(try await upgraded.consents.events(after: cursor?.position ?? 0, limit: 10).isEmpty)
        try await upgraded.close()
    }
}
