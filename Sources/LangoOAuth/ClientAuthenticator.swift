import Foundation
import LangoCrypto
import LangoIdentity
import LangoJOSE
import LangoJSON
import LangoURI

/// What a token request offers to prove the client's identity (RFC 6749 §2.3, RFC 7523 §2.2).
public struct ClientCredentials: Sendable {
    /// The `Authorization` header, if any.
    public var authorization: String?
    public var clientID: String?
    public var clientSecret: String?
    public var assertionType: String?
    public var assertion: String?

    public init(authorization: String? = nil, clientID: String? = nil, clientSecret: String? = nil, assertionType: String? = nil, assertion: String? = nil) {
        self.authorization = authorization
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.assertionType = assertionType
        self.assertion = assertion
    }
}

extension ClientCredentials {
    /// The credentials of a request's form `parameters` and `Authorization` header.
    init(parameters: [String: String], authorization: String?) {
        self.init(
            authorization: authorization, clientID: parameters["client_id"], clientSecret: parameters["client_secret"],
            assertionType: parameters["client_assertion_type"], assertion: parameters["client_assertion"])
    }
}

/// A client whose credentials were checked, with its app.
public struct AuthenticatedClient: Sendable {
    public let client: OAuthClient
    public let app: App
    /// `client_secret_basic`, `client_secret_post` or `private_key_jwt`.
    public let method: String
}

/// Checks client credentials at the token endpoint: exactly one method, the one the client
/// registered; secrets against their stored hashes; assertions signed by a registered key,
/// with `iss` = `sub` = client id, `aud` = the issuer, a short life and a `jti` never seen before.
public struct ClientAuthenticator: Sendable {
    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// The longest `exp - iat` of an accepted assertion.
    public static let maximumAssertionLifetime: Duration = .seconds(300)

    private let clients: any OAuthClientStore
    private let identity: any IdentityStore
    private let hasher: KeyHasher
    private let replays: any AssertionReplayCache
    private let issuer: @Sendable () -> String

    /// `issuer` gives the issuer identifier (the gateway's public URL, known once it listens).
    public init(
        clients: any OAuthClientStore, identity: any IdentityStore, hasher: KeyHasher, replays: any AssertionReplayCache,
        issuer: @escaping @Sendable () -> String
    ) {
        self.clients = clients
        self.identity = identity
        self.hasher = hasher
        self.replays = replays
        self.issuer = issuer
    }

    public func authenticate(_ credentials: ClientCredentials, now: Date) async throws -> AuthenticatedClient {
        let basic = try credentials.authorization.map(Self.basicCredentials)
        let methods = [basic != nil, credentials.clientSecret != nil, credentials.assertion != nil].filter { $0 }.count
        guard methods <= 1 else { throw OAuthError.invalidRequest("use exactly one client authentication method") }
        if let basic {
            return try await withSecret(clientID: basic.id, secret: basic.secret, method: "client_secret_basic", claimed: credentials.clientID, now: now)
        }
        if let secret = credentials.clientSecret {
            guard let clientID = credentials.clientID else { throw OAuthError.invalidRequest("client_secret needs client_id") }
            return try await withSecret(clientID: clientID, secret: secret, method: "client_secret_post", claimed: nil, now: now)
        }
        if let assertion = credentials.assertion {
            guard credentials.assertionType == Self.assertionType else {
                throw OAuthError.invalidRequest("client_assertion_type must be \(Self.assertionType)")
            }
            return try await withAssertion(assertion, claimed: credentials.clientID, now: now)
        }
        throw OAuthError.invalidClient("client authentication is required")
    }

    private func withSecret(clientID: String, secret: String, method: String, claimed: String?, now: Date) async throws -> AuthenticatedClient {
        if let claimed, claimed != clientID { throw OAuthError.invalidRequest("client_id does not match the authenticated client") }
        guard let (client, app) = try await registered(clientID), client.authenticationMethod == .clientSecret else {
            throw Self.failed
        }
        let offered = Array(hasher.hash(secret).utf8)
        let matches = try await clients.secrets(clientID: clientID).contains { stored in
            stored.isValid(at: now) && ConstantTime.equals(Array(stored.hash.utf8), offered)
        }
        guard matches else { throw Self.failed }
        return try Self.active(client, app, method: method)
    }

    private func withAssertion(_ assertion: String, claimed: String?, now: Date) async throws -> AuthenticatedClient {
        // The client is named by the assertion's own iss; read it before trusting anything.
        guard let unverified = try? CompactJWS(assertion),
            let named = (try? JSONValue.parse(unverified.payload))?["iss"]?.stringValue
        else { throw OAuthError.invalidClient("client_assertion is not a well-formed JWT naming its issuer") }
        if let claimed, claimed != named { throw OAuthError.invalidRequest("client_id does not match the client assertion") }
        guard let (client, app) = try await registered(named), client.authenticationMethod == .privateKeyJWT,
            let keySetDocument = client.keySet, let keys = try? JSONWebKeySet(keySetDocument)
        else { throw Self.failed }
        var verifier = JWTVerifier(
            type: nil, issuer: client.clientID, audiences: [issuer()], leeway: .seconds(30), maximumLifetime: Self.maximumAssertionLifetime)
        verifier.requiresSoleAudience = true
        let claims: JWTClaims
        do {
            claims = try verifier.verify(assertion, keys: keys, now: now)
        } catch {
            // Until a registered key has verified the signature, say nothing about the client.
            throw error.isSignatureFailure ? Self.failed : OAuthError.invalidClient("client_assertion refused: \(error.reason)")
        }
        guard claims.subject == client.clientID else { throw OAuthError.invalidClient("client_assertion refused: sub must be the client id") }
        guard let tokenID = claims.tokenID, !tokenID.isEmpty, let expiry = claims.expiry else {
            throw OAuthError.invalidClient("client_assertion refused: jti is required")
        }
        guard try await replays.firstUse(of: client.clientID + " " + tokenID, until: expiry.addingTimeInterval(30)) else {
            throw OAuthError.invalidClient("client_assertion refused: this jti was already used")
        }
        return try Self.active(client, app, method: "private_key_jwt")
    }

    /// One answer for an unknown client, a wrong method and wrong credentials, so that
    /// unauthenticated callers learn nothing about which clients exist or how they authenticate.
    private static let failed = OAuthError.invalidClient("client authentication failed")

    /// The client and its app, when both exist.
    private func registered(_ clientID: String) async throws -> (OAuthClient, App)? {
        guard let client = try await clients.client(id: clientID), let app = try await identity.app(id: clientID) else { return nil }
        return (client, app)
    }

    /// The authenticated client, unless its app is suspended (which it may now be told).
    private static func active(_ client: OAuthClient, _ app: App, method: String) throws -> AuthenticatedClient {
        guard app.status == .active else { throw OAuthError.invalidClient("the client is suspended") }
        return AuthenticatedClient(client: client, app: app, method: method)
    }

    /// The id and secret of `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1).
    static func basicCredentials(_ header: String) throws -> (id: String, secret: String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let decoded = Data(base64Encoded: String(parts[1])) else {
            throw OAuthError.invalidClient("the Authorization header must be HTTP Basic with the client id and secret")
        }
        let halves = decoded.split(separator: UInt8(ascii: ":"), maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2, let id = FormEncoding.decode(halves[0]), let secret = FormEncoding.decode(halves[1]), !id.isEmpty else {
            throw OAuthError.invalidClient("the Authorization header must be HTTP Basic with the client id and secret")
        }
        return (id, secret)
    }
}
