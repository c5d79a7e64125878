import Foundation
import LangoJSON
import LangoScriptTesting
import Testing

/// The customer's authorization pages in a real browser: headless Chromium, driven through
/// Selenium by `scripts/browser-journey.py`, against the real gateway, with JavaScript on and
/// off. `./scripts/setup` installs Chromium, chromedriver and selenium. Without them the suite is
/// skipped, saying so — except under `CI`, where it runs and fails.
///
/// Set `LANGO_BROWSER_SCREENSHOTS=/some/dir` to keep a screenshot of every page the tests see.
@Suite(
    .serialized,
    .enabled(
        "needs chromium, chromedriver and Python's selenium (./scripts/setup installs them; with CI set, the tests fail instead)"
    ) { await BrowserJourney.shouldRun() })
struct BrowserEndToEndTests {
    /// Chromium refuses this port (ERR_UNSAFE_PORT), so the code never leaves the browser; the
    /// script reads the address the browser was sent to.
    static let redirect = "http://127.0.0.1:9/callback"
    static let scope = "openid profile accounts"
    /// What the decision page must say for each scope, in the customer's words.
    static let scopeMeanings: JSONValue = [
        "openid": "Confirm who you are", "profile": "See your name", "accounts": "See the account information you choose to share",
    ]

    static func journey(
        _ op: String, _ gateway: GatewayFixture, secret: String, javascript: Bool, name: String, extra: JSONObject = [:]
    ) async throws -> JSONValue {
        var request: JSONObject = [
            "op": .string(op), "base": .string(gateway.baseURL), "client_id": "app_fintech", "client_secret": .string(secret),
            "redirect_uri": .string(redirect), "scope": .string(scope), "customer": "C0001", "password": "wekeza-sandbox",
            "javascript": .bool(javascript), "app_name": "Test app_fintech",
        ]
        for (key, value) in extra { request[key] = value }
        if let directory = ProcessInfo.processInfo.environment["LANGO_BROWSER_SCREENSHOTS"] {
            request["screenshots"] = .string(URL(fileURLWithPath: directory).appendingPathComponent(name).path)
        }
        return try await BrowserJourney.run(.object(request))
    }

    @Test(arguments: [true, false])
    func aCustomerLogsInWithAOneTimeCodeAndAllowsTheApp(javascript: Bool) async throws {
        try await BrowserJourney.requireBrowser()
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect)
        let answer = try await Self.journey(
            "code_flow", gateway, secret: secret, javascript: javascript, name: "code_flow-js-\(javascript ? "on" : "off")")

        #expect(answer["javascript"] == .bool(javascript))
        #expect(answer["wrong_password_notice"]?.stringValue?.contains("not right") == true, "\(answer)")
        #expect(answer["one_time_code_shown"] == true)
        #expect(answer["decision"]?["title"]?.stringValue?.contains("Test app_fintech") == true)
        #expect(answer["decision"]?["scopes"] == Self.scopeMeanings)
        #expect(answer["decision"]?["buttons"] == ["Allow", "Deny"])
        #expect(answer["redirect"]?["state_matches"] == true)
        #expect(answer["redirect"]?["iss"] == .string(gateway.baseURL))
        #expect(answer["redirect"]?["fields"] == ["code", "iss", "state"])
        #expect(answer["token"]?["token_type"] == "Bearer")
        #expect(answer["token"]?["scope"] == .string(Self.scope))
        #expect(answer["token"]?["id_token"] == true)
        #expect(answer["token"]?["refresh_token"] == true)
        #expect(answer["token"]?["id_token_claims"]?["sub"] == "C0001")
        #expect(answer["token"]?["id_token_claims"]?["aud"] == "app_fintech")
        #expect(answer["token"]?["id_token_claims"]?["nonce_matches"] == true)
    }

    @Test(arguments: [true, false])
    func aCustomerSharesAccountsWithAnAppThenWithdrawsTheConsent(javascript: Bool) async throws {
        try await BrowserJourney.requireBrowser()
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let consent = ConsentEndToEndTests.consentBody(["ReadAccountsDetail", "ReadBalances"], ["ExpirationDateTime": "2099-01-01T00:00:00+00:00"])
        let answer = try await Self.journey(
            "consent_journey", gateway, secret: secret, javascript: javascript, name: "consent-js-\(javascript ? "on" : "off")",
            extra: ["consent": consent])

        #expect(answer["javascript"] == .bool(javascript))
        let page = answer["consent_page"]
        #expect(page?["client"] == "Test app_fintech", "\(answer)")
        #expect(page?["partner"] == .string(OAuthEndToEndTests.partner))
        #expect(page?["permissions"] == ["ReadAccountsDetail": "Your account names, types and numbers", "ReadBalances": "Your balances"])
        #expect(page?["introduction"]?.stringValue?.contains("a sandbox app: test data only") == true, "the app's environment: \(answer)")
        #expect(page?["duration"] == "Until 1 January 2099.")
        let offered = page?["accounts"]?.arrayValue ?? []
        let ticked = answer["ticked"]?.arrayValue ?? []
        #expect(offered.count >= 2)
        // With script "Select all" ticks every account; without, the customer ticks one by hand.
        #expect(ticked == (javascript ? offered : Array(offered.prefix(1))))
        #expect(answer["read_before"]?["status"] == 200)
        #expect(answer["read_before"]?["accounts"]?.arrayValue == ticked, "the app sees exactly the accounts ticked")

        #expect(answer["status_before"] == "Active")
        #expect(answer["withdrawn_notice"]?.stringValue?.contains(answer["consent_id"]?.stringValue ?? "?") == true)
        #expect(answer["status_after"] == "Withdrawn")
        #expect(answer["read_after"]?["status"] == 403)
        #expect(answer["read_after"]?["reason"] == "consent_not_authorised")
    }

    @Test func aCustomerWhoDeniesSendsTheBrowserBackWithAccessDenied() async throws {
        try await BrowserJourney.requireBrowser()
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect)
        let answer = try await Self.journey("deny", gateway, secret: secret, javascript: true, name: "deny")

        #expect(answer["javascript"] == true)
        #expect(answer["decision"]?["scopes"] == Self.scopeMeanings, "\(answer)")
        #expect(answer["redirect"]?["error"] == "access_denied")
        #expect(answer["redirect"]?["state_matches"] == true)
        #expect(answer["redirect"]?["iss"] == .string(gateway.baseURL))
        #expect(answer["redirect"]?["fields"]?.arrayValue?.contains("code") == false)
    }
}

/// `scripts/browser-journey.py`, and whether this machine can run it.
enum BrowserJourney {
    /// Runs one operation of the script; its failure message becomes the test's.
    static func run(_ request: JSONValue) async throws -> JSONValue {
        let outcome = try await RepositoryScript.runPython("browser-journey.py", input: Data(request.encodedString(.compact).utf8))
        guard outcome.status == 0, let answer = try? JSONValue.parse(outcome.output) else {
            throw HarnessError(description: "browser-journey.py \(request["op"]?.stringValue ?? "") failed (\(outcome.status)): \(outcome.errors)")
        }
        return answer
    }

    /// What the browser tests need and this machine lacks (the script's `check`, run once; all
    /// of it when even python3 does not run).
    static let missing = Task<[String], Never> {
        guard let answer = try? await run(["op": "check"]), let missing = answer["missing"]?.arrayValue else {
            return ["python3 running scripts/browser-journey.py"]
        }
        return missing.compactMap(\.stringValue)
    }

    /// Whether this is CI (`CI` set, as `.ci/run` is run), where nothing may be skipped.
    static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }

    static func shouldRun() async -> Bool {
        if isCI { return true }
        return await missing.value.isEmpty
    }

    /// Fails the test, naming what is missing, when the browser cannot run (only reached under CI).
    static func requireBrowser() async throws {
        let missing = await missing.value
        guard missing.isEmpty else {
            throw HarnessError(
                description: "the browser tests cannot run, missing: \(missing.joined(separator: ", ")); ./scripts/setup installs them")
        }
    }
}
