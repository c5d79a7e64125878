/// An error answer of the authorization server, as RFC 6749 §5.2 (and the RFCs extending it)
/// define them: the `error` code, a description for the developer, and the HTTP status.
public struct OAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        case serverError = "server_error"
        case accessDenied = "access_denied"
        case unsupportedResponseType = "unsupported_response_type"
        case loginRequired = "login_required"
        case invalidRequestObject = "invalid_request_object"
        case invalidRequestURI = "invalid_request_uri"
        case invalidToken = "invalid_token"
        case insufficientScope = "insufficient_scope"
    }

    private let code: Code
    /// The `error_description`: what was wrong, in words a client developer can act on.
    public let errorDescription: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.errorDescription = description
    }

    /// A parameter is missing, repeated, malformed or not supported.
    public static func invalidRequest(_ description: String) -> Self { Self(.invalidRequest, description) }
    /// Client authentication failed: unknown client, wrong secret or assertion, no or several methods.
    public static func invalidClient(_ description: String) -> Self { Self(.invalidClient, description) }
    /// The grant (code, refresh token) is invalid, expired, revoked or issued to another client.
    public static func invalidGrant(_ description: String) -> Self { Self(.invalidGrant, description) }
    /// The client may not use this grant type.
    public static func unauthorizedClient(_ description: String) -> Self { Self(.unauthorizedClient, description) }
    public static func unsupportedGrantType(_ description: String) -> Self { Self(.unsupportedGrantType, description) }
    /// A requested scope is unknown or not allowed for the client.
    public static func invalidScope(_ description: String) -> Self { Self(.invalidScope, description) }
    public static func serverError(_ description: String) -> Self { Self(.serverError, description) }
    /// The customer (or the server on their behalf) refused the authorization request.
    public static func accessDenied(_ description: String) -> Self { Self(.accessDenied, description) }
    public static func unsupportedResponseType(_ description: String) -> Self { Self(.unsupportedResponseType, description) }
    /// `prompt=none` asked for, but the customer must log in (OpenID Connect Core §3.1.2.6).
    public static func loginRequired(_ description: String) -> Self { Self(.loginRequired, description) }
    /// The `request` object is not signed by the client, not meant for this server, expired, or
    /// malformed (RFC 9101 §6.3).
    public static func invalidRequestObject(_ description: String) -> Self { Self(.invalidRequestObject, description) }
    /// The `request_uri` is unknown, used or expired (RFC 9126 §4).
    public static func invalidRequestURI(_ description: String) -> Self { Self(.invalidRequestURI, description) }
    /// A bearer token at a protected resource (the userinfo endpoint) is missing or not valid (RFC 6750 §3.1).
    public static func invalidToken(_ description: String) -> Self { Self(.invalidToken, description) }
    /// The bearer token lacks a scope the resource needs (RFC 6750 §3.1).
    public static func insufficientScope(_ description: String) -> Self { Self(.insufficientScope, description) }

    /// The `error` code.
    public var error: String { code.rawValue }

    /// 401 for client and bearer token authentication failures, 403 for a missing scope, 500
    /// for the server's own, 400 otherwise.
    public var httpStatus: Int {
        switch code {
        case .invalidClient, .invalidToken: 401
        case .insufficientScope: 403
        case .serverError: 500
        default: 400
        }
    }

    public var description: String { "\(error): \(errorDescription)" }
}
