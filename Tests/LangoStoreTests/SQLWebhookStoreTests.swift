import Foundation
import LangoStore
import LangoWebhooks
import LangoWebhooksTesting
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
            let messages = (0..<30).map { WebhookMessage.new(endpoint: endpoint, eventType: .transactionPosted, body: Array("\($0)".utf8), at: now) }
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
}
