import Foundation
import LangoCrypto
import LangoIdentity
import LangoJOSE
import LangoJSON

/// Registers apps as OAuth clients and manages their secrets, checking each registration
/// before it is stored.
public struct ClientRegistry: Sendable {
    private let clients: any OAuthClientStore
    private let identity: any IdentityStore
    private let hasher: KeyHasher
    private let knownScopes: Set<String>
    private let clock: @Sendable () -> Date

    public init(
        clients: any OAuthClientStore, identity: any IdentityStore, hasher: KeyHasher, knownScopes: Set<String>,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.clients = clients
        self.identity = identity
        self.hasher = hasher
        self.knownScopes = knownScopes
        self.clock = clock
    }

    /// Stores `client` for its app, replacing an earlier registration. Refused (with
    /// `IdentityError.invalid`) when the app is unknown, a scope is not in the vocabulary,
    /// `private_key_jwt` comes without a usable key set, the code flow without a redirect URI,
    /// or a redirect URI is not an absolute `https` URL without a fragment (sandbox apps may
    /// also use `http` on loopback).
    @discardableResult
    public func register(_ client: OAuthClient) async throws -> OAuthClient {
        guard let app = try await identity.app(id: client.clientID) else { throw IdentityError.unknownApp(client.clientID) }
        guard !client.grantTypes.isEmpty else { throw IdentityError.invalid("a client needs at least one grant type") }
        if client.grantTypes.contains(.refreshToken), !client.grantTypes.contains(.authorizationCode) {
            throw IdentityError.invalid("refresh_token needs authorization_code: refresh tokens come from the code flow")
        }
        guard !client.scopes.isEmpty else { throw IdentityError.invalid("a client needs at least one scope") }
        for scope in client.scopes where !knownScopes.contains(scope) {
            throw IdentityError.invalid("unknown scope \"\(scope)\"")
        }
        switch client.authenticationMethod {
        case .privateKeyJWT:
            guard let keySet = client.keySet else { throw IdentityError.invalid("private_key_jwt needs the client's JWK set") }
            do {
                guard try !JSONWebKeySet(keySet).keys.isEmpty else { throw IdentityError.invalid("the client's JWK set has no keys") }
            } catch let error as JOSEError {
                throw IdentityError.invalid("the client's JWK set: \(error.reason)")
            }
        case .clientSecret:
            guard client.keySet == nil else { throw IdentityError.invalid("a JWK set is only for private_key_jwt clients") }
        }
        if client.grantTypes.contains(.authorizationCode), client.redirectURIs.isEmpty {
            throw IdentityError.invalid("authorization_code needs at least one redirect URI")
        }
        for uri in client.redirectURIs {
            try Self.checkRedirectURI(uri, environment: app.environment)
        }
        try await clients.saveClient(client)
        // Secrets must not come back to life if the client later returns to client_secret.
        if client.authenticationMethod != .clientSecret {
            try await clients.expireSecrets(clientID: client.clientID, at: clock())
        }
        return client
    }

    /// A new client secret, returned once (only its hash is kept). Earlier secrets keep working
    /// for `overlap`, so a client can roll out the new one; `.zero` ends them at once.
    public func rotateSecret(clientID: String, overlap: Duration) async throws -> (secret: String, record: ClientSecretRecord) {
        guard let client = try await clients.client(id: clientID) else {
            throw IdentityError.invalid("app \(clientID) is not registered as an OAuth client")
        }
        guard client.authenticationMethod == .clientSecret else {
            throw IdentityError.invalid("app \(clientID) authenticates with private_key_jwt, not a secret")
        }
        let now = clock()
        let end = now.addingTimeInterval(overlap.timeInterval)
        let expiring = try await clients.secrets(clientID: clientID).filter { $0.isValid(at: now) }.map { secret in
            var expiring = secret
            expiring.expiresAt = min(secret.expiresAt ?? end, end)
            return expiring
        }
        let secret = "lango_cs_" + SecureRandom.token(byteCount: 32)
        let record = ClientSecretRecord(
            id: "cs_" + SecureRandom.token(byteCount: 8), clientID: clientID, hash: hasher.hash(secret), createdAt: now, expiresAt: nil)
        try await clients.rotateSecrets(expiring: expiring, adding: record)
        return (secret, record)
    }

    static func checkRedirectURI(_ text: String, environment: AppEnvironment) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw IdentityError.invalid("redirect URI \"\(text)\" is not an absolute URL")
        }
        guard url.fragment == nil else { throw IdentityError.invalid("redirect URI \"\(text)\" must not have a fragment") }
        let loopback = ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host.lowercased())
        switch scheme {
        case "https": return
        case "http" where loopback && environment == .sandbox: return
        case "http": throw IdentityError.invalid("redirect URI \"\(text)\" must use https (http only on loopback, for sandbox apps)")
        default: throw IdentityError.invalid("redirect URI \"\(text)\" must use https")
        }
    }
}
