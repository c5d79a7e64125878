import Foundation
import LangoJSON
import LangoScriptTesting
import NIOHTTP1
import Testing

/// The authorization server over HTTP, driven by authlib (a client library that is not ours)
/// through `scripts/oauth-client.py`, with clients registered through the CLI.
@Suite struct OAuthEndToEndTests {
    static func authlib(_ request: JSONValue) async throws -> JSONValue {
        let outcome = try await RepositoryScript.runPython("oauth-client.py", input: Data(request.encodedString(.compact).utf8))
        guard outcome.status == 0, let answer = try? JSONValue.parse(outcome.output) else {
            throw HarnessError(description: "oauth-client.py failed (\(outcome.status)): \(outcome.errors)")
        }
        return answer
    }

    static func lango(_ arguments: [String], _ gateway: GatewayFixture) async throws -> String {
        let result = try await Lango.run(arguments + gateway.storeArguments)
        guard result.status == 0 else { throw HarnessError(description: "lango \(arguments) failed: \(result.standardError)") }
        return result.trimmedOutput
    }

    @Test(arguments: ["client_secret_basic", "client_secret_post"])
    func authlibGetsATokenWithAClientSecret(method: String) async throws {
        let gateway = try await GatewayFixture()
        let app = try await gateway.createApp(id: "app_fintech", environment: "sandbox")
        _ = try await Self.lango(["apps", "oauth", app, "--auth", "client_secret", "--scope", "accounts", "--scope", "payments"], gateway)
        let secret = try await Self.lango(["apps", "rotate-secret", app, "--quiet"], gateway)

        let answer = try await Self.authlib([
            "op": "client_credentials", "issuer": .string(gateway.baseURL), "client_id": .string(app), "scope": "accounts",
            "method": .string(method), "client_secret": .string(secret),
        ])
        #expect(answer["error"] == nil, "\(answer)")
        #expect(answer["token"]?["token_type"] == "Bearer")
        #expect(answer["token"]?["scope"] == "accounts")
        #expect(answer["claims"]?["sub"] == .string(app))
        #expect(answer["claims"]?["client_id"] == .string(app))
        #expect(answer["header"]?["typ"] == "at+jwt")
        #expect(answer["header"]?["alg"] == "ES256")

        let refused = try await Self.authlib([
            "op": "client_credentials", "issuer": .string(gateway.baseURL), "client_id": .string(app), "scope": "accounts",
            "method": .string(method), "client_secret": .string(secret + "x"),
        ])
        #expect(refused["error"] == "invalid_client")
    }

    /// The organisation `codeFlowClient`'s app belongs to.
    static let partner = "Fintech Labs Ltd"

    /// A code-flow client `app` (`app_fintech` unless named) registered through the CLI, also
    /// with `extraGrants`; returns its secret.
    static func codeFlowClient(
        _ gateway: GatewayFixture, app id: String = "app_fintech", redirect: String, extraGrants: [String] = [], extraScopes: [String] = []
    ) async throws -> String {
        let app = try await gateway.createApp(id: id, environment: "sandbox", partner: Self.partner)
        _ = try await Self.lango(
            [
                "apps", "oauth", app, "--auth", "client_secret", "--scope", "openid", "--scope", "profile", "--scope", "accounts",
                "--grant", "authorization_code", "--grant", "refresh_token", "--redirect-uri", redirect,
            ] + extraGrants.flatMap { ["--grant", $0] } + extraScopes.flatMap { ["--scope", $0] }, gateway)
        return try await Self.lango(["apps", "rotate-secret", app, "--quiet"], gateway)
    }

    @Test(arguments: [false, true])
    func authlibRunsTheCodeFlowWithPKCEThroughTheLoginPagesAndRefreshes(pushed: Bool) async throws {
        let gateway = try await GatewayFixture()
        let redirect = "http://127.0.0.1:9/callback"
        let secret = try await Self.codeFlowClient(gateway, redirect: redirect)
        let answer = try await Self.authlib([
            "op": "code_flow", "issuer": .string(gateway.baseURL), "client_id": "app_fintech", "client_secret": .string(secret),
            "redirect_uri": .string(redirect), "scope": "openid profile accounts", "customer": "C0001", "password": "wekeza-sandbox",
            "pushed": .bool(pushed),
        ])
        #expect(answer["error"] == nil, "\(answer)")
        let steps = try #require(answer["steps"])
        #expect(steps["login_status"] == 200)
        #expect(steps["wrong_password_notice"]?.stringValue?.contains("not right") == true)
        #expect(steps["one_time_code_shown"] == true)
        #expect(steps["decision_text"]?.stringValue?.contains("app_fintech") == true)
        #expect(steps["decision_text"]?.stringValue?.contains("See your name") == true)
        #expect(steps["redirect_status"] == 303)
        #expect(steps["redirect_base"] == .string(redirect))
        #expect(steps["redirect_query"]?["iss"] == .string(gateway.baseURL))
        #expect(steps["id_token"]?["sub"] == "C0001")
        #expect(steps["id_token"]?["aud"] == "app_fintech")
        #expect(steps["access_token"]?["sub"] == "C0001")
        #expect(steps["access_token"]?["scope"] == "openid profile accounts")
        #expect(steps["userinfo"] == ["sub": "C0001", "name": "Wanjiru Kamau"], "\(steps["userinfo"] ?? .null)")
        #expect(steps["refreshed_scope"] == "openid profile accounts")
        #expect(steps["refresh_rotated"] == true)
        #expect(steps["old_refresh_reused"] == "invalid_grant")
        #expect(steps["new_refresh_after_reuse"] == "invalid_grant")
        #expect(steps["code_replay"]?["status"] == 400)
        #expect(steps["code_replay"]?["body"]?["error"] == "invalid_grant")
        #expect(steps["introspect_after"]?["active"] == false)
    }

    @Test func theAuthorizationEndpointRefusesFaultyRequests() async throws {
        let gateway = try await GatewayFixture()
        let redirect = "http://127.0.0.1:9/callback"
        _ = try await Self.codeFlowClient(gateway, redirect: redirect)
        let answers = try await Self.authlib([
            "op": "authorize_errors", "issuer": .string(gateway.baseURL), "client_id": "app_fintech", "redirect_uri": .string(redirect),
        ])
        for name in ["pkce_missing", "pkce_plain"] {
            #expect(answers[name]?["status"] == 303, "\(name): \(answers)")
            #expect(answers[name]?["redirect_base"] == .string(redirect))
            #expect(answers[name]?["query"]?["error"] == "invalid_request")
            #expect(answers[name]?["query"]?["state"] == "s1")
            #expect(answers[name]?["query"]?["iss"] == .string(gateway.baseURL))
        }
        for name in ["redirect_mismatch", "unknown_client"] {
            #expect(answers[name]?["status"] == 400, "\(name): \(answers)")
            #expect(answers[name]?["redirect_base"] == "")
            #expect(answers[name]?["page_error"]?.stringValue?.isEmpty == false)
        }
    }

    @Test(arguments: ["ES256", "PS256"])
    func authlibGetsATokenWithPrivateKeyJWT(algorithm: String) async throws {
        let gateway = try await GatewayFixture()
        let app = try await gateway.createApp(id: "app_signed")
        let keys = try await Self.authlib(["op": "keygen", "alg": .string(algorithm)])
        let jwks = try Scratch()
        try jwks.write("jwks.json", try #require(keys["public_jwks"]).encodedString(.compact))
        _ = try await Self.lango(["apps", "oauth", app, "--auth", "private_key_jwt", "--jwks", jwks.path("jwks.json"), "--scope", "accounts"], gateway)

        let answer = try await Self.authlib([
            "op": "client_credentials", "issuer": .string(gateway.baseURL), "client_id": .string(app), "scope": "accounts",
            "method": "private_key_jwt", "private_jwk": try #require(keys["private_jwk"]),
        ])
        #expect(answer["error"] == nil, "\(answer)")
        #expect(answer["claims"]?["sub"] == .string(app))
        #expect(answer["claims"]?["scope"] == "accounts")

        // The same client with a secret instead is refused: it registered private_key_jwt.
        let wrongMethod = try await Self.authlib([
            "op": "client_credentials", "issuer": .string(gateway.baseURL), "client_id": .string(app), "scope": "accounts",
            "method": "client_secret_basic", "client_secret": "guess",
        ])
        #expect(wrongMethod["error"] == "invalid_client")
    }

    @Test func authlibIntrospectsAndRevokesATokenAsRFC7009And7662Say() async throws {
        let gateway = try await GatewayFixture()
        let app = try await gateway.createApp(id: "app_fintech", environment: "sandbox")
        _ = try await Self.lango(["apps", "oauth", app, "--auth", "client_secret", "--scope", "accounts"], gateway)
        let secret = try await Self.lango(["apps", "rotate-secret", app, "--quiet"], gateway)
        let answer = try await Self.authlib([
            "op": "revoke", "issuer": .string(gateway.baseURL), "client_id": .string(app), "client_secret": .string(secret),
        ])
        #expect(answer["before"]?["active"] == true, "\(answer)")
        #expect(answer["before"]?["client_id"] == .string(app))
        #expect(answer["before"]?["scope"] == "accounts")
        #expect(answer["revoke_status"] == 200)
        #expect(answer["after"] == ["active": false])
    }

    @Test func publishesMetadataAndKeysAndRotatesSigningKeys() async throws {
        let gateway = try await GatewayFixture()
        let metadata = try await HTTP.send(.GET, gateway.baseURL + "/.well-known/oauth-authorization-server").json
        #expect(metadata["issuer"] == .string(gateway.baseURL))
        #expect(metadata["token_endpoint"] == .string(gateway.baseURL + "/oauth2/token"))
        #expect(metadata["jwks_uri"] == .string(gateway.baseURL + "/oauth2/jwks"))
        #expect(metadata["grant_types_supported"] == ["authorization_code", "refresh_token", "client_credentials"])
        #expect(metadata["authorization_endpoint"] == .string(gateway.baseURL + "/oauth2/authorize"))
        #expect(metadata["pushed_authorization_request_endpoint"] == .string(gateway.baseURL + "/oauth2/par"))
        #expect(metadata["userinfo_endpoint"] == .string(gateway.baseURL + "/oauth2/userinfo"))
        #expect(metadata["code_challenge_methods_supported"] == ["S256"])
        #expect(metadata["request_parameter_supported"] == true)
        #expect(metadata["request_uri_parameter_supported"] == false)
        #expect(metadata["request_object_signing_alg_values_supported"] == ["ES256", "PS256"])
        #expect(metadata["response_types_supported"] == ["code"])
        #expect(metadata["authorization_response_iss_parameter_supported"] == true)
        #expect(metadata["id_token_signing_alg_values_supported"] == ["ES256"])
        let discovery = try await HTTP.send(.GET, gateway.baseURL + "/.well-known/openid-configuration").json
        #expect(discovery == metadata)

        let before = try await HTTP.send(.GET, gateway.baseURL + "/oauth2/jwks").json
        #expect(before["keys"]?.arrayValue?.count == 1)
        let rotated = try await Self.lango(["keys", "rotate-signing"], gateway)
        #expect(rotated.hasPrefix("created signing key "))
        // Every node reloads the keys within a minute; this one is asked to show them now by
        // restarting, as an operator would see after the reload interval.
        await gateway.stop()
        let restarted = try await GatewayFixture(dataDirectory: gateway.dataDirectory)
        let after = try await HTTP.send(.GET, restarted.baseURL + "/oauth2/jwks").json
        #expect(after["keys"]?.arrayValue?.count == 2)
    }

    @Test func theTokenEndpointAnswersErrorsAsRFC6749Says() async throws {
        let gateway = try await GatewayFixture()
        let url = gateway.baseURL + "/oauth2/token"
        let form = [("Content-Type", "application/x-www-form-urlencoded")]

        let noAuth = try await HTTP.send(.POST, url, headers: form, body: Array("grant_type=client_credentials".utf8))
        #expect(noAuth.status == 401)
        #expect(noAuth.header("Cache-Control") == "no-store")
        #expect(noAuth.json["error"] == "invalid_client")

        let basic = try await HTTP.send(
            .POST, url, headers: form + [("Authorization", "Basic " + Data("app_x:nope".utf8).base64EncodedString())],
            body: Array("grant_type=client_credentials".utf8))
        #expect(basic.status == 401)
        #expect(basic.header("WWW-Authenticate") == #"Basic realm="lango""#)

        let notAForm = try await HTTP.send(.POST, url, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        #expect(notAForm.status == 400)
        #expect(notAForm.json["error"] == "invalid_request")

        let repeated = try await HTTP.send(.POST, url, headers: form, body: Array("grant_type=a&grant_type=b".utf8))
        #expect(repeated.status == 400)
        #expect(repeated.json["error_description"] == "parameter grant_type is repeated")
    }

    /// A revocation made on one node reaches another node sharing the store: each reads new
    /// revocations at least every second (the bound is generous: this checks that it happens,
    /// not how fast).
    @Test func aTokenRevokedOnOneNodeStopsOnAnother() async throws {
        let shared = try Scratch()
        for file in try FileManager.default.contentsOfDirectory(atPath: Repository.policies) where file.hasSuffix(".json") {
            try shared.write("policies/\(file)", String(contentsOfFile: Repository.policies + "/" + file, encoding: .utf8))
        }
        try shared.write(
            "policies/partner.json",
            """
            { "policy": "partner", "version": 1, "rules": [
              { "id": "partner.accounts", "match": { "method": "GET", "path": "/partner/v1/accounts" },
                "auth": { "type": "bearer", "grant": "client_credentials", "scopes": ["accounts"], "customer": "required" },
                "upstream": { "adapter": "core", "operation": "accounts" } } ] }
            """)
        // Nodes of one installation share the public URL, which is the tokens' issuer and audience.
        let sameIssuer = #", "public_url": "http://lango.test""#
        let first = try await GatewayFixture(policies: shared.path("policies"), dataDirectory: shared.path("data"), extraConfiguration: sameIssuer)
        let second = try await GatewayFixture(policies: shared.path("policies"), dataDirectory: shared.path("data"), extraConfiguration: sameIssuer)
        let app = try await first.createApp(id: "app_partner")
        _ = try await Self.lango(["apps", "oauth", app, "--auth", "client_secret", "--scope", "accounts"], first)
        let secret = try await Self.lango(["apps", "rotate-secret", app, "--quiet"], first)
        let basic = ("Authorization", "Basic " + Data("\(app):\(secret)".utf8).base64EncodedString())
        let form = ("Content-Type", "application/x-www-form-urlencoded")
        let issued = try await HTTP.send(.POST, first.baseURL + "/oauth2/token", headers: [basic, form], body: Array("grant_type=client_credentials".utf8))
        let token = try #require(issued.json["access_token"]?.stringValue)

        func reason(at node: GatewayFixture) async throws -> String? {
            try await HTTP.send(.GET, node.baseURL + "/partner/v1/accounts", headers: [("Authorization", "Bearer \(token)")]).header("x-lango-reason")
        }
        // Accepted on both nodes: the token passes, and the request then lacks a customer.
        #expect(try await reason(at: first) == "customer_missing")
        #expect(try await reason(at: second) == "customer_missing")

        let revoked = try await HTTP.send(.POST, first.baseURL + "/oauth2/revoke", headers: [basic, form], body: Array("token=\(token)".utf8))
        #expect(revoked.status == 200)
        #expect(try await reason(at: first) == "token_revoked")
        var seen = try await reason(at: second)
        for _ in 0..<100 where seen != "token_revoked" {
            try await Task.sleep(for: .milliseconds(100))
            seen = try await reason(at: second)
        }
        #expect(seen == "token_revoked")
    }
}
