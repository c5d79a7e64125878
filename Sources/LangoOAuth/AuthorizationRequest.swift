import Foundation
import LangoCrypto
import LangoIdentity
import LangoJSON
import LangoURI

/// A checked authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636, and OpenID Connect's
/// `nonce`): the code flow, for a registered redirect URI, with an S256 code challenge.
public struct AuthorizationRequest: Sendable, Hashable, Codable {
    public var clientID: String
    /// One of the client's registered redirect URIs, exactly as registered.
    public var redirectURI: String
    public var scopes: [String]
    public var state: String?
    public var nonce: String?
    /// The PKCE S256 challenge: base64url of the SHA-256 of the client's verifier.
    public var codeChallenge: String
    /// The OBIE intent (consent id) the customer is asked to authorise, from the
    /// `openbanking_intent_id` claim of the `claims` parameter.
    public var intentID: String?

    public init(
        clientID: String, redirectURI: String, scopes: [String], state: String?, nonce: String?, codeChallenge: String,
        intentID: String? = nil
    ) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.state = state
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.intentID = intentID
    }

    /// The client id of a customer's sign-in to the bank's own pages: no app can have it (app
    /// ids start with `app_`).
    public static let customerSignInClientID = "lango:customer-pages"

    /// A sign-in to the bank's own pages at `returnPath`: the customer authenticates as for an
    /// authorization, and no client gets a code.
    public static func customerSignIn(returnPath: String) -> AuthorizationRequest {
        AuthorizationRequest(
            clientID: customerSignInClientID, redirectURI: returnPath, scopes: [], state: nil, nonce: nil,
            codeChallenge: SecureRandom.token(byteCount: 32))
    }

    /// Whether this is a customer's sign-in to the bank's own pages, not a client's request.
    public var isCustomerSignIn: Bool { clientID == Self.customerSignInClientID }

    /// Whether the request is an OpenID Connect one, which gets an ID token.
    public var isOpenID: Bool { scopes.contains("openid") }

    /// Where the answer to this request goes back to.
    public var redirect: AuthorizationRedirect { AuthorizationRedirect(redirectURI: redirectURI, state: state) }

    /// The longest `state` or `nonce` accepted.
    public static let maximumOpaqueValueLength = 512

    /// Checks the request's `parameters` against its client's registration and app.
    ///
    /// Until the client and the redirect URI are established, a failure carries no redirect:
    /// the customer is shown the error instead of being sent to an unverified address (RFC 6749
    /// §4.1.2.1). After that, failures are sent back to the client.
    public static func validate(
        _ parameters: [String: String], client: OAuthClient?, app: App?
    ) throws(AuthorizationRequestFailure) -> AuthorizationRequest {
        guard let clientID = parameters["client_id"], !clientID.isEmpty else {
            throw AuthorizationRequestFailure(.invalidRequest("client_id is missing"))
        }
        guard let client, let app, client.clientID == clientID else {
            throw AuthorizationRequestFailure(.invalidRequest("client_id \(clientID) is not a registered client"))
        }
        guard app.status == .active else { throw AuthorizationRequestFailure(.invalidRequest("the client's app is suspended")) }
        guard let redirectURI = parameters["redirect_uri"] else {
            throw AuthorizationRequestFailure(.invalidRequest("redirect_uri is missing"))
        }
        guard client.redirectURIs.contains(redirectURI) else {
            throw AuthorizationRequestFailure(.invalidRequest("redirect_uri is not one the client registered"))
        }
        let state = parameters["state"]
        let redirect = AuthorizationRedirect(redirectURI: redirectURI, state: state)
        func fail(_ error: OAuthError) -> AuthorizationRequestFailure { AuthorizationRequestFailure(error, redirect: redirect) }

        if let state, state.count > maximumOpaqueValueLength { throw fail(.invalidRequest("state is longer than \(maximumOpaqueValueLength)")) }
        guard client.grantTypes.contains(.authorizationCode) else { throw fail(.unauthorizedClient("the client may not use the code flow")) }
        guard let responseType = parameters["response_type"] else { throw fail(.invalidRequest("response_type is missing")) }
        guard responseType == "code" else { throw fail(.unsupportedResponseType("only response_type code is supported")) }
        if let mode = parameters["response_mode"], mode != "query" { throw fail(.invalidRequest("only response_mode query is supported")) }
        guard let challenge = parameters["code_challenge"] else { throw fail(.invalidRequest("code_challenge is missing: PKCE is required")) }
        guard parameters["code_challenge_method"] == "S256" else { throw fail(.invalidRequest("code_challenge_method must be S256")) }
        guard ProofKey.isWellFormedChallenge(challenge) else { throw fail(.invalidRequest("code_challenge is not a base64url SHA-256 value")) }
        if let prompt = parameters["prompt"], prompt.split(separator: " ").contains("none") {
            throw fail(.loginRequired("the customer must log in and approve"))
        }
        let nonce = parameters["nonce"]
        if let nonce, nonce.isEmpty || nonce.count > maximumOpaqueValueLength {
            throw fail(.invalidRequest("nonce must be 1 to \(maximumOpaqueValueLength) characters"))
        }
        guard let scope = parameters["scope"] else { throw fail(.invalidScope("scope is missing")) }
        let scopes: [String]
        do {
            scopes = try TokenEndpoint.requestedScopes(scope, allowed: client.scopes)
        } catch {
            throw fail(error)
        }
        let intentID: String?
        do {
            intentID = try parameters["claims"].flatMap(intent(inClaims:))
        } catch {
            throw fail(error)
        }
        if intentID != nil, !scopes.contains("accounts"), !scopes.contains("payments") {
            throw fail(.invalidScope("a request carrying openbanking_intent_id needs the accounts or the payments scope"))
        }
        return AuthorizationRequest(
            clientID: clientID, redirectURI: redirectURI, scopes: scopes, state: state, nonce: nonce, codeChallenge: challenge,
            intentID: intentID)
    }

    /// The claim OBIE uses to name the consent a request is for.
    public static let intentClaim = "openbanking_intent_id"

    /// The intent id of an OpenID Connect `claims` parameter (§5.5):
    /// `{"id_token": {"openbanking_intent_id": {"value": "…", "essential": true}}}`, also
    /// accepted under `userinfo`; `nil` when neither names one.
    static func intent(inClaims text: String) throws(OAuthError) -> String? {
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(text)
        } catch {
            throw .invalidRequest("claims is not valid JSON: \(error)")
        }
        guard case .object(let claims) = parsed else { throw .invalidRequest("claims must be a JSON object") }
        var found: [String] = []
        for member in ["id_token", "userinfo"] {
            guard case .object(let requested)? = claims[member], let claim = requested[intentClaim] else { continue }
            guard case .object(let request) = claim, case .string(let value)? = request["value"], !value.isEmpty, value.count <= 128
            else {
                throw OAuthError.invalidRequest("claims.\(member).\(intentClaim) must be {\"value\": \"<consent id>\"}")
            }
            found.append(value)
        }
        guard Set(found).count <= 1 else { throw OAuthError.invalidRequest("claims name two different \(intentClaim) values") }
        return found.first
    }
}

/// Where an authorization response goes: the client's redirect URI, echoing its `state`.
public struct AuthorizationRedirect: Sendable, Hashable {
    public let redirectURI: String
    public let state: String?

    /// The redirect URI with `parameters`, the `state` and the issuer (`iss`, RFC 9207) added to
    /// its query.
    public func url(_ parameters: [(String, String)], issuer: String) -> String {
        var items = parameters
        if let state { items.append(("state", state)) }
        items.append(("iss", issuer))
        let separator = redirectURI.contains("?") ? "&" : "?"
        return redirectURI + separator + PercentEncoding.query(items)
    }

    /// The redirect URI carrying `error`.
    public func url(for error: OAuthError, issuer: String) -> String {
        url([("error", error.error), ("error_description", error.errorDescription)], issuer: issuer)
    }
}

/// Why an authorization request was refused, and whether the refusal may be sent back to the
/// client (`redirect`) or must be shown to the customer.
public struct AuthorizationRequestFailure: Error, Sendable {
    public let error: OAuthError
    public let redirect: AuthorizationRedirect?

    public init(_ error: OAuthError, redirect: AuthorizationRedirect? = nil) {
        self.error = error
        self.redirect = redirect
    }
}

/// PKCE (RFC 7636) with the S256 method, the only one Lango accepts.
public enum ProofKey {
    /// Whether `challenge` is 43 base64url characters: the encoding of a SHA-256 value.
    public static func isWellFormedChallenge(_ challenge: String) -> Bool {
        challenge.utf8.count == 43 && Base64URL.decode(challenge)?.count == SHA256.byteCount
    }

    /// Whether `verifier` is 43 to 128 unreserved characters (RFC 7636 §4.1) whose S256
    /// transformation is `challenge`.
    public static func verifier(_ verifier: String, matches challenge: String) -> Bool {
        let bytes = Array(verifier.utf8)
        guard (43...128).contains(bytes.count), bytes.allSatisfy(isUnreserved) else { return false }
        return ConstantTime.equals(Array(Base64URL.encode(SHA256.hash(verifier)).utf8), Array(challenge.utf8))
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
