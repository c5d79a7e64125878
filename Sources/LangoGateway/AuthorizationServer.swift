import Foundation
import HTTPTypes
import Hummingbird
import LangoIdentity
import LangoJOSE
import LangoJSON
import LangoOAuth
import LangoURI
import Logging

/// What the gateway needs to act as the OAuth 2.0 authorization server.
public struct AuthorizationServerSetup: Sendable {
    public var keys: SigningKeyManager
    public var clients: any OAuthClientStore
    public var identity: any IdentityStore
    public var hasher: KeyHasher
    public var replays: any AssertionReplayCache
    public var revokedTokens: any RevokedTokenStore
    public var accessTokenLifetime: Duration

    public init(
        keys: SigningKeyManager, clients: any OAuthClientStore, identity: any IdentityStore, hasher: KeyHasher,
        replays: any AssertionReplayCache, revokedTokens: any RevokedTokenStore, accessTokenLifetime: Duration
    ) {
        self.keys = keys
        self.clients = clients
        self.identity = identity
        self.hasher = hasher
        self.replays = replays
        self.revokedTokens = revokedTokens
        self.accessTokenLifetime = accessTokenLifetime
    }
}

/// The authorization server's HTTP endpoints: discovery (RFC 8414 and OpenID Connect), the
/// JWK set, and the token, revocation and introspection endpoints; and the verifier of the
/// tokens it issues. The issuer identifier is the gateway's public URL.
struct AuthorizationServerRoutes: Sendable {
    static let tokenPath = "/oauth2/token"
    static let jwksPath = "/oauth2/jwks"
    static let revocationPath = "/oauth2/revoke"
    static let introspectionPath = "/oauth2/introspect"
    /// Token requests are small forms; anything larger is refused unread.
    static let maximumFormBytes = 64 * 1024

    let keys: SigningKeyManager
    let tokens: TokenEndpoint
    let management: TokenManagement
    /// Verifies the access tokens this server issued, for `auth: bearer` rules.
    let verifier: AccessTokenVerifier
    let issuer: PublicAddress
    let scopes: [String]
    let logger: Logger

    /// `appCacheTTL` bounds how long a token keeps working after its app is suspended.
    init(setup: AuthorizationServerSetup, issuer: PublicAddress, scopes: Set<String>, appCacheTTL: Duration, logger: Logger) {
        let authenticator = ClientAuthenticator(
            clients: setup.clients, identity: setup.identity, hasher: setup.hasher, replays: setup.replays, issuer: { issuer.url })
        let revocations = RevocationList(store: setup.revokedTokens)
        self.keys = setup.keys
        self.tokens = TokenEndpoint(
            authenticator: authenticator, keys: setup.keys, issuer: { issuer.url }, accessTokenLifetime: setup.accessTokenLifetime)
        self.verifier = AccessTokenVerifier(
            keys: setup.keys, identity: setup.identity, revocations: revocations, issuer: { issuer.url }, appCacheTTL: appCacheTTL)
        self.management = TokenManagement(
            authenticator: authenticator, verifier: verifier, store: setup.revokedTokens, list: revocations, issuer: { issuer.url })
        self.issuer = issuer
        self.scopes = scopes.sorted()
        self.logger = logger
    }

    func add<Context: RequestContext>(to router: Router<Context>) {
        // OpenID Connect discovery (/.well-known/openid-configuration) arrives with ID tokens and
        // the authorization endpoint, which it must list.
        router.get("/.well-known/oauth-authorization-server") { _, _ in metadata() }
        router.get(RouterPath(Self.jwksPath)) { _, _ in
            let keySet = try await keys.ring().keySet.jsonValue
            return jsonResponse(keySet, headers: [.cacheControl: "public, max-age=60"])
        }
        router.post(RouterPath(Self.tokenPath)) { request, _ in
            await formEndpoint(request) { form, authorization in
                .object(try await tokens.respond(to: form, authorization: authorization))
            }
        }
        router.post(RouterPath(Self.revocationPath)) { request, _ in
            await formEndpoint(request) { form, authorization in
                try await management.revoke(form: form, authorization: authorization)
                return nil
            }
        }
        router.post(RouterPath(Self.introspectionPath)) { request, _ in
            await formEndpoint(request) { form, authorization in
                .object(try await management.introspect(form: form, authorization: authorization))
            }
        }
    }

    /// The server's metadata (RFC 8414). It lists only what is implemented: endpoints and
    /// grants are added as they arrive, so a client never discovers something that is not there.
    func metadata() -> Response {
        let base = issuer.url
        return jsonResponse([
            "issuer": .string(base),
            "token_endpoint": .string(base + Self.tokenPath),
            "jwks_uri": .string(base + Self.jwksPath),
            "revocation_endpoint": .string(base + Self.revocationPath),
            "introspection_endpoint": .string(base + Self.introspectionPath),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic", "client_secret_post"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "PS256"],
            "revocation_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic", "client_secret_post"],
            "revocation_endpoint_auth_signing_alg_values_supported": ["ES256", "PS256"],
            "introspection_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic", "client_secret_post"],
            "introspection_endpoint_auth_signing_alg_values_supported": ["ES256", "PS256"],
            "scopes_supported": .array(scopes.map(JSONValue.string)),
        ])
    }

    /// Reads a form-encoded request and answers with `handle`'s JSON (or an empty 200 for
    /// `nil`), or with the RFC 6749 error it throws.
    func formEndpoint(
        _ request: Request,
        _ handle: ([(name: String, value: String)], _ authorization: String?) async throws -> JSONValue?
    ) async -> Response {
        let authorization = request.headers[.authorization]
        do {
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
                throw OAuthError.invalidRequest("the body must be application/x-www-form-urlencoded")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maximumFormBytes)
            } catch {
                throw OAuthError.invalidRequest("the body is larger than \(Self.maximumFormBytes) bytes")
            }
            guard let form = FormEncoding.parse(body.readableBytesView) else {
                throw OAuthError.invalidRequest("the body is not a well-formed form")
            }
            guard let answer = try await handle(form, authorization) else {
                return Response(status: .ok, headers: Self.noStore)
            }
            return jsonResponse(answer, headers: Self.noStore)
        } catch let error as OAuthError {
            var headers = Self.noStore
            // RFC 6749 §5.2: a client that tried HTTP Basic is answered with its challenge.
            if error.httpStatus == 401, authorization != nil {
                headers[.wwwAuthenticate] = #"Basic realm="lango""#
            }
            return jsonResponse(
                ["error": .string(error.error), "error_description": .string(error.errorDescription)],
                status: HTTPResponse.Status(code: error.httpStatus), headers: headers)
        } catch {
            logger.error("authorization server endpoint failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return jsonResponse(
                ["error": "server_error", "error_description": "the request could not be completed"], status: .internalServerError,
                headers: Self.noStore)
        }
    }

    static let noStore: HTTPFields = [.cacheControl: "no-store", HTTPField.Name("Pragma")!: "no-cache"]
}
