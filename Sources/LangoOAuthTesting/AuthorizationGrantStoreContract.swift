import Foundation
import LangoContractTesting
import LangoOAuth

/// The behaviour every ``AuthorizationGrantStore`` must show, checked against a fresh, empty
/// store: pushed requests taken once, interactions replaced only over the version they were
/// made from, codes redeemed once, refresh tokens rotated once, and forgetting that keeps what
/// a replay still needs. Concurrent callers are part of it: of several racing to redeem a code
/// or rotate a token, exactly one wins. Throws a `ContractViolation` at the first broken
/// expectation.
public enum AuthorizationGrantStoreContract {
    /// Times are whole seconds, which every store keeps exactly.
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private static let request = AuthorizationRequest(
        clientID: "app_a", redirectURI: "https://a.example/cb", scopes: ["openid", "accounts"], state: "st-1", nonce: "n-1",
        codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")

    public static func verify(_ makeEmptyStore: () async throws -> any AuthorizationGrantStore) async throws {
        let store = try await makeEmptyStore()
        try await checkPushedRequests(store)
        try await checkInteractions(store)
        try await checkCodes(store)
        try await checkRefreshTokens(store)
        try await checkForgetting(store)
    }

    private static func checkPushedRequests(_ store: any AuthorizationGrantStore) async throws {
        try expect(try await store.takePushedRequest(id: "par-none", now: start), nil, "an unknown pushed request is nil", "par-none")
        var bare = request
        bare.state = nil
        bare.nonce = nil
        try await store.savePushedRequest(request, id: "par-1", expiresAt: at(60))
        try await store.savePushedRequest(bare, id: "par-2", expiresAt: at(60))
        try expect(try await store.takePushedRequest(id: "par-1", now: start), request, "a pushed request reads back whole", "par-1")
        try expect(try await store.takePushedRequest(id: "par-1", now: start), nil, "a pushed request is taken once", "par-1 again")
        try expect(try await store.takePushedRequest(id: "par-2", now: at(59)), bare, "missing state and nonce read back missing", "par-2")

        try await store.savePushedRequest(request, id: "par-3", expiresAt: at(60))
        try expect(try await store.takePushedRequest(id: "par-3", now: at(60)), nil, "an expired pushed request is nil", "par-3 at expiry")
    }

    private static func checkInteractions(_ store: any AuthorizationGrantStore) async throws {
        try expect(try await store.interaction(id: "ix-none", now: start), nil, "an unknown interaction is nil", "ix-none")
        let started = AuthorizationInteraction.start(request, clientName: "App A", now: start).interaction
        try await store.saveInteraction(started)
        try expect(try await store.interaction(id: started.id, now: start), started, "an interaction reads back whole", "new interaction")
        try expect(
            try await store.interaction(id: started.id, now: started.expiresAt), nil, "an expired interaction is nil",
            "interaction at expiry")

        let codeSent = started.passwordAccepted(customerID: "C0001", code: "123456", notice: .sent(destination: "+2547•••••001"))
        try expect(
            try await store.replaceInteraction(codeSent, from: started.version), true, "a change over the stored version is stored",
            "replacing version \(started.version)")
        try expect(try await store.interaction(id: started.id, now: start), codeSent, "the replacement reads back", "interaction")

        // Another request made its change from the same version, and lost.
        let stale = started.passwordAccepted(customerID: "C0002", code: "654321", notice: .shown(code: "654321"))
        try expect(
            try await store.replaceInteraction(stale, from: started.version), false, "a change over a stale version is refused",
            "replacing version \(started.version) again")
        try expect(try await store.interaction(id: started.id, now: start), codeSent, "a refused change stores nothing", "interaction")

        let decided = codeSent.codeAccepted(at: at(30))
        try expect(
            try await store.replaceInteraction(decided, from: codeSent.version), true, "each version can be replaced in turn",
            "replacing version \(codeSent.version)")
        try expect(try await store.interaction(id: started.id, now: at(30)), decided, "the latest replacement reads back", "interaction")

        try await store.endInteraction(id: started.id)
        try expect(try await store.interaction(id: started.id, now: at(30)), nil, "an ended interaction is nil", "ended interaction")
        try expect(
            try await store.replaceInteraction(decided, from: decided.version), false, "an ended interaction cannot be replaced",
            "replacing the ended interaction")
        try await store.endInteraction(id: "ix-none")
    }

    private static func checkCodes(_ store: any AuthorizationGrantStore) async throws {
        try expect(
            try await store.redeemCode(hash: "code-none", issuing: issued("at-0"), now: start), .unknown, "an unknown code is unknown",
            "code-none")

        let code = codeRecord("code-1")
        try await store.saveCode(code)
        var spent = code
        spent.issued = issued("at-1")
        try expect(
            try await store.redeemCode(hash: "code-1", issuing: issued("at-1"), now: at(10)), .redeemed(spent),
            "the first redemption gets the code, recording what it issues", "code-1")
        try expect(
            try await store.redeemCode(hash: "code-1", issuing: issued("at-2"), now: at(20)), .replayed(spent),
            "a second redemption is a replay, with what the first issued", "code-1 again")
        try expect(
            try await store.redeemCode(hash: "code-1", issuing: issued("at-3"), now: at(120)), .replayed(spent),
            "a replay after the code's expiry is still a replay", "code-1 after expiry")

        try await store.saveCode(codeRecord("code-2"))
        try expect(
            try await store.redeemCode(hash: "code-2", issuing: issued("at-4"), now: at(60)), .unknown, "an expired code is unknown",
            "code-2 at expiry")
        try expect(
            try await store.redeemCode(hash: "code-2", issuing: issued("at-5"), now: at(61)), .unknown,
            "redeeming an expired code spends nothing", "code-2 again")

        try await store.saveCode(codeRecord("code-3"))
        let outcomes = try await concurrently(8) { index in
            try await store.redeemCode(hash: "code-3", issuing: issued("at-race-\(index)"), now: at(5))
        }
        let winners = outcomes.compactMap { outcome -> AuthorizationCodeRecord? in
            if case .redeemed(let record) = outcome { record } else { nil }
        }
        try expect(winners.count, 1, "of concurrent redemptions exactly one redeems", "code-3 redeemed by 8 tasks")
        try expect(
            outcomes.filter { $0 == .replayed(winners[0]) }.count, 7, "the others are replays of what the winner issued",
            "code-3 replays")
    }

    private static func checkRefreshTokens(_ store: any AuthorizationGrantStore) async throws {
        try expect(try await store.refreshToken(hash: "rt-none"), nil, "an unknown refresh token is nil", "rt-none")
        let first = refreshToken("rt-1", family: "fam-1", accessExpiry: at(300))
        let other = refreshToken("rt-other", family: "fam-2", accessExpiry: at(3600), intent: "aac-1")
        try await store.saveRefreshToken(first)
        try await store.saveRefreshToken(other)
        try expect(try await store.refreshToken(hash: "rt-1"), first, "a refresh token reads back whole", "rt-1")
        try expect(try await store.refreshToken(hash: "rt-other"), other, "a token bound to an intent reads back with it", "rt-other")

        let second = refreshToken("rt-2", family: "fam-1", accessExpiry: at(900))
        try expect(try await store.rotateRefreshToken(hash: "rt-1", to: second), true, "a live token rotates", "rotating rt-1")
        var used = first
        used.state = .used
        try expect(try await store.refreshToken(hash: "rt-1"), used, "a rotated token is marked used", "rt-1")
        try expect(try await store.refreshToken(hash: "rt-2"), second, "rotation stores the successor", "rt-2")
        try expect(
            try await store.rotateRefreshToken(hash: "rt-1", to: refreshToken("rt-reuse", family: "fam-1", accessExpiry: at(900))),
            false, "a used token does not rotate", "rotating rt-1 again")
        try expect(try await store.refreshToken(hash: "rt-reuse"), nil, "a refused rotation stores nothing", "rt-reuse")
        try expect(
            try await store.rotateRefreshToken(hash: "rt-none", to: refreshToken("rt-orphan", family: "fam-1", accessExpiry: at(900))),
            false, "an unknown token does not rotate", "rotating rt-none")
        try expect(try await store.refreshToken(hash: "rt-orphan"), nil, "a refused rotation stores nothing", "rt-orphan")

        let rotated = try await concurrently(8) { index in
            try await store.rotateRefreshToken(
                hash: "rt-2", to: refreshToken("rt-race-\(index)", family: "fam-1", accessExpiry: at(1200 + Double(index))))
        }
        try expect(rotated.filter { $0 }.count, 1, "of concurrent rotations exactly one succeeds", "rt-2 rotated by 8 tasks")
        var successors: [RefreshTokenRecord] = []
        for index in 0..<8 {
            if let token = try await store.refreshToken(hash: "rt-race-\(index)") { successors.append(token) }
        }
        try expect(successors.map(\.state), [.live], "only the winning rotation's successor is stored", "successors of rt-2")
        let successor = successors[0]

        let revoked = try await store.revokeRefreshFamily("fam-1", now: at(600))
        try expect(
            revoked, [second.accessToken, successor.accessToken].sorted { $0.tokenID < $1.tokenID },
            "revoking a family returns its access tokens still unexpired, by id", "revoking fam-1")
        for hash in ["rt-1", "rt-2", successor.hash] {
            try expect(try await store.refreshToken(hash: hash)?.state, .revoked, "revoking a family revokes every token in it", hash)
        }
        try expect(try await store.refreshToken(hash: "rt-other"), other, "revoking a family leaves other families", "rt-other")
        try expect(
            try await store.rotateRefreshToken(hash: successor.hash, to: refreshToken("rt-after", family: "fam-1", accessExpiry: at(900))),
            false, "a revoked token does not rotate", "rotating \(successor.hash)")
        try expect(
            try await store.revokeRefreshFamily("fam-none", now: at(600)), [], "revoking an unknown family returns nothing", "fam-none")
    }

    /// Runs after the other checks: code-1 is redeemed with tokens until +3600 s, code-2 expired
    /// unredeemed at +60 s, and the refresh tokens end at +86400 s.
    private static func checkForgetting(_ store: any AuthorizationGrantStore) async throws {
        try await store.savePushedRequest(request, id: "par-old", expiresAt: at(60))
        try await store.savePushedRequest(request, id: "par-new", expiresAt: at(7200))
        let old = AuthorizationInteraction.start(request, clientName: "App A", now: start).interaction
        let new = AuthorizationInteraction.start(request, clientName: "App A", now: at(900)).interaction
        try await store.saveInteraction(old)
        try await store.saveInteraction(new)

        try await store.forgetExpired(before: at(1000))
        try expect(try await store.takePushedRequest(id: "par-old", now: start), nil, "expired pushed requests are forgotten", "par-old")
        try expect(try await store.takePushedRequest(id: "par-new", now: at(1000)), request, "unexpired pushed requests are kept", "par-new")
        try expect(try await store.interaction(id: old.id, now: start), nil, "expired interactions are forgotten", "old interaction")
        try expect(try await store.interaction(id: new.id, now: at(1000)), new, "unexpired interactions are kept", "new interaction")
        var spent = codeRecord("code-1")
        spent.issued = issued("at-1")
        try expect(
            try await store.redeemCode(hash: "code-1", issuing: issued("at-6"), now: at(1000)), .replayed(spent),
            "an expired code is kept while what it issued is unexpired", "code-1")
        try expect(try await store.refreshToken(hash: "rt-1")?.hash, "rt-1", "unexpired refresh tokens are kept", "rt-1")

        try await store.forgetExpired(before: at(86_400))
        try expect(try await store.refreshToken(hash: "rt-1")?.hash, "rt-1", "a refresh token is kept until it expires", "rt-1")
        try await store.forgetExpired(before: at(86_401))
        try expect(
            try await store.redeemCode(hash: "code-1", issuing: issued("at-7"), now: at(86_401)), .unknown,
            "a code is forgotten once what it issued has expired", "code-1")
        try expect(try await store.refreshToken(hash: "rt-1"), nil, "expired refresh tokens are forgotten", "rt-1")
        try expect(try await store.refreshToken(hash: "rt-other"), nil, "expired refresh tokens are forgotten", "rt-other")
    }

    // MARK: Values

    private static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    /// A code for ``request``, valid for 60 s.
    private static func codeRecord(_ hash: String) -> AuthorizationCodeRecord {
        AuthorizationCodeRecord(hash: hash, request: request, customerID: "C0001", authenticatedAt: at(-30), expiresAt: at(60))
    }

    /// An access token until +300 s and a refresh family, all expired at +3600 s.
    private static func issued(_ accessTokenID: String) -> IssuedTokens {
        IssuedTokens(
            accessToken: RevokedToken(tokenID: accessTokenID, clientID: "app_a", expiresAt: at(300)), refreshFamilyID: "fam-\(accessTokenID)",
            expiresAt: at(3600))
    }

    /// A live refresh token whose family ends at +86400 s.
    private static func refreshToken(_ hash: String, family: String, accessExpiry: Date, intent: String? = nil) -> RefreshTokenRecord {
        RefreshTokenRecord(
            hash: hash, familyID: family, clientID: "app_a", customerID: "C0001", scopes: ["openid", "accounts"], authenticatedAt: at(-30),
            expiresAt: at(86_400), accessToken: RevokedToken(tokenID: "at-\(hash)", clientID: "app_a", expiresAt: accessExpiry),
            intentID: intent)
    }

    /// Runs `count` calls of `body` at once and collects what they return.
    private static func concurrently<Result: Sendable>(
        _ count: Int, _ body: @escaping @Sendable (Int) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: Result.self) { group in
            for index in 0..<count {
                group.addTask { try await body(index) }
            }
            var results: [Result] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "authorization grant store", check: check, subject: subject)
    }
}
