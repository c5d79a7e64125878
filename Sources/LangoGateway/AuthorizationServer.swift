import Foundation
import HTTPTypes
import Hummingbird
import LangoConsent
import LangoIdentity
import LangoJOSE
import LangoJSON
import LangoOAuth
import LangoPayments
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
    /// Pushed requests, customers' interactions, codes and refresh tokens.
    public var grants: any AuthorizationGrantStore
    /// The customers who log in to approve requests.
    public var customers: any CustomerStore
    /// The consents customers authorise on the decision page.
    public var consents: any ConsentStore
    /// The payments made under payment consents.
    public var payments: any PaymentStore
    /// How one-time codes reach customers; ``DisplayedOneTimeCodes`` in the sandbox.
    public var oneTimeCodes: any OneTimeCodeSender
    public var accessTokenLifetime: Duration
    public var refreshTokenLifetime: Duration
    public var requiresPushedRequests: Bool

    public init(
        keys: SigningKeyManager, clients: any OAuthClientStore, identity: any IdentityStore, hasher: KeyHasher,
        replays: any AssertionReplayCache, revokedTokens: any RevokedTokenStore, grants: any AuthorizationGrantStore,
        customers: any CustomerStore, consents: any ConsentStore, payments: any PaymentStore = InMemoryPaymentStore(), oneTimeCodes: any OneTimeCodeSender = DisplayedOneTimeCodes(), accessTokenLifetime: Duration,
        refreshTokenLifetime: Duration = .seconds(7_776_000), requiresPushedRequests: Bool = false
    ) {
        self.keys = keys
        self.clients = clients
        self.identity = identity
        self.hasher = hasher
        self.replays = replays
        self.revokedTokens = revokedTokens
        self.grants = grants
        self.customers = customers
        self.consents = consents
        self.payments = payments
        self.oneTimeCodes = oneTimeCodes
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.requiresPushedRequests = requiresPushedRequests
    }
}

/// The authorization server's HTTP endpoints: discovery (RFC 8414 and OpenID Connect), the
/// JWK set, pushed requests, the authorization endpoint and the customer's pages behind it,
/// the token, revocation, introspection and userinfo endpoints; and the verifier of the
/// tokens it issues. The issuer identifier is the gateway's public URL.
struct AuthorizationServerRoutes: Sendable {
    static let tokenPath = "/oauth2/token"
    static let jwksPath = "/oauth2/jwks"
    static let revocationPath = "/oauth2/revoke"
    static let introspectionPath = "/oauth2/introspect"
    static let pushedRequestPath = "/oauth2/par"
    static let authorizationPath = "/oauth2/authorize"
    static let continuePath = "/oauth2/authorize/continue"
    static let userInfoPath = "/oauth2/userinfo"
    /// Token requests are small forms; anything larger is refused unread.
    static let maximumFormBytes = 64 * 1024

    let keys: SigningKeyManager
    let tokens: TokenEndpoint
    let management: TokenManagement
    let authorization: AuthorizationEndpoint
    let userInfo: UserInfoEndpoint
    let pages: AuthorizationPages
    let identity: any IdentityStore
    /// The consents behind intents and the customer's consents page; `nil` without a consent store.
    let consents: GatewayConsents?
    let requiresPushedRequests: Bool
    let signingAlgorithm: String
    /// Verifies the access tokens this server issued, for `auth: bearer` rules.
    let verifier: AccessTokenVerifier
    let issuer: PublicAddress
    let scopes: [String]
    /// Whether clients present certificates (the listener's mutual TLS), so that the tokens they
    /// ask for are bound to them (RFC 8705).
    let bindsTokensToCertificates: Bool
    let logger: Logger

    /// `appCacheTTL` bounds how long a token keeps working after its app is suspended;
    /// `consents` are the intents authorization requests may carry.
    init(
        setup: AuthorizationServerSetup, consents: GatewayConsents?, issuer: PublicAddress, scopes: Set<String>, signingAlgorithm: String, appCacheTTL: Duration,
        bindsTokensToCertificates: Bool = false, logger: Logger
    ) {
        let authenticator = ClientAuthenticator(
            clients: setup.clients, identity: setup.identity, hasher: setup.hasher, replays: setup.replays, issuer: { issuer.url })
        let revoker = TokenRevoker(store: setup.revokedTokens, list: RevocationList(store: setup.revokedTokens))
        self.keys = setup.keys
        self.tokens = TokenEndpoint(
            authenticator: authenticator, keys: setup.keys,
            grants: .init(
                store: setup.grants, revoker: revoker, refreshTokenLifetime: setup.refreshTokenLifetime, intents: consents),
            issuer: { issuer.url },
            accessTokenLifetime: setup.accessTokenLifetime)
        self.verifier = AccessTokenVerifier(
            keys: setup.keys, identity: setup.identity, revocations: revoker.list, issuer: { issuer.url }, appCacheTTL: appCacheTTL)
        self.management = TokenManagement(authenticator: authenticator, verifier: verifier, revoker: revoker, issuer: { issuer.url })
        self.authorization = AuthorizationEndpoint(
            clients: setup.clients, identity: setup.identity, authenticator: authenticator, grants: setup.grants,
            customers: CustomerPasswordCheck(store: setup.customers), codes: setup.oneTimeCodes, intents: consents,
            issuer: { issuer.url },
            requiresPushedRequests: setup.requiresPushedRequests)
        self.userInfo = UserInfoEndpoint(verifier: verifier, customers: setup.customers)
        self.pages = AuthorizationPages(sandbox: setup.oneTimeCodes is DisplayedOneTimeCodes)
        self.identity = setup.identity
        self.consents = consents
        self.requiresPushedRequests = setup.requiresPushedRequests
        self.signingAlgorithm = signingAlgorithm
        self.issuer = issuer
        self.scopes = scopes.sorted()
        self.bindsTokensToCertificates = bindsTokensToCertificates
        self.logger = logger
    }

    func add(to router: Router<GatewayRequestContext>) {
        router.get("/.well-known/oauth-authorization-server") { _, _ in metadata() }
        router.get("/.well-known/openid-configuration") { _, _ in metadata() }
        router.get(RouterPath(Self.jwksPath)) { _, _ in
            let keySet = try await keys.ring().keySet.jsonValue
            return jsonResponse(keySet, headers: [.cacheControl: "public, max-age=60"])
        }
        router.post(RouterPath(Self.tokenPath)) { request, context in
            // A certificate presented over mutual TLS binds the tokens issued (RFC 8705); without
            // a client CA no connection has one to read.
            let certificate = bindsTokensToCertificates ? await context.clientCertificateThumbprint() : nil
            return await formEndpoint(request) { form, authorization in
                .object(try await tokens.respond(to: form, authorization: authorization, certificate: certificate))
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
        router.post(RouterPath(Self.pushedRequestPath)) { request, _ in
            await formEndpoint(request, status: .created) { form, header in
                .object(try await authorization.push(form: form, authorization: header))
            }
        }
        addAuthorizationPages(to: router)
        addCustomerConsentPages(to: router)
        router.get(RouterPath(Self.userInfoPath)) { request, context in await userInfoResponse(request, context) }
        router.post(RouterPath(Self.userInfoPath)) { request, context in await userInfoResponse(request, context) }
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
            "authorization_endpoint": .string(base + Self.authorizationPath),
            "pushed_authorization_request_endpoint": .string(base + Self.pushedRequestPath),
            "require_pushed_authorization_requests": .bool(requiresPushedRequests),
            "userinfo_endpoint": .string(base + Self.userInfoPath),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
            "code_challenge_methods_supported": ["S256"],
            "request_parameter_supported": true,
            "request_uri_parameter_supported": false,
            "request_object_signing_alg_values_supported": ["ES256", "PS256"],
            "claims_parameter_supported": true,
            "authorization_response_iss_parameter_supported": true,
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": .array([.string(signingAlgorithm)]),
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "email", "phone_number"],
            "prompt_values_supported": ["login", "consent"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic", "client_secret_post"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "PS256"],
            "revocation_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic", "client_secret_post"],
            "revocation_endpoint_auth_signing_alg_values_supported": ["ES256", "PS256"],
            "introspection_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic", "client_secret_post"],
            "introspection_endpoint_auth_signing_alg_values_supported": ["ES256", "PS256"],
            "scopes_supported": .array(scopes.map(JSONValue.string)),
            "tls_client_certificate_bound_access_tokens": .bool(bindsTokensToCertificates),
        ])
    }

    /// Reads a form-encoded request and answers with `handle`'s JSON with `status` (or an empty
    /// 200 for `nil`), or with the RFC 6749 error it throws.
    func formEndpoint(
        _ request: Request, status: HTTPResponse.Status = .ok,
        _ handle: ([(name: String, value: String)], _ authorization: String?) async throws -> JSONValue?
    ) async -> Response {
        let authorization = request.headers[.authorization]
        do {
            let form = try await Self.form(request)
            guard let answer = try await handle(form, authorization) else {
                return Response(status: .ok, headers: Self.noStore)
            }
            return jsonResponse(answer, status: status, headers: Self.noStore)
        } catch let error as OAuthError {
            // RFC 6749 §5.2: a client that tried HTTP Basic is answered with its challenge.
            return Self.errorResponse(error, challenge: error.httpStatus == 401 && authorization != nil ? #"Basic realm="lango""# : nil)
        } catch {
            return unexpectedFailure(error, request)
        }
    }

    /// The fields of a form-encoded request body.
    static func form(_ request: Request) async throws -> [(name: String, value: String)] {
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
        return form
    }

    /// The userinfo answer, or an RFC 6750 error with its `WWW-Authenticate` challenge.
    private func userInfoResponse(_ request: Request, _ context: GatewayRequestContext) async -> Response {
        do {
            let token = request.headers[.authorization].flatMap(GatewayPipeline.bearerToken)
            let claims = try await userInfo.claims(accessToken: token) { await context.clientCertificateThumbprint() }
            return jsonResponse(.object(claims), headers: Self.noStore)
        } catch let error as OAuthError {
            let isTokenProblem = error.httpStatus == 401 || error.httpStatus == 403
            return Self.errorResponse(
                error, challenge: isTokenProblem ? DenialMapping.bearerChallenge(error: error.error, description: error.errorDescription) : nil)
        } catch {
            return unexpectedFailure(error, request)
        }
    }

    /// An RFC 6749 §5.2 (or RFC 6750 §3) error body, with `challenge` as `WWW-Authenticate`.
    private static func errorResponse(_ error: OAuthError, challenge: String?) -> Response {
        var headers = Self.noStore
        if let challenge { headers[.wwwAuthenticate] = challenge }
        return jsonResponse(
            ["error": .string(error.error), "error_description": .string(error.errorDescription)],
            status: HTTPResponse.Status(code: error.httpStatus), headers: headers)
    }

    /// A failure that is not the client's: logged, and answered `server_error`.
    private func unexpectedFailure(_ error: any Error, _ request: Request) -> Response {
        logger.error("authorization server endpoint failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
        return Self.errorResponse(.serverError("the request could not be completed"), challenge: nil)
    }

    static let noStore: HTTPFields = [.cacheControl: "no-store", HTTPField.Name("Pragma")!: "no-cache"]
}
