import Foundation
import LangoJOSE
import LangoJSON

/// A signed request object (RFC 9101; OpenID Connect Core §6.1; the OBIE and FAPI profiles):
/// the authorization request's parameters as the claims of a JWT the client signed with one of
/// its registered keys.
///
/// Only the object's parameters count (FAPI): parameters outside it, other than `client_id`,
/// are ignored. It must be signed (ES256 or PS256) by a key in the client's JWK set, name the
/// client as `iss`, be meant for this issuer (`aud`), and carry `nbf` and `exp` no more than
/// ``maximumLifetime`` apart.
public enum RequestObject {
    /// The longest `exp - nbf` accepted (FAPI: 60 minutes).
    public static let maximumLifetime: Duration = .seconds(3600)

    /// Types a request object may declare in its header (RFC 9101 §10.8 explicit typing); other
    /// JWTs (access tokens, client assertions with a type) are not request objects.
    static let acceptedTypes = ["oauth-authz-req+jwt", "JWT"]

    /// JWT claims that describe the object itself, not the request.
    private static let envelopeClaims: Set<String> = ["iss", "aud", "exp", "nbf", "iat", "jti"]

    /// The authorization request parameters `token` carries for `client`, once its signature,
    /// issuer, audience and times are checked at `now`; `client_id` is the client's.
    public static func parameters(
        _ token: String, client: OAuthClient, issuer: String, now: Date
    ) throws(OAuthError) -> [String: String] {
        guard let document = client.keySet, let keys = try? JSONWebKeySet(document) else {
            throw .invalidRequestObject("the client has no registered JWK set to verify a request object with")
        }
        let jws: CompactJWS
        do {
            jws = try CompactJWS(token)
        } catch {
            throw .invalidRequestObject("request object refused: \(error.reason)")
        }
        if let type = jws.type, !acceptedTypes.contains(where: { JWTVerifier.isType(type, $0) }) {
            throw .invalidRequestObject("typ \(type) is not a request object's (oauth-authz-req+jwt)")
        }
        let claims: JWTClaims
        do {
            claims = try JWTVerifier(type: nil, issuer: client.clientID, audiences: [issuer]).verify(token, keys: keys, now: now)
        } catch {
            throw .invalidRequestObject("request object refused: \(error.reason)")
        }
        guard let notBefore = claims.notBefore, let expiry = claims.expiry else {
            throw .invalidRequestObject("request object refused: nbf and exp are required")
        }
        guard expiry.timeIntervalSince(notBefore) <= maximumLifetime.timeInterval else {
            throw .invalidRequestObject("request object refused: exp may be at most \(maximumLifetime.components.seconds) seconds after nbf")
        }
        var parameters: [String: String] = [:]
        for (name, value) in claims.members where !envelopeClaims.contains(name) {
            switch (name, value) {
            case ("request", _), ("request_uri", _):
                throw .invalidRequestObject("a request object may not carry \(name)")
            case (_, .string(let text)):
                parameters[name] = text
            case ("claims", .object):
                parameters[name] = value.encodedString(.compact)
            case ("max_age", .integer(let seconds)):
                parameters[name] = String(seconds)
            default:
                throw .invalidRequestObject("\(name) must be a string in the request object")
            }
        }
        if let named = parameters["client_id"], named != client.clientID {
            throw .invalidRequestObject("client_id in the request object is not the client's")
        }
        parameters["client_id"] = client.clientID
        return parameters
    }
}
