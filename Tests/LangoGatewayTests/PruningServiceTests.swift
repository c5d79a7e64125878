import Foundation
import LangoIdempotency
import LangoOAuth
import Logging
import Testing

@testable import LangoGateway

@Suite struct PruningServiceTests {
    @Test func aPassForgetsWhatHasExpiredOfEachKindAndKeepsTheRest() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let grants = InMemoryAuthorizationGrantStore()
        let request = AuthorizationRequest(
            clientID: "app_fintech", redirectURI: "https://fintech.example/cb", scopes: ["accounts"], state: nil, nonce: nil,
            codeChallenge: String(repeating: "A", count: 43))
        let early = AuthorizationInteraction.start(request, clientName: "Fintech", now: start).interaction
        let late = AuthorizationInteraction.start(request, clientName: "Fintech", now: start.addingTimeInterval(900)).interaction
        await grants.saveInteraction(early)
        await grants.saveInteraction(late)

        let idempotency = InMemoryIdempotencyStore()
        let key = IdempotencyKey(clientID: "app_fintech", key: "k1")
        _ = try await idempotency.claim(key, fingerprint: "f", now: start, expiresAt: start.addingTimeInterval(600))
        let keptKey = IdempotencyKey(clientID: "app_fintech", key: "k2")
        _ = try await idempotency.claim(keptKey, fingerprint: "f", now: start, expiresAt: start.addingTimeInterval(86_400))

        let pruning = PruningService(
            jobs: PruningService.jobs(grants: grants, idempotency: idempotency), interval: .seconds(300), logger: Logger(label: "test"),
            clock: { start.addingTimeInterval(1_200) })
        await pruning.prune()

        // Asked as of the start, kept state is still found; forgotten state is not.
        #expect(await grants.interaction(id: early.id, now: start) == nil)
        #expect(await grants.interaction(id: late.id, now: start) != nil)
        #expect(try await idempotency.claim(key, fingerprint: "g", now: start, expiresAt: start) == .claimed, "an expired key is forgotten")
        #expect(try await idempotency.claim(keptKey, fingerprint: "g", now: start, expiresAt: start) == .mismatch, "a live key is kept")
    }
}
