import Foundation
import LangoCrypto
import LangoJOSE
import LangoJSON
import LangoOAuth
import Testing

/// Signed request objects (RFC 9101) at the authorization and pushed-request endpoints: only a
/// verified object's parameters count, and a faulty one is shown to the customer, never
/// redirected.
@Suite struct RequestObjectTests {
    /// ``CodeFlowTests/server()`` plus `app_signed`, a code-flow client with the fixture's
    /// client key registered.
    static func server() async throws -> AuthorizationServerFixture {
        let (server, _) = try await CodeFlowTests.server()
        try await server.app("app_signed")
        let keySet = JSONWebKeySet([JSONWebKey(keyID: "ck1", publicKey: server.clientKey.publicKey)])
        try await server.registry.register(
            OAuthClient(
                clientID: "app_signed", authenticationMethod: .privateKeyJWT, keySet: try keySet.jsonValue,
                redirectURIs: [CodeFlowTests.redirect], scopes: ["openid", "accounts"], grantTypes: [.authorizationCode]))
        return server
    }

    /// A request object for `app_signed` asking for `openid accounts`, signed with `key` (the
    /// registered one by default), its claims edited by `edit`.
    static func object(
        _ server: AuthorizationServerFixture, key: SigningKey? = nil, type: String? = nil, edit: (inout [String: JSONValue]) -> Void = { _ in }
    ) throws -> String {
        let now = Int64(server.clock.date.timeIntervalSince1970)
        var claims: [String: JSONValue] = [
            "iss": "app_signed", "aud": .string(AuthorizationServerFixture.issuer), "nbf": .integer(now), "exp": .integer(now + 300),
            "jti": "ro-1",
        ]
        for (name, value) in CodeFlowTests.request({ $0["client_id"] = "app_signed"; $0["scope"] = "openid accounts" }) {
            claims[name] = .string(value)
        }
        edit(&claims)
        let payload = JSONValue.object(JSONObject(claims.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        return try CompactJWS.sign(
            payload: Array(payload.encodedString(.compact).utf8), header: type.map { ["typ": .string($0)] } ?? [:],
            key: key ?? server.clientKey, keyID: "ck1")
    }

    @Test func onlyTheVerifiedObjectsParametersCount() async throws {
        let server = try await Self.server()
        let outer = ["client_id": "app_signed", "request": try Self.object(server), "state": "outer", "scope": "openid", "response_type": "token"]
        guard case .show(let started, _) = try await server.authorization.authorize(outer) else {
            Issue.record("the request object did not start an interaction")
            return
        }
        #expect(started.request.scopes == ["openid", "accounts"])
        #expect(started.request.state == "st-1")
        #expect(started.request.nonce == "n-1")

        let answer = try await CodeFlowTests.walk(server, ["client_id": "app_signed", "request": try Self.object(server, type: "oauth-authz-req+jwt")])
        #expect(answer["state"] == "st-1")
        #expect(answer["code"] != nil)
    }

    @Test func theObjectCarriesTheIntentInItsClaims() async throws {
        let server = try await Self.server()
        let claims: JSONValue = ["id_token": ["openbanking_intent_id": ["value": "aac-1", "essential": true]]]
        // This fixture has no intents: the claim is read from the object, and refused for that.
        let step = try await server.authorization.authorize(["client_id": "app_signed", "request": try Self.object(server) { $0["claims"] = claims }])
        guard case .redirect(let url) = step else {
            Issue.record("not redirected: \(step)")
            return
        }
        let answer = try CodeFlowTests.query(url)
        #expect(answer["error"] == "invalid_request")
        #expect(answer["error_description"] == "this server does not take openbanking_intent_id", "\(answer)")
    }

    @Test func aPushedObjectIsCheckedAndKept() async throws {
        let server = try await Self.server()
        let form: [(name: String, value: String)] = [
            ("client_assertion_type", ClientAuthenticator.assertionType), ("client_assertion", try server.assertion("app_signed")),
            ("request", try Self.object(server)),
        ]
        let pushed = try await server.authorization.push(form: form, authorization: nil)
        let requestURI = try #require(pushed["request_uri"]?.stringValue)
        let answer = try await CodeFlowTests.walk(server, ["client_id": "app_signed", "request_uri": requestURI])
        #expect(answer["state"] == "st-1")
        #expect(answer["code"] != nil)

        let expired: [(name: String, value: String)] = [
            ("client_assertion_type", ClientAuthenticator.assertionType), ("client_assertion", try server.assertion("app_signed")),
            ("request", try Self.object(server) { $0["exp"] = .integer(Int64(server.clock.date.timeIntervalSince1970) - 120) }),
        ]
        await CodeFlowTests.expectError("invalid_request_object") { try await server.authorization.push(form: expired, authorization: nil) }
        let faulty: [(name: String, value: String)] = [
            ("client_assertion_type", ClientAuthenticator.assertionType), ("client_assertion", try server.assertion("app_signed")),
            ("request", try Self.object(server) { $0["code_challenge_method"] = "plain" }),
        ]
        await CodeFlowTests.expectError("invalid_request") { try await server.authorization.push(form: faulty, authorization: nil) }
    }

    enum Fault: String, CaseIterable, Sendable {
        case strangersKey, otherAudience, otherIssuer, expired, noNotBefore, livesTooLong, otherClientID, accessTokenType, nestedRequestURI,
            numericState, unsigned
    }

    @Test(arguments: Fault.allCases)
    func aFaultyObjectIsShownToTheCustomer(fault: Fault) async throws {
        let server = try await Self.server()
        let now = Int64(server.clock.date.timeIntervalSince1970)
        let object: String
        switch fault {
        case .strangersKey: object = try Self.object(server, key: try SigningKey.generate(.es256))
        case .otherAudience: object = try Self.object(server) { $0["aud"] = "https://other.example" }
        case .otherIssuer: object = try Self.object(server) { $0["iss"] = "app_fintech" }
        case .expired: object = try Self.object(server) { $0["exp"] = .integer(now - 120) }
        case .noNotBefore: object = try Self.object(server) { $0["nbf"] = nil }
        case .livesTooLong: object = try Self.object(server) { $0["exp"] = .integer(now + 3601) }
        case .otherClientID: object = try Self.object(server) { $0["client_id"] = "app_fintech" }
        case .accessTokenType: object = try Self.object(server, type: "at+jwt")
        case .nestedRequestURI: object = try Self.object(server) { $0["request_uri"] = "urn:ietf:params:oauth:request_uri:x" }
        case .numericState: object = try Self.object(server) { $0["state"] = 7 }
        case .unsigned: object = "eyJhbGciOiJub25lIn0.e30."
        }
        guard case .refuse(let error) = try await server.authorization.authorize(["client_id": "app_signed", "request": object]) else {
            Issue.record("\(fault) was not refused on the page")
            return
        }
        #expect(error.error == "invalid_request_object", "\(fault): \(error)")
    }

    @Test func aClientWithoutKeysCannotSendOne() async throws {
        let (server, _) = try await CodeFlowTests.server()
        let object = try CompactJWS.sign(payload: Array(#"{"iss":"app_fintech"}"#.utf8), key: server.clientKey, keyID: "ck1")
        guard case .refuse(let error) = try await server.authorization.authorize(["client_id": "app_fintech", "request": object]) else {
            Issue.record("a client without keys sent a request object")
            return
        }
        #expect(error == .invalidRequestObject("the client has no registered JWK set to verify a request object with"))
        guard case .refuse(let both) = try await server.authorization.authorize(
            ["client_id": "app_fintech", "request": object, "request_uri": "urn:ietf:params:oauth:request_uri:x"])
        else {
            Issue.record("request and request_uri together were accepted")
            return
        }
        #expect(both.error == "invalid_request")
    }
}
