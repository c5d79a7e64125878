import Foundation
import LangoOAuth
import LangoOAuthTesting
import LangoStore
import SQLKit
import Testing

@Suite struct SQLAuthorizationGrantStoreTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let request = AuthorizationRequest(
        clientID: "app_a", redirectURI: "https://a.example/cb", scopes: ["accounts"], state: nil, nonce: nil,
        codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")

    @Test func meetsTheAuthorizationGrantStoreContractOnSQLite() async throws {
        try await withFreshStore { store in try await AuthorizationGrantStoreContract.verify { store.authorizationGrants } }
    }

    /// Two stores on one file stand for two gateway processes sharing the database.
    @Test func processesSharingTheFileRedeemACodeAndRotateATokenOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await Store.openSQLite(path: directory.path("lango.db"))
        let second = try await Store.openSQLite(path: directory.path("lango.db"))
        let outcome: Result<(redeemed: Int, rotated: Int), any Error>
        do {
            outcome = .success(try await race(across: [first.authorizationGrants, second.authorizationGrants]))
        } catch {
            outcome = .failure(error)
        }
        try await first.close()
        try await second.close()
        let (redeemed, rotated) = try outcome.get()
        #expect(redeemed == 1)
        #expect(rotated == 1)
    }

    /// Eight tasks, spread over `stores`, each redeem one code and rotate one refresh token;
    /// returns how many redeemed and how many rotated.
    private func race(across stores: [SQLAuthorizationGrantStore]) async throws -> (redeemed: Int, rotated: Int) {
        let start = self.start
        let token = RevokedToken(tokenID: "at", clientID: "app_a", expiresAt: start + 300)
        func refreshToken(_ hash: String) -> RefreshTokenRecord {
            RefreshTokenRecord(
                hash: hash, familyID: "fam", clientID: "app_a", customerID: "C0001", scopes: ["accounts"], authenticatedAt: start,
                expiresAt: start + 86_400, accessToken: token)
        }
        try await stores[0].saveCode(
            AuthorizationCodeRecord(hash: "code", request: request, customerID: "C0001", authenticatedAt: start, expiresAt: start + 60))
        try await stores[0].saveRefreshToken(refreshToken("rt"))
        let issuing = IssuedTokens(accessToken: token, refreshFamilyID: "fam", expiresAt: start + 3600)
        return try await withThrowingTaskGroup(of: (redeemed: Bool, rotated: Bool).self) { group in
            for index in 0..<8 {
                let store = stores[index % stores.count]
                let successor = refreshToken("rt-\(index)")
                group.addTask {
                    let redemption = try await store.redeemCode(hash: "code", issuing: issuing, now: start + 1)
                    let redeemed = if case .redeemed = redemption { true } else { false }
                    return (redeemed, try await store.rotateRefreshToken(hash: "rt", to: successor))
                }
            }
            var counts = (redeemed: 0, rotated: 0)
            for try await outcome in group {
                if outcome.redeemed { counts.redeemed += 1 }
                if outcome.rotated { counts.rotated += 1 }
            }
            return counts
        }
    }

    @Test func anUnreadableRowIsReportedAsCorrupt() async throws {
        try await withFreshStore { store in
            try await store.backend.transaction { database in
                try await database.raw(
                    "INSERT INTO pushed_authorization_requests (id, request, expires_at) VALUES ('par', '{\"clientID\": 1}', 9999999999999)"
                ).run()
            }
            await #expect(throws: StoreError.self) { try await store.authorizationGrants.takePushedRequest(id: "par", now: start) }
        }
    }
}
