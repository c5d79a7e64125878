import Foundation

/// What a redeemed authorization code issued, so a replay of the code can revoke it.
public struct IssuedTokens: Sendable, Hashable, Codable {
    /// The access token's `jti` and expiry.
    public let accessToken: RevokedToken
    /// The refresh token family started, when the client may refresh.
    public let refreshFamilyID: String?
    /// When all of it has expired: until then the code's record is kept, so a replay can still
    /// revoke it.
    public let expiresAt: Date

    public init(accessToken: RevokedToken, refreshFamilyID: String?, expiresAt: Date) {
        self.accessToken = accessToken
        self.refreshFamilyID = refreshFamilyID
        self.expiresAt = expiresAt
    }
}

/// An authorization code as stored: only its hash, and what it stands for.
public struct AuthorizationCodeRecord: Sendable, Hashable {
    /// Hex SHA-256 of the code.
    public let hash: String
    public let request: AuthorizationRequest
    public let customerID: String
    public let authenticatedAt: Date
    public let expiresAt: Date
    /// Set when the code is redeemed.
    public var issued: IssuedTokens?

    public init(hash: String, request: AuthorizationRequest, customerID: String, authenticatedAt: Date, expiresAt: Date, issued: IssuedTokens? = nil) {
        self.hash = hash
        self.request = request
        self.customerID = customerID
        self.authenticatedAt = authenticatedAt
        self.expiresAt = expiresAt
        self.issued = issued
    }
}

/// The outcome of redeeming an authorization code.
public enum CodeRedemption: Sendable, Hashable {
    /// First use: the code as it was stored, now spent.
    case redeemed(AuthorizationCodeRecord)
    /// The code was redeemed before; the record says what that issued.
    case replayed(AuthorizationCodeRecord)
    /// No such code (or it was forgotten after expiring).
    case unknown
}

/// A refresh token as stored: its hash, the family of tokens rotated from one authorization,
/// and what it may be exchanged for.
public struct RefreshTokenRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        case live
        /// Exchanged for its successor; presenting it again is reuse.
        case used
        /// Its family was revoked.
        case revoked
    }

    /// Hex SHA-256 of the token.
    public let hash: String
    public let familyID: String
    public let clientID: String
    public let customerID: String
    public let scopes: [String]
    public let authenticatedAt: Date
    /// When the family ends: rotation never extends it.
    public let expiresAt: Date
    /// The access token issued with this refresh token, revoked with the family.
    public let accessToken: RevokedToken
    /// The OBIE intent (consent) the authorization was for, if any: refreshing needs it still authorised.
    public let intentID: String?
    public var state: State

    public init(
        hash: String, familyID: String, clientID: String, customerID: String, scopes: [String], authenticatedAt: Date, expiresAt: Date,
        accessToken: RevokedToken, intentID: String? = nil, state: State = .live
    ) {
        self.intentID = intentID
        self.hash = hash
        self.familyID = familyID
        self.clientID = clientID
        self.customerID = customerID
        self.scopes = scopes
        self.authenticatedAt = authenticatedAt
        self.expiresAt = expiresAt
        self.accessToken = accessToken
        self.state = state
    }
}

/// Storage for the code flow's state, shared by every gateway node: pushed authorization
/// requests, customers' interactions with the authorization pages, authorization codes and
/// refresh tokens. `LangoStore` implements it on SQL; ``InMemoryAuthorizationGrantStore`` is
/// the twin for tests.
public protocol AuthorizationGrantStore: Sendable {
    func savePushedRequest(_ request: AuthorizationRequest, id: String, expiresAt: Date) async throws
    /// The pushed request `id` names, removed so it serves one authorization; `nil` when
    /// unknown, already taken, or expired at `now`.
    func takePushedRequest(id: String, now: Date) async throws -> AuthorizationRequest?

    func saveInteraction(_ interaction: AuthorizationInteraction) async throws
    /// The interaction `id` names; `nil` when unknown, ended, or expired at `now`.
    func interaction(id: String, now: Date) async throws -> AuthorizationInteraction?
    /// Stores `interaction` over the stored one when that still has `version`; `false` when
    /// another request changed or ended it first.
    func replaceInteraction(_ interaction: AuthorizationInteraction, from version: Int) async throws -> Bool
    func endInteraction(id: String) async throws

    func saveCode(_ code: AuthorizationCodeRecord) async throws
    /// Spends the code `hash` names, recording `issuing` as what it issues, atomically: of two
    /// concurrent redemptions exactly one gets `.redeemed`. An expired code is `.unknown`.
    func redeemCode(hash: String, issuing: IssuedTokens, now: Date) async throws -> CodeRedemption

    func saveRefreshToken(_ token: RefreshTokenRecord) async throws
    func refreshToken(hash: String) async throws -> RefreshTokenRecord?
    /// Marks the live token `hash` used and stores its successor, atomically; `false` (and
    /// nothing stored) when the token is not live any more.
    func rotateRefreshToken(hash: String, to successor: RefreshTokenRecord) async throws -> Bool
    /// Revokes every token of the family; returns their access tokens still unexpired at `now`.
    func revokeRefreshFamily(_ familyID: String, now: Date) async throws -> [RevokedToken]

    /// Forgets pushed requests, interactions and refresh tokens that expired before `date`, and
    /// codes that did and whose issued tokens (if any) did too.
    func forgetExpired(before date: Date) async throws
}

/// The in-memory ``AuthorizationGrantStore``.
public actor InMemoryAuthorizationGrantStore: AuthorizationGrantStore {
    private var pushed: [String: (request: AuthorizationRequest, expiresAt: Date)] = [:]
    private var interactions: [String: AuthorizationInteraction] = [:]
    private var codes: [String: (record: AuthorizationCodeRecord, redeemed: Bool)] = [:]
    private var refreshTokens: [String: RefreshTokenRecord] = [:]

    public init() {}

    public func savePushedRequest(_ request: AuthorizationRequest, id: String, expiresAt: Date) {
        pushed[id] = (request, expiresAt)
    }

    public func takePushedRequest(id: String, now: Date) -> AuthorizationRequest? {
        guard let entry = pushed.removeValue(forKey: id), now < entry.expiresAt else { return nil }
        return entry.request
    }

    public func saveInteraction(_ interaction: AuthorizationInteraction) {
        interactions[interaction.id] = interaction
    }

    public func interaction(id: String, now: Date) -> AuthorizationInteraction? {
        interactions[id].flatMap { now < $0.expiresAt ? $0 : nil }
    }

    public func replaceInteraction(_ interaction: AuthorizationInteraction, from version: Int) -> Bool {
        guard interactions[interaction.id]?.version == version else { return false }
        interactions[interaction.id] = interaction
        return true
    }

    public func endInteraction(id: String) {
        interactions[id] = nil
    }

    public func saveCode(_ code: AuthorizationCodeRecord) {
        codes[code.hash] = (code, false)
    }

    public func redeemCode(hash: String, issuing: IssuedTokens, now: Date) -> CodeRedemption {
        guard var entry = codes[hash] else { return .unknown }
        if entry.redeemed { return .replayed(entry.record) }
        guard now < entry.record.expiresAt else { return .unknown }
        entry.record.issued = issuing
        entry.redeemed = true
        codes[hash] = entry
        return .redeemed(entry.record)
    }

    public func saveRefreshToken(_ token: RefreshTokenRecord) {
        refreshTokens[token.hash] = token
    }

    public func refreshToken(hash: String) -> RefreshTokenRecord? { refreshTokens[hash] }

    public func rotateRefreshToken(hash: String, to successor: RefreshTokenRecord) -> Bool {
        guard refreshTokens[hash]?.state == .live else { return false }
        refreshTokens[hash]?.state = .used
        refreshTokens[successor.hash] = successor
        return true
    }

    public func revokeRefreshFamily(_ familyID: String, now: Date) -> [RevokedToken] {
        var live: [RevokedToken] = []
        for (hash, token) in refreshTokens where token.familyID == familyID {
            refreshTokens[hash]?.state = .revoked
            if token.accessToken.expiresAt > now { live.append(token.accessToken) }
        }
        return live.sorted { $0.tokenID < $1.tokenID }
    }

    public func forgetExpired(before date: Date) {
        pushed = pushed.filter { $0.value.expiresAt >= date }
        interactions = interactions.filter { $0.value.expiresAt >= date }
        codes = codes.filter { max($0.value.record.expiresAt, $0.value.record.issued?.expiresAt ?? .distantPast) >= date }
        refreshTokens = refreshTokens.filter { $0.value.expiresAt >= date }
    }
}
