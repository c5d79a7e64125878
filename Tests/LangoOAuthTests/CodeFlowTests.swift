import Foundation
import LangoCrypto
import LangoIdentity
import LangoJOSE
import LangoJSON
import LangoOAuth
import Testing

/// The authorization code flow on in-memory stores: the authorization request's checks, the
/// customer's steps, the code exchange with PKCE, refresh token rotation, and what replays revoke.
@Suite struct CodeFlowTests {
    static let redirect = "https://fintech.example/cb"
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static var challenge: String { Base64URL.encode(SHA256.hash(verifier)) }

    /// A server with a code-flow client `app_fintech` (secret returned) and customer C0001.
    static func server() async throws -> (AuthorizationServerFixture, auth: String) {
        let server = try await AuthorizationServerFixture()
        try await server.app("app_fintech")
        try await server.registry.register(
            OAuthClient(
                clientID: "app_fintech", authenticationMethod: .clientSecret, redirectURIs: [redirect],
                scopes: ["openid", "profile", "accounts"], grantTypes: [.authorizationCode, .refreshToken, .clientCredentials]))
        let secret = try await server.registry.rotateSecret(clientID: "app_fintech", overlap: .zero).secret
        await server.customers.saveCustomer(
            Customer(id: "C0001", name: "Wanjiru", passwordHash: AuthorizationServerFixture.quickHasher.hash("pw")))
        return (server, AuthorizationServerFixture.basic("app_fintech", secret))
    }

    static func request(_ edit: (inout [String: String]) -> Void = { _ in }) -> [String: String] {
        var parameters = [
            "client_id": "app_fintech", "redirect_uri": redirect, "response_type": "code", "scope": "openid profile accounts",
            "state": "st-1", "nonce": "n-1", "code_challenge": challenge, "code_challenge_method": "S256",
        ]
        edit(&parameters)
        return parameters
    }

    /// The query of a redirect to the client.
    static func query(_ url: String) throws -> [String: String] {
        let components = try #require(URLComponents(string: url))
        #expect(url.hasPrefix(redirect + "?"))
        return Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
    }

    /// Walks the customer through the pages: password, one-time code, then `decision`.
    static func walk(
        _ server: AuthorizationServerFixture, _ parameters: [String: String], approve: Bool = true
    ) async throws -> [String: String] {
        guard case .show(let started, let secret?) = try await server.authorization.authorize(parameters) else {
            Issue.record("the request did not start an interaction")
            return [:]
        }
        func submit(_ action: AuthorizationEndpoint.Submission.Action) async throws -> AuthorizationStep {
            try await server.authorization.submit(
                .init(interactionID: started.id, browserSecret: secret, formToken: started.formToken, action: action))
        }
        guard case .show(let codeStage, _) = try await submit(.logIn(customerID: "C0001", password: "pw")),
            case .oneTimeCode(_, _, .shown(let code)) = codeStage.stage
        else {
            Issue.record("the password did not lead to the one-time code")
            return [:]
        }
        guard case .show(let decision, _) = try await submit(.confirm(code: code)), case .decision = decision.stage else {
            Issue.record("the code did not lead to the decision")
            return [:]
        }
        guard case .redirect(let url) = try await submit(approve ? .approve(accountIDs: []) : .deny) else {
            Issue.record("the decision did not redirect")
            return [:]
        }
        return try query(url)
    }

    static func exchange(_ server: AuthorizationServerFixture, code: String, auth: String, verifier: String = verifier, redirect: String = redirect)
        async throws -> JSONObject
    {
        try await server.token(
            [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier)], authorization: auth)
    }

    static func expectError(_ expected: String, _ body: () async throws -> Any) async {
        do {
            _ = try await body()
            Issue.record("expected \(expected)")
        } catch let error as OAuthError {
            #expect(error.error == expected, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theCustomersApprovalGivesACodeThatBuysTokensForTheCustomer() async throws {
        let (server, auth) = try await Self.server()
        let answer = try await Self.walk(server, Self.request())
        #expect(answer["state"] == "st-1")
        #expect(answer["iss"] == AuthorizationServerFixture.issuer)
        let code = try #require(answer["code"])

        let tokens = try await Self.exchange(server, code: code, auth: auth)
        #expect(tokens["scope"] == "openid profile accounts")
        #expect(tokens["refresh_token"]?.stringValue?.isEmpty == false)
        let accessToken = try #require(tokens["access_token"]?.stringValue)
        guard case .valid(let verified, _) = await server.verifier.verify(accessToken) else {
            Issue.record("the access token does not verify")
            return
        }
        #expect(verified.customer == "C0001")
        #expect(verified.grant == .authorizationCode)
        #expect(verified.clientID == "app_fintech")

        let idToken = try #require(tokens["id_token"]?.stringValue)
        let claims = try JWTVerifier(type: "JWT", issuer: AuthorizationServerFixture.issuer, audiences: ["app_fintech"])
            .verify(idToken, keys: try await server.keys.ring().keySet, now: server.clock.date)
        #expect(claims.subject == "C0001")
        #expect(claims["nonce"] == "n-1")
        #expect(claims["auth_time"] == .integer(Int64(server.clock.date.timeIntervalSince1970)))
    }

    /// RFC 8705 on the code flow: the code exchange and each refresh bind the access token to the
    /// certificate that request came with, and userinfo serves a bound token only with it.
    @Test func codeAndRefreshTokensAreBoundToTheCertificateTheyWereAskedWith() async throws {
        let (server, auth) = try await Self.server()
        let code = try #require(try await Self.walk(server, Self.request())["code"])
        let exchanged = try await server.endpoint.respond(
            to: [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Self.redirect), ("code_verifier", Self.verifier)]
                .map { (name: $0.0, value: $0.1) },
            authorization: auth, certificate: "thumbprint-A")
        let accessToken = try #require(exchanged["access_token"]?.stringValue)
        let refreshToken = try #require(exchanged["refresh_token"]?.stringValue)
        guard case .valid(let bound, _) = await server.verifier.verify(accessToken) else { Issue.record("not valid"); return }
        #expect(bound.certificateThumbprint == "thumbprint-A")

        let userInfo = UserInfoEndpoint(verifier: server.verifier, customers: server.customers)
        #expect(try await userInfo.claims(accessToken: accessToken, presentedCertificate: { "thumbprint-A" })["sub"] == "C0001")
        await Self.expectError("invalid_token") { try await userInfo.claims(accessToken: accessToken, presentedCertificate: { "thumbprint-B" }) }
        await Self.expectError("invalid_token") { try await userInfo.claims(accessToken: accessToken, presentedCertificate: { nil }) }

        // A refresh binds the new access token to the certificate of the refresh request.
        let refreshed = try await server.endpoint.respond(
            to: [(name: "grant_type", value: "refresh_token"), (name: "refresh_token", value: refreshToken)], authorization: auth,
            certificate: "thumbprint-C")
        let renewed = try #require(refreshed["access_token"]?.stringValue)
        guard case .valid(let rebound, _) = await server.verifier.verify(renewed) else { Issue.record("not valid"); return }
        #expect(rebound.certificateThumbprint == "thumbprint-C")
    }

    @Test func theUserInfoEndpointReleasesWhatTheScopesAllow() async throws {
        let (server, auth) = try await Self.server()
        let code = try #require(try await Self.walk(server, Self.request())["code"])
        let accessToken = try #require(try await Self.exchange(server, code: code, auth: auth)["access_token"]?.stringValue)
        let userInfo = UserInfoEndpoint(verifier: server.verifier, customers: server.customers)
        let claims = try await userInfo.claims(accessToken: accessToken, presentedCertificate: { nil })
        #expect(claims == ["sub": "C0001", "name": "Wanjiru"])

        let clientToken = try #require(
            try await server.token([("grant_type", "client_credentials"), ("scope", "accounts")], authorization: auth)["access_token"]?.stringValue)
        await Self.expectError("invalid_token") { try await userInfo.claims(accessToken: clientToken, presentedCertificate: { nil }) }
        await Self.expectError("invalid_token") { try await userInfo.claims(accessToken: nil, presentedCertificate: { nil }) }
        await Self.expectError("invalid_token") { try await userInfo.claims(accessToken: "not-a-token", presentedCertificate: { nil }) }
    }

    @Test(arguments: [
        ("code_challenge", nil, "invalid_request"),
        ("code_challenge_method", "plain", "invalid_request"),
        ("code_challenge_method", nil, "invalid_request"),
        ("code_challenge", "too-short", "invalid_request"),
        ("response_type", "token", "unsupported_response_type"),
        ("response_type", nil, "invalid_request"),
        ("scope", "openid payments", "invalid_scope"),
        ("scope", nil, "invalid_scope"),
        ("prompt", "none", "login_required"),
        ("response_mode", "fragment", "invalid_request"),
        ("claims", "{not json", "invalid_request"),
        ("claims", #"["openbanking_intent_id"]"#, "invalid_request"),
        ("claims", #"{"id_token": {"openbanking_intent_id": "aac-1"}}"#, "invalid_request"),
        ("claims", #"{"id_token": {"openbanking_intent_id": {"value": "aac-1"}}, "userinfo": {"openbanking_intent_id": {"value": "aac-2"}}}"#, "invalid_request"),
        // Well formed, but this server was set up without intents.
        ("claims", #"{"id_token": {"openbanking_intent_id": {"value": "aac-1", "essential": true}}}"#, "invalid_request"),
    ] as [(String, String?, String)])
    func aFaultyRequestGoesBackToTheClientWithItsError(parameter: String, value: String?, error: String) async throws {
        let (server, _) = try await Self.server()
        let step = try await server.authorization.authorize(Self.request { $0[parameter] = value })
        guard case .redirect(let url) = step else {
            Issue.record("\(parameter)=\(value ?? "nil") was not redirected: \(step)")
            return
        }
        let answer = try Self.query(url)
        #expect(answer["error"] == error)
        #expect(answer["state"] == "st-1")
        #expect(answer["iss"] == AuthorizationServerFixture.issuer)
        #expect(answer["code"] == nil)
    }

    @Test func anIntentNeedsTheAccountsScope() async throws {
        let (server, _) = try await Self.server()
        let step = try await server.authorization.authorize(
            Self.request {
                $0["scope"] = "openid profile"
                $0["claims"] = #"{"id_token": {"openbanking_intent_id": {"value": "aac-1"}}}"#
            })
        guard case .redirect(let url) = step else {
            Issue.record("not redirected: \(step)")
            return
        }
        #expect(try Self.query(url)["error"] == "invalid_scope")
    }

    @Test(arguments: [
        ("redirect_uri", "https://evil.example/cb"), ("redirect_uri", nil), ("client_id", "app_unknown"), ("client_id", nil),
    ] as [(String, String?)])
    func anUntrustedClientOrRedirectIsShownToTheCustomerNotRedirected(parameter: String, value: String?) async throws {
        let (server, _) = try await Self.server()
        guard case .refuse(let error) = try await server.authorization.authorize(Self.request { $0[parameter] = value }) else {
            Issue.record("\(parameter)=\(value ?? "nil") was not refused on the page")
            return
        }
        #expect(error.error == "invalid_request")
    }

    @Test func theCodeExchangeChecksPKCETheRedirectURIAndTheClient() async throws {
        let (server, auth) = try await Self.server()
        let otherSecret = try await server.secretClient("app_other")
        let other = AuthorizationServerFixture.basic("app_other", otherSecret)
        try await server.registry.register(
            OAuthClient(
                clientID: "app_other", authenticationMethod: .clientSecret, redirectURIs: [Self.redirect], scopes: ["accounts"],
                grantTypes: [.authorizationCode]))

        for attempt in 0..<5 {
            let code = try #require(try await Self.walk(server, Self.request())["code"])
            switch attempt {
            case 0:
                await Self.expectError("invalid_grant") {
                    try await Self.exchange(server, code: code, auth: auth, verifier: String(repeating: "a", count: 43))
                }
            case 1:
                await Self.expectError("invalid_grant") {
                    try await Self.exchange(server, code: code, auth: auth, redirect: "https://fintech.example/other")
                }
            case 2:
                await Self.expectError("invalid_grant") { try await Self.exchange(server, code: code, auth: other) }
            case 3:
                await Self.expectError("invalid_request") {
                    try await server.token([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Self.redirect)], authorization: auth)
                }
            default:
                server.clock.advance(61)
                await Self.expectError("invalid_grant") { try await Self.exchange(server, code: code, auth: auth) }
            }
        }
    }

    @Test func aReplayedCodeIsRefusedAndRevokesWhatItIssued() async throws {
        let (server, auth) = try await Self.server()
        let code = try #require(try await Self.walk(server, Self.request())["code"])
        let tokens = try await Self.exchange(server, code: code, auth: auth)
        await Self.expectError("invalid_grant") { try await Self.exchange(server, code: code, auth: auth) }

        let accessToken = try #require(tokens["access_token"]?.stringValue)
        guard case .revoked = await server.verifier.verify(accessToken) else {
            Issue.record("the access token the code issued still works")
            return
        }
        let refreshToken = try #require(tokens["refresh_token"]?.stringValue)
        await Self.expectError("invalid_grant") {
            try await server.token([("grant_type", "refresh_token"), ("refresh_token", refreshToken)], authorization: auth)
        }
    }

    @Test func refreshingRotatesTheTokenAndReuseRevokesTheFamily() async throws {
        let (server, auth) = try await Self.server()
        let code = try #require(try await Self.walk(server, Self.request())["code"])
        let first = try await Self.exchange(server, code: code, auth: auth)
        let firstRefresh = try #require(first["refresh_token"]?.stringValue)

        let second = try await server.token(
            [("grant_type", "refresh_token"), ("refresh_token", firstRefresh), ("scope", "accounts")], authorization: auth)
        #expect(second["scope"] == "accounts")
        #expect(second["id_token"] == nil)
        let secondRefresh = try #require(second["refresh_token"]?.stringValue)
        #expect(secondRefresh != firstRefresh)
        let secondAccess = try #require(second["access_token"]?.stringValue)
        guard case .valid(let refreshed, _) = await server.verifier.verify(secondAccess) else {
            Issue.record("the refreshed access token does not verify")
            return
        }
        #expect(refreshed.customer == "C0001")
        #expect(refreshed.scopes == ["accounts"])

        await Self.expectError("invalid_scope") {
            try await server.token([("grant_type", "refresh_token"), ("refresh_token", secondRefresh), ("scope", "payments")], authorization: auth)
        }
        // The first token again: reuse. The whole family goes, with the access tokens it issued.
        await Self.expectError("invalid_grant") {
            try await server.token([("grant_type", "refresh_token"), ("refresh_token", firstRefresh)], authorization: auth)
        }
        await Self.expectError("invalid_grant") {
            try await server.token([("grant_type", "refresh_token"), ("refresh_token", secondRefresh)], authorization: auth)
        }
        guard case .revoked = await server.verifier.verify(secondAccess) else {
            Issue.record("the family's access token still works")
            return
        }
    }

    @Test func aRefreshTokenWorksOnlyForItsClientAndUntilTheFamilyEnds() async throws {
        let (server, auth) = try await Self.server()
        let otherSecret = try await server.secretClient("app_other")
        try await server.registry.register(
            OAuthClient(
                clientID: "app_other", authenticationMethod: .clientSecret, redirectURIs: [Self.redirect], scopes: ["accounts"],
                grantTypes: [.authorizationCode, .refreshToken]))
        let code = try #require(try await Self.walk(server, Self.request())["code"])
        let refreshToken = try #require(try await Self.exchange(server, code: code, auth: auth)["refresh_token"]?.stringValue)
        await Self.expectError("invalid_grant") {
            try await server.token(
                [("grant_type", "refresh_token"), ("refresh_token", refreshToken)],
                authorization: AuthorizationServerFixture.basic("app_other", otherSecret))
        }
        server.clock.advance(86_401)
        await Self.expectError("invalid_grant") {
            try await server.token([("grant_type", "refresh_token"), ("refresh_token", refreshToken)], authorization: auth)
        }
    }

    @Test func theCustomerCanDeny() async throws {
        let (server, _) = try await Self.server()
        let answer = try await Self.walk(server, Self.request(), approve: false)
        #expect(answer["error"] == "access_denied")
        #expect(answer["state"] == "st-1")
        #expect(answer["code"] == nil)
    }

    @Test func pagesPostedWithoutTheBrowserCookieOrFormTokenAreRefused() async throws {
        let (server, _) = try await Self.server()
        guard case .show(let started, let secret?) = try await server.authorization.authorize(Self.request()) else {
            Issue.record("no interaction")
            return
        }
        let login = AuthorizationEndpoint.Submission.Action.logIn(customerID: "C0001", password: "pw")
        for (cookie, token) in [(nil, started.formToken), ("other", started.formToken), (secret, nil), (secret, "forged")] as [(String?, String?)] {
            guard case .refuse = try await server.authorization.submit(
                .init(interactionID: started.id, browserSecret: cookie, formToken: token, action: login))
            else {
                Issue.record("a forged post was accepted")
                return
            }
        }
        guard case .refuse = try await server.authorization.current(id: started.id, browserSecret: "other") else {
            Issue.record("another browser saw the page")
            return
        }
    }

    @Test func fiveWrongPasswordsEndTheRequest() async throws {
        let (server, _) = try await Self.server()
        guard case .show(let started, let secret?) = try await server.authorization.authorize(Self.request()) else {
            Issue.record("no interaction")
            return
        }
        for attempt in 1...AuthorizationInteraction.maximumFailedAttempts {
            let step = try await server.authorization.submit(
                .init(interactionID: started.id, browserSecret: secret, formToken: started.formToken, action: .logIn(customerID: "C0001", password: "wrong")))
            switch step {
            case .show(let interaction, _) where attempt < AuthorizationInteraction.maximumFailedAttempts:
                #expect(interaction.notice != nil)
                #expect(interaction.stage == .login)
            case .redirect(let url) where attempt == AuthorizationInteraction.maximumFailedAttempts:
                #expect(try Self.query(url)["error"] == "access_denied")
            default:
                Issue.record("attempt \(attempt): \(step)")
            }
        }
        guard case .refuse = try await server.authorization.current(id: started.id, browserSecret: secret) else {
            Issue.record("the interaction outlived its failures")
            return
        }
    }

    @Test func aPushedRequestIsUsedOnceAndOnlyItsParametersCount() async throws {
        let (server, auth) = try await Self.server()
        let form = Self.request().sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let pushed = try await server.authorization.push(form: form, authorization: auth)
        #expect(pushed["expires_in"] == 60)
        let requestURI = try #require(pushed["request_uri"]?.stringValue)
        #expect(requestURI.hasPrefix(AuthorizationEndpoint.requestURIPrefix))

        let answer = try await Self.walk(server, ["client_id": "app_fintech", "request_uri": requestURI, "state": "ignored"])
        #expect(answer["state"] == "st-1")
        #expect(answer["code"] != nil)
        guard case .refuse(let error) = try await server.authorization.authorize(["client_id": "app_fintech", "request_uri": requestURI]) else {
            Issue.record("a pushed request was used twice")
            return
        }
        #expect(error.error == "invalid_request_uri")

        // Pushing checks the request as the authorization endpoint would.
        let faulty = Self.request { $0["code_challenge_method"] = "plain" }.map { (name: $0.key, value: $0.value) }
        await Self.expectError("invalid_request") { try await server.authorization.push(form: faulty, authorization: auth) }
        await Self.expectError("invalid_client") { try await server.authorization.push(form: form, authorization: nil) }
    }

    @Test func proofKeyVerifiersFollowRFC7636() {
        // RFC 7636 appendix B's example.
        #expect(ProofKey.verifier(Self.verifier, matches: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
        #expect(!ProofKey.verifier(Self.verifier + "x", matches: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
        #expect(!ProofKey.verifier(String(repeating: "a", count: 42), matches: Base64URL.encode(SHA256.hash(String(repeating: "a", count: 42)))))
        #expect(!ProofKey.verifier(String(repeating: "a", count: 42) + "!", matches: Base64URL.encode(SHA256.hash(String(repeating: "a", count: 42) + "!"))))
        #expect(ProofKey.isWellFormedChallenge(Self.challenge))
        #expect(!ProofKey.isWellFormedChallenge(Self.verifier + "AAAA"))
    }

    @Test func oneTimeCodesAreSixDigits() {
        let codes = (0..<200).map { _ in OneTimeCode.generate() }
        #expect(codes.allSatisfy { $0.count == 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        #expect(Set(codes).count > 150)
    }
}
