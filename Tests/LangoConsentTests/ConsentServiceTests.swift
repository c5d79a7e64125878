import Foundation
import LangoConsent
import LangoPolicy
import Testing

/// The consent operations over the in-memory store: ownership, the audit trail, and changes
/// racing on one consent.
@Suite struct ConsentServiceTests {
    private static let request = AccountAccessConsentRequest(permissions: [.readAccountsBasic, .readBalances])

    @Test func aConsentIsSeenOnlyByItsClientUntilDeleted() async throws {
        let service = ConsentService(store: InMemoryConsentStore())
        let consent = try await service.create(Self.request, clientID: "app_a", appID: "app_a", address: "10.0.0.1")
        #expect(try await service.consent(id: consent.id, clientID: "app_a") == consent)
        #expect(try await service.consent(id: consent.id, clientID: "app_b") == nil)
        #expect(try await service.consent(id: "aac-unknown", clientID: "app_a") == nil)
        await #expect(throws: ConsentError.notFound(consent.id)) {
            try await service.delete(id: consent.id, clientID: "app_b", address: nil)
        }
        try await service.delete(id: consent.id, clientID: "app_a", address: "10.0.0.2")
        #expect(try await service.consent(id: consent.id, clientID: "app_a") == nil)
        let stored = try #require(try await service.store.consent(id: consent.id))
        #expect(stored.status == .revoked)
    }

    @Test func everyChangeIsInTheAuditTrailInOrder() async throws {
        let service = ConsentService(store: InMemoryConsentStore())
        let consent = try await service.create(Self.request, clientID: "app_a", appID: "app_a", address: "10.0.0.1")
        try await service.authorise(id: consent.id, customerID: "C0001", accountIDs: ["A-1"], address: "192.0.2.7")
        try await service.revoke(id: consent.id, customerID: "C0001", address: "192.0.2.8")
        let events = try await service.store.events(consentID: consent.id)
        #expect(events.map(\.kind) == [.created, .authorised, .revoked])
        #expect(events.map(\.actor) == [.client("app_a"), .customer("C0001"), .customer("C0001")])
        #expect(events.map(\.address) == ["10.0.0.1", "192.0.2.7", "192.0.2.8"])
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted() && Set(events.map(\.sequence)).count == 3)
        #expect(try await service.store.consents(customerID: "C0001").map(\.id) == [consent.id])
    }

    @Test func ofTwoDecisionsRacingOnlyOneHolds() async throws {
        let service = ConsentService(store: InMemoryConsentStore())
        let consent = try await service.create(Self.request, clientID: "app_a", appID: "app_a", address: nil)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    do {
                        if index.isMultiple(of: 2) {
                            try await service.authorise(id: consent.id, customerID: "C0001", accountIDs: ["A-1"], address: nil)
                        } else {
                            try await service.reject(id: consent.id, customerID: "C0001", address: nil)
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await service.store.events(consentID: consent.id).count == 2)
    }
}
