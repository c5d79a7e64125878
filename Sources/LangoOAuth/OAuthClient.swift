import Foundation
import LangoJOSE
import LangoJSON

/// The OAuth 2.0 grant types Lango's authorization server knows.
public enum GrantType: String, Sendable, Hashable, CaseIterable, Codable {
    case clientCredentials = "client_credentials"
    case authorizationCode = "authorization_code"
    case refreshToken = "refresh_token"
}

/// How a client proves who it is at the token endpoint.
public enum ClientAuthenticationMethod: String, Sendable, Hashable, CaseIterable {
    /// A shared secret, sent with HTTP Basic (`client_secret_basic`) or in the form
    /// (`client_secret_post`). Not FAPI 2.0: for sandbox apps and clients that cannot sign.
    case clientSecret = "client_secret"
    /// A JWT signed with one of the client's registered keys (RFC 7523, `private_key_jwt`): FAPI 2.0.
    case privateKeyJWT = "private_key_jwt"
}

/// An app's OAuth client registration: the app id is the `client_id`; the app's status and
/// environment apply to the client.
public struct OAuthClient: Sendable, Hashable {
    public let clientID: String
    public var authenticationMethod: ClientAuthenticationMethod
    /// The client's public keys (a JWK set document), for `private_key_jwt`.
    public var keySet: JSONValue?
    /// Where the authorization endpoint may send the customer back; matched exactly.
    public var redirectURIs: [String]
    /// The scopes the client may be granted.
    public var scopes: [String]
    public var grantTypes: [GrantType]

    /// The grants of a registration that names none.
    public static let defaultGrantTypes: [GrantType] = [.clientCredentials]

    public init(
        clientID: String, authenticationMethod: ClientAuthenticationMethod, keySet: JSONValue? = nil, redirectURIs: [String] = [],
        scopes: [String], grantTypes: [GrantType]
    ) {
        self.clientID = clientID
        self.authenticationMethod = authenticationMethod
        self.keySet = keySet
        self.redirectURIs = redirectURIs
        self.scopes = scopes
        self.grantTypes = grantTypes
    }
}

/// A client secret as stored: only its hash. During a rotation the old secret keeps working
/// until `expiresAt`.
public struct ClientSecretRecord: Sendable, Hashable {
    public let id: String
    public let clientID: String
    /// HMAC-SHA256 of the secret under the installation secret, hex.
    public let hash: String
    public let createdAt: Date
    public var expiresAt: Date?

    public init(id: String, clientID: String, hash: String, createdAt: Date, expiresAt: Date?) {
        self.id = id
        self.clientID = clientID
        self.hash = hash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    public func isValid(at now: Date) -> Bool {
        expiresAt.map { now < $0 } ?? true
    }
}

/// Storage for client registrations and secrets. `LangoStore` implements it on SQL;
/// ``InMemoryOAuthClientStore`` is the twin for tests.
public protocol OAuthClientStore: Sendable {
    func client(id: String) async throws -> OAuthClient?
    /// Adds or replaces a client's registration.
    func saveClient(_ client: OAuthClient) async throws
    /// A client's secrets, oldest first.
    func secrets(clientID: String) async throws -> [ClientSecretRecord]
    /// Stores `expiring` (with their new `expiresAt`) and adds `added`, atomically: a rotation.
    func rotateSecrets(expiring: [ClientSecretRecord], adding added: ClientSecretRecord) async throws
    /// Ends, at `date`, every secret of the client still valid then.
    func expireSecrets(clientID: String, at date: Date) async throws
}

/// The in-memory ``OAuthClientStore``.
public actor InMemoryOAuthClientStore: OAuthClientStore {
    private var clients: [String: OAuthClient] = [:]
    private var secretsByID: [String: ClientSecretRecord] = [:]

    public init() {}

    public func client(id: String) -> OAuthClient? { clients[id] }

    public func saveClient(_ client: OAuthClient) { clients[client.clientID] = client }

    public func secrets(clientID: String) -> [ClientSecretRecord] {
        secretsByID.values.filter { $0.clientID == clientID }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func rotateSecrets(expiring: [ClientSecretRecord], adding added: ClientSecretRecord) {
        for secret in expiring { secretsByID[secret.id] = secret }
        secretsByID[added.id] = added
    }

    public func expireSecrets(clientID: String, at date: Date) {
        for (id, secret) in secretsByID where secret.clientID == clientID && secret.isValid(at: date) {
            secretsByID[id]?.expiresAt = date
        }
    }
}
