import Foundation
import LangoIdempotency
import LangoIdempotencyTesting
import LangoStore
import Testing

@Suite struct SQLIdempotencyStoreTests {
    @Test func meetsTheIdempotencyStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await IdempotencyStoreContract.verify { store.idempotency } }
    }

    @Test func ofManyConcurrentClaimsExactlyOneWins() async throws {
        try await withFreshStore { store in
            let key = IdempotencyKey(clientID: "app_a", key: "race")
            let now = Date()
            let claims = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.idempotency.claim(key, fingerprint: "f", now: now, expiresAt: now.addingTimeInterval(60)) }
                }
                return try await group.reduce(into: [IdempotencyClaim]()) { $0.append($1) }
            }
            #expect(claims.filter { $0 == .claimed }.count == 1)
            #expect(claims.filter { $0 == .inProgress }.count == 19)
        }
    }
}
