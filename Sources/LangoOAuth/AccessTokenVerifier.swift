import Foundation
import LangoCrypto
import LangoIdentity
import LangoJOSE
import LangoJSON
import Synchronization

/// An access token Lango issued, as verified.
public struct AccessToken: Sendable, Hashable {
    /// The token's `jti`.
    public let tokenID: String
    public let clientID: String
    public let grant: GrantType
    public let scopes: [String]
    /// The customer the token acts for (code-flow tokens); `nil` for client credentials.
    public let customer: String?
    /// The OBIE intent (consent) the token is bound to, from `openbanking_intent_id`.
    public let intentID: String?
    public let issuedAt: Date?
    public let expiry: Date
    /// The SHA-256 thumbprint (base64url) of the client certificate the token is bound to
    /// (RFC 8705 `cnf.x5t#S256`); `nil` for a token any connection may present.
    public let certificateThumbprint: String?
}

/// What the gateway learns from a presented access token.
public enum AccessTokenVerdict: Sendable {
    /// Signed by Lango, for this gateway, unexpired; `app` is the client's app as it stands now.
    case valid(AccessToken, app: App?)
    /// Past its expiry.
    case expired
    /// Revoked by its client.
    case revoked
    /// Not a token Lango issued for this gateway: malformed, badly signed, wrong issuer,
    /// audience or type; `reason` says which.
    case invalid(String)
    /// The keys or the app could not be read; the policy's `on_error` decides.
    case unavailable(String)
}

/// Verifies bearer access tokens: the signature once per token (then cached by the token's
/// hash until it expires), and on each use the revocation list and the client's app, from a
/// cache no older than `appCacheTTL` so a suspension takes effect within it.
public final class AccessTokenVerifier: Sendable {
    /// The claim that names the grant a token was issued through (Lango's own).
    public static let grantClaim = "lango_grant"
    /// RFC 7800's confirmation claim, and RFC 8705's member of it: the thumbprint of the client
    /// certificate a token is bound to.
    public static let confirmationClaim = "cnf"
    public static let certificateThumbprintMember = "x5t#S256"

    private struct AppEntry {
        let app: App?
        let fetchedAt: Date
    }

    private let keys: SigningKeyManager
    private let identity: any IdentityStore
    private let revocations: RevocationList?
    private let issuer: @Sendable () -> String
    private let appCacheTTL: TimeInterval
    private let capacity: Int
    private let clock: @Sendable () -> Date
    private let verified = Mutex<[[UInt8]: AccessToken]>([:])
    private let apps = Mutex<[String: AppEntry]>([:])

    public init(
        keys: SigningKeyManager, identity: any IdentityStore, revocations: RevocationList? = nil, issuer: @escaping @Sendable () -> String,
        appCacheTTL: Duration = .seconds(1), capacity: Int = 10_000, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.keys = keys
        self.identity = identity
        self.revocations = revocations
        self.issuer = issuer
        self.appCacheTTL = appCacheTTL.timeInterval
        self.capacity = capacity
        self.clock = clock
    }

    public func verify(_ token: String) async -> AccessTokenVerdict {
        let now = clock()
        let hash = SHA256.hash(token)
        let known = verified.withLock { $0[hash] }
        let accessToken: AccessToken
        if let known {
            guard now < known.expiry else { return .expired }
            accessToken = known
        } else {
            switch await check(token, now: now) {
            case .success(let checked):
                accessToken = checked
                remember(checked, for: hash, now: now)
            case .failure(let refusal):
                return refusal.verdict
            }
        }
        do {
            if let revocations, try await revocations.isRevoked(accessToken.tokenID) { return .revoked }
            return .valid(accessToken, app: try await app(accessToken.clientID, now: now))
        } catch {
            return .unavailable("\(error)")
        }
    }

    /// Verifies `token` where it is used (the gateway's routes, userinfo): as ``verify(_:)``, and
    /// a token bound to a client certificate (RFC 8705) must come over a connection that presented
    /// that certificate. `presentedCertificate` gives the connection's certificate thumbprint; it
    /// is asked only for a bound token.
    public func verify(_ token: String, presentedCertificate: @Sendable () async -> String?) async -> AccessTokenVerdict {
        let verdict = await verify(token)
        guard case .valid(let accessToken, _) = verdict, let bound = accessToken.certificateThumbprint else { return verdict }
        switch await presentedCertificate() {
        case bound: return verdict
        case nil: return .invalid("the token is bound to a client certificate, and the connection presented none")
        default: return .invalid("the token is bound to another client certificate")
        }
    }

    private struct Refusal: Error {
        let verdict: AccessTokenVerdict
    }

    private func check(_ token: String, now: Date) async -> Result<AccessToken, Refusal> {
        let issuer = issuer()
        // Another node may have issued the token with a clock slightly ahead: forgive that on
        // iat, but not on exp.
        var verifier = JWTVerifier(type: "at+jwt", issuer: issuer, audiences: [issuer], leeway: .seconds(30))
        verifier.expiryLeeway = .zero
        let claims: JWTClaims
        do {
            claims = try await verify(token, with: verifier, now: now)
        } catch let error as JOSEError {
            return .failure(Refusal(verdict: error == .expired ? .expired : .invalid(error.reason)))
        } catch {
            return .failure(Refusal(verdict: .unavailable("signing keys: \(error)")))
        }
        guard let tokenID = claims.tokenID, let clientID = claims["client_id"]?.stringValue, let expiry = claims.expiry,
            let grant = claims[Self.grantClaim]?.stringValue.flatMap(GrantType.init(rawValue:)),
            let scope = claims["scope"]?.stringValue
        else { return .failure(Refusal(verdict: .invalid("the token lacks jti, client_id, scope or its grant"))) }
        let customer = grant == .clientCredentials ? nil : claims.subject
        return .success(
            AccessToken(
                tokenID: tokenID, clientID: clientID, grant: grant, scopes: scope.split(separator: " ").map(String.init), customer: customer,
                intentID: claims[AuthorizationRequest.intentClaim]?.stringValue, issuedAt: claims.issuedAt, expiry: expiry,
                certificateThumbprint: claims[Self.confirmationClaim]?[Self.certificateThumbprintMember]?.stringValue))
    }

    /// Verifies against the published keys; a `kid` they lack may be a key another node has just
    /// created, so the keys are read again (at most every few seconds) before giving up.
    private func verify(_ token: String, with verifier: JWTVerifier, now: Date) async throws -> JWTClaims {
        do {
            return try verifier.verify(token, keys: try await keys.ring().keySet, now: now)
        } catch let error as JOSEError where error.isUnknownKey {
            return try verifier.verify(token, keys: try await keys.ring(reloadingAfter: .seconds(5)).keySet, now: now)
        }
    }

    private func app(_ clientID: String, now: Date) async throws -> App? {
        if let entry = apps.withLock({ $0[clientID] }), now.timeIntervalSince(entry.fetchedAt) < appCacheTTL {
            return entry.app
        }
        let app = try await identity.app(id: clientID)
        apps.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[clientID] = AppEntry(app: app, fetchedAt: now)
        }
        return app
    }

    private func remember(_ token: AccessToken, for hash: [UInt8], now: Date) {
        verified.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expiry > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[hash] = token
        }
    }
}
