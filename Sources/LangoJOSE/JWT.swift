import Foundation
import LangoCrypto
import LangoJSON

/// The claims of a JWT (RFC 7519) whose signature and registered claims have been checked.
public struct JWTClaims: Sendable, Hashable {
    public let members: JSONObject

    public init(_ members: JSONObject) {
        self.members = members
    }

    public subscript(name: String) -> JSONValue? { members[name] }

    public var issuer: String? { members["iss"]?.stringValue }
    public var subject: String? { members["sub"]?.stringValue }
    public var tokenID: String? { members["jti"]?.stringValue }
    /// `aud`, a string or an array of strings, as a list.
    public var audience: [String] {
        if let one = members["aud"]?.stringValue { return [one] }
        return members["aud"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
    public var expiry: Date? { date("exp") }
    public var notBefore: Date? { date("nbf") }
    public var issuedAt: Date? { date("iat") }

    /// A NumericDate claim: seconds since the epoch, possibly fractional (RFC 7519 §2).
    private func date(_ name: String) -> Date? {
        members[name]?.doubleValue.map { Date(timeIntervalSince1970: $0) }
    }
}

/// Checks JWTs: form, algorithm, signature, `typ`, issuer, audience and times.
///
/// Times are seconds since the epoch; `leeway` forgives clock skew on `nbf` and `iat`, and on
/// `exp` unless `expiryLeeway` says otherwise. A token must carry `exp` (a token that never
/// expires is refused) and `iat` must not lie in the future.
public struct JWTVerifier: Sendable {
    /// The `typ` header required (compared without case and an `application/` prefix, per RFC
    /// 8725 §3.11), or `nil` to accept any.
    public var type: String?
    /// The `iss` required, or `nil` for any.
    public var issuer: String?
    /// One of these must be in `aud`; empty for no audience check.
    public var audiences: Set<String>
    /// Whether `aud` must be a single string (one of ``audiences``), as FAPI 2.0 requires of
    /// client assertions against audience injection; otherwise an array containing one passes.
    public var requiresSoleAudience = false
    public var leeway: Duration
    /// The skew forgiven on `exp`; `nil` for ``leeway``.
    public var expiryLeeway: Duration?
    /// The longest `exp - iat` accepted, when set (client assertions must be short-lived).
    public var maximumLifetime: Duration?

    public init(type: String?, issuer: String?, audiences: Set<String>, leeway: Duration = .seconds(30), maximumLifetime: Duration? = nil) {
        self.type = type
        self.issuer = issuer
        self.audiences = audiences
        self.leeway = leeway
        self.maximumLifetime = maximumLifetime
    }

    /// The claims of `token` when it is signed by a key in `keys` and meets every requirement at `now`.
    public func verify(_ token: String, keys: JSONWebKeySet, now: Date) throws(JOSEError) -> JWTClaims {
        let jws = try CompactJWS(token)
        try check(type: jws.type)
        try jws.verify(with: keys)
        guard let members = (try? JSONValue.parse(jws.payload))?.objectValue else { throw .malformed("the payload is not a JSON object") }
        let claims = JWTClaims(members)
        try check(claims, now: now)
        return claims
    }

    private func check(type found: String?) throws(JOSEError) {
        guard let type else { return }
        guard let found, Self.isType(found, type) else { throw .wrongType(expected: type, found: found) }
    }

    /// Whether the `typ` header `found` names media type `expected`: compared without case and
    /// an `application/` prefix (RFC 8725 §3.11).
    public static func isType(_ found: String, _ expected: String) -> Bool {
        func normalised(_ text: String) -> String {
            let lower = text.lowercased()
            return lower.hasPrefix("application/") ? String(lower.dropFirst("application/".count)) : lower
        }
        return normalised(found) == normalised(expected)
    }

    private func check(_ claims: JWTClaims, now: Date) throws(JOSEError) {
        for name in ["iss", "sub", "jti"] {
            if let value = claims[name], value.stringValue == nil { throw .claim("\"\(name)\" must be a string") }
        }
        for name in ["exp", "nbf", "iat"] {
            if let value = claims[name], value.doubleValue == nil { throw .claim("\"\(name)\" must be a number of seconds") }
        }
        if let issuer, claims.issuer != issuer { throw .claim("the issuer (iss) is not \"\(issuer)\"") }
        if !audiences.isEmpty {
            if let aud = claims["aud"], aud.stringValue == nil, aud.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
                throw .claim("\"aud\" must be a string or an array of strings")
            }
            guard claims.audience.contains(where: audiences.contains) else { throw .claim("the token is not meant for this audience (aud)") }
            if requiresSoleAudience, claims["aud"]?.stringValue == nil {
                throw .claim("\"aud\" must be the issuer identifier alone, as a string")
            }
        }
        let leewaySeconds = leeway.timeInterval
        guard let expiry = claims.expiry else { throw .claim("the token has no expiry (exp)") }
        guard now.timeIntervalSince(expiry) < (expiryLeeway ?? leeway).timeInterval else { throw .expired }
        if let notBefore = claims.notBefore, notBefore.timeIntervalSince(now) > leewaySeconds { throw .notYetValid }
        if let issuedAt = claims.issuedAt, issuedAt.timeIntervalSince(now) > leewaySeconds { throw .notYetValid }
        if let maximumLifetime {
            guard let issuedAt = claims.issuedAt else { throw .claim("the token has no issue time (iat)") }
            guard expiry.timeIntervalSince(issuedAt) <= maximumLifetime.timeInterval else {
                throw .claim("the token lives longer than \(maximumLifetime.components.seconds) seconds")
            }
        }
    }
}
