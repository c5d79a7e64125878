import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LangoGateway
import LangoIdentity
import LangoJSON
import LangoOAuth
import Testing

/// `auth: bearer` rules: access tokens from the gateway's own token endpoint, verified on the
/// request path, with RFC 6750 challenges.
@Suite struct BearerTests {
    static func policy(grant: String = "client_credentials", scopes: [String] = ["accounts"]) -> String {
        let scopeList = scopes.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            { "policy": "svc", "version": 1, "rules": [
              { "id": "svc.forward", "match": { "method": "GET", "path": "/svc/v1/{*rest}" },
                "auth": { "type": "bearer", "grant": "\(grant)", "scopes": [\(scopeList)] },
                "upstream": { "adapter": "svc", "operation": "forward", "path": "/upstream/{rest}", "timeout_ms": 15000 } } ] }
            """
    }

    /// Runs `body` with a gateway (also the authorization server) in front of an echo upstream,
    /// and a client `app_partner` registered with scopes accounts and payments.
    static func withGateway(
        policy: String = policy(), _ body: @Sendable (GatewayHarness, any TestClientProtocol, _ secret: String) async throws -> Void
    ) async throws {
        let upstream = Application(router: ForwardingTests.echoRouter())
        try await upstream.test(.live) { upstreamClient in
            var configuration = GatewayConfiguration()
            configuration.adapters["svc"] = .http(HTTPServiceConfiguration(url: "http://127.0.0.1:\(upstreamClient.port!)", connections: 4))
            configuration.apiKeyCacheMilliseconds = 0
            let harness = try await GatewayHarness.make(policies: ["svc.json": policy], configuration: configuration, authorizationServer: true)
            _ = try await harness.manager.createApp(id: "app_partner", name: "Partner", environment: .production)
            let registry = try #require(harness.clients)
            try await registry.register(
                OAuthClient(clientID: "app_partner", authenticationMethod: .clientSecret, scopes: ["accounts", "payments"], grantTypes: [.clientCredentials]))
            let secret = try await registry.rotateSecret(clientID: "app_partner", overlap: .zero).secret
            try await harness.test { client in try await body(harness, client, secret) }
        }
    }

    static func token(_ client: any TestClientProtocol, secret: String, scope: String = "accounts") async throws -> String {
        let response = try await client.execute(
            uri: "/oauth2/token", method: .post,
            headers: [
                .contentType: "application/x-www-form-urlencoded",
                .authorization: "Basic " + Data("app_partner:\(secret)".utf8).base64EncodedString(),
            ],
            body: ByteBuffer(string: "grant_type=client_credentials&scope=\(scope)"))
        #expect(response.status == .ok)
        return try #require(response.json["access_token"]?.stringValue)
    }

    static func call(_ client: any TestClientProtocol, token: String?, path: String = "/svc/v1/things") async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }

    @Test func aValidTokenReachesTheUpstreamWithoutItsCredential() async throws {
        try await Self.withGateway { harness, client, secret in
            let token = try await Self.token(client, secret: secret)
            let response = try await Self.call(client, token: token)
            #expect(response.status == .ok)
            #expect(response.json["path"] == "/upstream/things")
            #expect(response.json["headers"]?["authorization"] == nil)
            #expect(response.json["headers"]?["x-lango-app-id"] == "app_partner")
            #expect(harness.decisions.records.last?.appID == "app_partner")
        }
    }

    @Test func missingAndBadTokensGetRFC6750Challenges() async throws {
        try await Self.withGateway { _, client, secret in
            let missing = try await Self.call(client, token: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.header("x-lango-reason") == "credential_missing")
            #expect(missing.header("WWW-Authenticate") == #"Bearer realm="lango""#)

            let garbage = try await Self.call(client, token: "not.a.token")
            #expect(garbage.status == .unauthorized)
            #expect(garbage.header("x-lango-reason") == "token_invalid")
            #expect(garbage.header("WWW-Authenticate")?.hasPrefix(#"Bearer realm="lango", error="invalid_token""#) == true)

            let token = try await Self.token(client, secret: secret)
            var tampered = Array(token.utf8)
            tampered[tampered.count - 5] = tampered[tampered.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let forged = try await Self.call(client, token: String(decoding: tampered, as: UTF8.self))
            #expect(forged.status == .unauthorized)
            #expect(forged.header("x-lango-reason") == "token_invalid")

            var basic = HTTPFields()
            basic[.authorization] = "Basic " + Data("app_partner:\(secret)".utf8).base64EncodedString()
            let wrongScheme = try await client.execute(uri: "/svc/v1/things", method: .get, headers: basic)
            #expect(wrongScheme.header("x-lango-reason") == "credential_missing")
        }
    }

    @Test func aMissingScopeIsA403WithTheScopesNeeded() async throws {
        try await Self.withGateway { _, client, secret in
            let token = try await Self.token(client, secret: secret, scope: "payments")
            let response = try await Self.call(client, token: token)
            #expect(response.status == .forbidden)
            #expect(response.header("x-lango-reason") == "scope_missing")
            #expect(response.header("WWW-Authenticate") == #"Bearer realm="lango", error="insufficient_scope", scope="accounts""#)
        }
    }

    @Test func aTokenInTheQueryStringIsRefused() async throws {
        try await Self.withGateway { _, client, secret in
            let token = try await Self.token(client, secret: secret)
            let response = try await Self.call(client, token: token, path: "/svc/v1/things?access_token=\(token)")
            #expect(response.status == .badRequest)
            #expect(response.header("x-lango-reason") == "token_in_query")
            #expect(response.header("WWW-Authenticate")?.contains(#"error="invalid_request""#) == true)
        }
    }

    @Test func aSuspendedClientsTokensStopAtOnce() async throws {
        try await Self.withGateway { harness, client, secret in
            let token = try await Self.token(client, secret: secret)
            #expect(try await Self.call(client, token: token).status == .ok)
            _ = try await harness.manager.setStatus(.suspended, ofApp: "app_partner")
            let response = try await Self.call(client, token: token)
            #expect(response.status == .forbidden)
            #expect(response.header("x-lango-reason") == "app_suspended")
        }
    }

    @Test func aRuleForAnotherGrantRefusesClientCredentialsTokens() async throws {
        try await Self.withGateway(policy: Self.policy(grant: "authorization_code")) { _, client, secret in
            let token = try await Self.token(client, secret: secret)
            let response = try await Self.call(client, token: token)
            #expect(response.status == .forbidden)
            #expect(response.header("x-lango-reason") == "grant_not_allowed")
        }
    }

    static func form(_ client: any TestClientProtocol, _ path: String, secret: String, _ body: String) async throws -> TestResponse {
        try await client.execute(
            uri: path, method: .post,
            headers: [
                .contentType: "application/x-www-form-urlencoded",
                .authorization: "Basic " + Data("app_partner:\(secret)".utf8).base64EncodedString(),
            ],
            body: ByteBuffer(string: body))
    }

    @Test func aRevokedTokenStopsAtOnceAndIntrospectsInactive() async throws {
        try await Self.withGateway { _, client, secret in
            let token = try await Self.token(client, secret: secret)
            let active = try await Self.form(client, "/oauth2/introspect", secret: secret, "token=\(token)")
            #expect(active.status == .ok)
            #expect(active.json["active"] == true)
            #expect(active.json["client_id"] == "app_partner")
            #expect(active.header("Cache-Control") == "no-store")

            let revoked = try await Self.form(client, "/oauth2/revoke", secret: secret, "token=\(token)&token_type_hint=access_token")
            #expect(revoked.status == .ok)
            let call = try await Self.call(client, token: token)
            #expect(call.status == .unauthorized)
            #expect(call.header("x-lango-reason") == "token_revoked")
            #expect(call.header("WWW-Authenticate")?.contains(#"error="invalid_token""#) == true)
            let inactive = try await Self.form(client, "/oauth2/introspect", secret: secret, "token=\(token)")
            #expect(inactive.json == ["active": false])

            let unauthenticated = try await client.execute(
                uri: "/oauth2/introspect", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(token)"))
            #expect(unauthenticated.status == .unauthorized)
            #expect(unauthenticated.json["error"] == "invalid_client")
        }
    }
}
