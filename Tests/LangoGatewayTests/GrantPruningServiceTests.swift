import Foundation
import LangoOAuth
import Logging
import Testing

@testable import LangoGateway

@Suite struct GrantPruningServiceTests {
    @Test func aPassForgetsWhatHasExpiredAndKeepsTheRest() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let grants = InMemoryAuthorizationGrantStore()
        let request = AuthorizationRequest(
            clientID: "app_fintech", redirectURI: "https://fintech.example/cb", scopes: ["accounts"], state: nil, nonce: nil,
            codeChallenge: String(repeating: "A", count: 43))
        let early = AuthorizationInteraction.start(request, clientName: "Fintech", now: start).interaction
        let late = AuthorizationInteraction.start(request, clientName: "Fintech", now: start.addingTimeInterval(900)).interaction
        await grants.saveInteraction(early)
        await grants.saveInteraction(late)

        let pruning = GrantPruningService(
            grants: grants, interval: .seconds(300), logger: Logger(label: "test"), clock: { start.addingTimeInterval(1_200) })
        await pruning.prune()

        // Asked as of the start, a kept interaction is still found; a forgotten one is not.
        #expect(await grants.interaction(id: early.id, now: start) == nil)
        #expect(await grants.interaction(id: late.id, now: start) != nil)
    }
}
