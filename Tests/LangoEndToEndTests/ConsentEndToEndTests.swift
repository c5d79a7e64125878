import Foundation
import LangoJSON
import LangoRedisTesting
import LangoScriptTesting
import NIOHTTP1
import Testing

/// The OBIE account-information journey over HTTP against the real binary: a partner creates a
/// consent, the customer authorises it on the authorization pages (password, one-time code,
/// account selection), and the partner reads only what it covers until it ends.
@Suite struct ConsentEndToEndTests {
    static let consentsPath = "/open-banking/v3.1/aisp/account-access-consents"
    static let redirect = "http://127.0.0.1:9/callback"

    /// A consent body asking for `permissions`, with the given `Data` fields added.
    static func consentBody(_ permissions: [String], _ extra: JSONObject = [:]) -> JSONValue {
        var data: JSONObject = ["Permissions": .array(permissions.map(JSONValue.string))]
        for (key, value) in extra { data[key] = value }
        return ["Data": .object(data), "Risk": [:]]
    }

    static let allReads = [
        "ReadAccountsDetail", "ReadBalances", "ReadTransactionsBasic", "ReadTransactionsDetail", "ReadTransactionsCredits",
        "ReadTransactionsDebits", "ReadPartyPSU",
    ]

    /// Runs the journey for C0001, ticking the offered accounts at `select`.
    static func journey(
        _ gateway: GatewayFixture, secret: String, consent: JSONValue, select: [Int], extra: JSONObject = [:]
    ) throws -> JSONValue {
        var request: JSONObject = [
            "op": "consent_flow", "issuer": .string(gateway.baseURL), "client_id": "app_fintech", "client_secret": .string(secret),
            "redirect_uri": .string(redirect), "customer": "C0001", "password": "wekeza-sandbox", "consent": consent,
            "select": .array(select.map { .integer(Int64($0)) }),
        ]
        for (key, value) in extra { request[key] = value }
        return try OAuthEndToEndTests.authlib(.object(request))
    }

    /// The authorization header for `token`, and the customer's address when `customerPresent`
    /// (without it each read is one of the consent's few unattended accesses a day).
    static func bearer(_ token: String?, customerPresent: Bool = true) -> [(String, String)] {
        [("Authorization", "Bearer " + (token ?? ""))] + (customerPresent ? [("x-fapi-customer-ip-address", "198.51.100.23")] : [])
    }

    @Test func aPartnerReadsOnlyWhatTheCustomerSharedUntilTheConsentIsDeleted() async throws {
        let gateway = try GatewayFixture()
        let secret = try OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
        #expect(answer["created_status"] == 201, "\(answer)")
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue)
        #expect(answer["created"]?["Data"]?["Status"] == "AwaitingAuthorisation")
        #expect(answer["created"]?["Links"]?["Self"] == .string(gateway.baseURL + Self.consentsPath + "/" + consentID))
        #expect(answer["error"] == nil, "\(answer)")
        let offered = (answer["offered"]?.arrayValue ?? []).compactMap(\.stringValue)
        try #require(offered.count >= 2, "C0001 has several accounts to choose from: \(offered)")
        #expect(offered.allSatisfy { $0.hasPrefix("C0001-") })
        let text = answer["decision_text"]?.stringValue ?? ""
        #expect(text.contains("Your account names, types and numbers"))
        #expect(text.contains("from <span id=\"partner\">\(OAuthEndToEndTests.partner)</span>, a sandbox app"), "the app, its partner and environment")
        #expect(text.contains("••••"), "account numbers are masked on the page")
        #expect(answer["access_claims"]?["openbanking_intent_id"] == .string(consentID))
        let token = try #require(answer["access_token"]?.stringValue)
        let shared = offered[0]
        let unshared = offered[1]

        let status = try await HTTP.send(.GET, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(answer["client_token"]?.stringValue))
        #expect(status.status == 200)
        #expect(status.json["Data"]?["Status"] == "Authorised")

        let accounts = try await HTTP.send(.GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token))
        #expect(accounts.status == 200, "\(String(decoding: accounts.body, as: UTF8.self))")
        #expect(accounts.json["Data"]?["Account"]?.arrayValue?.compactMap { $0["AccountId"]?.stringValue } == [shared])
        let account = try await HTTP.send(.GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts/\(shared)", headers: Self.bearer(token))
        #expect(account.status == 200)
        let balances = try await HTTP.send(
            .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts/\(shared)/balances", headers: Self.bearer(token))
        #expect(balances.status == 200)
        #expect(balances.json["Data"]?["Balance"]?.arrayValue?.isEmpty == false)
        let transactions = try await HTTP.send(
            .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts/\(shared)/transactions", headers: Self.bearer(token))
        #expect(transactions.status == 200)
        #expect(transactions.json["Data"]?["Transaction"]?.arrayValue?.isEmpty == false)
        let party = try await HTTP.send(.GET, gateway.baseURL + "/open-banking/v3.1/aisp/party", headers: Self.bearer(token))
        #expect(party.status == 200)
        #expect(party.json["Data"]?["Party"]?["PartyNumber"] == "C0001")

        let other = try await HTTP.send(.GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts/\(unshared)/balances", headers: Self.bearer(token))
        #expect(other.status == 403)
        #expect(other.header("x-lango-reason") == "account_not_consented")

        let deleted = try await HTTP.send(
            .DELETE, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(answer["client_token"]?.stringValue))
        #expect(deleted.status == 204)
        let after = try await HTTP.send(.GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token))
        #expect(after.status == 403)
        #expect(after.header("x-lango-reason") == "consent_unknown")
        let gone = try await HTTP.send(.GET, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(answer["client_token"]?.stringValue))
        #expect(gone.status == 400)
        #expect(gone.errorCode == "UK.OBIE.Resource.NotFound")

        let refreshed = try await HTTP.send(
            .POST, gateway.baseURL + "/oauth2/token",
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Authorization", "Basic " + Data("app_fintech:\(secret)".utf8).base64EncodedString()),
            ],
            body: Array("grant_type=refresh_token&refresh_token=\(answer["refresh_token"]?.stringValue ?? "")".utf8))
        #expect(refreshed.status == 400)
        #expect(refreshed.json["error"] == "invalid_grant")

        var documents = OBIESchemaValidator.documents(
            label: "consent created", schema: "OBReadConsentResponse1", body: answer["created"] ?? .null)
        documents += OBIESchemaValidator.documents(label: "consent authorised", schema: "OBReadConsentResponse1", body: status.json)
        for (label, response) in [("accounts", accounts), ("account", account)] {
            documents += OBIESchemaValidator.documents(
                label: label, schema: "OBReadAccount6", body: response.json, items: ("Account", "OBAccount6Detail"))
        }
        documents += OBIESchemaValidator.documents(label: "balances", schema: "OBReadBalance1", body: balances.json)
        documents += OBIESchemaValidator.documents(label: "party", schema: "OBReadParty2", body: party.json)
        documents += OBIESchemaValidator.documents(
            label: "transactions", schema: "OBReadTransaction6", body: transactions.json, items: ("Transaction", "OBTransaction6Detail"))
        for (label, response) in [("account not consented", other), ("consent deleted", after), ("consent gone", gone)] {
            documents += OBIESchemaValidator.documents(label: label, schema: "OBErrorResponse1", body: response.json)
        }
        let outcome = try OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    @Test func aBasicCreditsOnlyConsentServesNeitherDetailNorDebitsNorOtherDates() async throws {
        let gateway = try GatewayFixture()
        let secret = try OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let day = 86_400.0
        // The sandbox history ends the day before the fixture's anchor.
        let end = try #require(ISO8601.parse(GatewayFixture.anchor + "T00:00:00Z"))
        let (from, to) = (end.addingTimeInterval(-120 * day), end.addingTimeInterval(-30 * day))
        let consent = Self.consentBody(
            ["ReadAccountsBasic", "ReadBalances", "ReadTransactionsBasic", "ReadTransactionsCredits"],
            ["TransactionFromDateTime": .string(ISO8601.format(from)), "TransactionToDateTime": .string(ISO8601.format(to))])
        let answer = try Self.journey(gateway, secret: secret, consent: consent, select: [0, 1])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let offered = (answer["offered"]?.arrayValue ?? []).compactMap(\.stringValue)
        let shared = Set(offered.prefix(2))
        let api = gateway.baseURL + "/open-banking/v3.1/aisp"
        var documents = OBIESchemaValidator.documents(
            label: "consent created", schema: "OBReadConsentResponse1", body: answer["created"] ?? .null)

        let accounts = try await HTTP.send(.GET, api + "/accounts", headers: Self.bearer(token))
        #expect(accounts.status == 200)
        let listed = accounts.json["Data"]?["Account"]?.arrayValue ?? []
        #expect(Set(listed.compactMap { $0["AccountId"]?.stringValue }) == shared)
        #expect(listed.allSatisfy { $0["Account"] == nil && $0["Currency"] != nil }, "ReadAccountsBasic shows no account numbers: \(listed)")
        documents += OBIESchemaValidator.documents(
            label: "basic accounts", schema: "OBReadAccount6", body: accounts.json, items: ("Account", "OBAccount6Basic"))

        let balances = try await HTTP.send(.GET, api + "/balances", headers: Self.bearer(token))
        #expect(balances.status == 200)
        let balanceAccounts = (balances.json["Data"]?["Balance"]?.arrayValue ?? []).compactMap { $0["AccountId"]?.stringValue }
        #expect(Set(balanceAccounts) == shared, "bulk balances cover every shared account and no other")
        documents += OBIESchemaValidator.documents(label: "bulk balances", schema: "OBReadBalance1", body: balances.json)

        /// Every transaction is a credit booked inside the consent's window, without Detail fields.
        func checkShaped(_ transactions: [JSONValue], _ label: String) {
            let booked = transactions.compactMap { $0["BookingDateTime"]?.stringValue.flatMap { ISO8601.parse($0) } }
            #expect(booked.count == transactions.count, "\(label)")
            #expect(booked.allSatisfy { $0 >= from.addingTimeInterval(-1) && $0 <= to }, "\(label): \(booked)")
            #expect(booked == booked.sorted(by: >), "\(label): newest first")
            #expect(transactions.allSatisfy { $0["CreditDebitIndicator"] == "Credit" }, "\(label)")
            #expect(transactions.allSatisfy { $0["TransactionInformation"] == nil && $0["Balance"] == nil }, "\(label)")
            #expect(transactions.allSatisfy { $0["AccountId"]?.stringValue.map(shared.contains) == true }, "\(label)")
        }
        let bulk = try await HTTP.send(.GET, api + "/transactions", headers: Self.bearer(token))
        #expect(bulk.status == 200)
        let bulkTransactions = bulk.json["Data"]?["Transaction"]?.arrayValue ?? []
        #expect(!bulkTransactions.isEmpty, "the shared accounts had credits in those 90 days")
        checkShaped(bulkTransactions, "bulk")
        documents += OBIESchemaValidator.documents(
            label: "bulk transactions", schema: "OBReadTransaction6", body: bulk.json, items: ("Transaction", "OBTransaction6Basic"))

        for accountID in shared.sorted() {
            let page = try await HTTP.send(.GET, api + "/accounts/\(accountID)/transactions", headers: Self.bearer(token))
            #expect(page.status == 200)
            checkShaped(page.json["Data"]?["Transaction"]?.arrayValue ?? [], accountID)
            documents += OBIESchemaValidator.documents(
                label: "\(accountID) transactions", schema: "OBReadTransaction6", body: page.json, items: ("Transaction", "OBTransaction6Basic"))
        }

        // A query window partly outside the consent's is clamped; one wholly outside returns nothing.
        let wide = try await HTTP.send(
            .GET, api + "/transactions?fromBookingDateTime=\(ISO8601.format(from.addingTimeInterval(-200 * day)).prefix(10))",
            headers: Self.bearer(token))
        #expect(wide.status == 200)
        checkShaped(wide.json["Data"]?["Transaction"]?.arrayValue ?? [], "wide window")
        let outside = try await HTTP.send(
            .GET, api + "/transactions?fromBookingDateTime=\(ISO8601.format(end.addingTimeInterval(-20 * day)).prefix(10))",
            headers: Self.bearer(token))
        #expect(outside.status == 200)
        #expect(outside.json["Data"]?["Transaction"] == [], "the history has transactions then, but the consent's window ended before")
        documents += OBIESchemaValidator.documents(label: "empty window", schema: "OBReadTransaction6", body: outside.json)

        // Party was not granted.
        let party = try await HTTP.send(.GET, api + "/party", headers: Self.bearer(token))
        #expect(party.status == 403)
        #expect(party.header("x-lango-reason") == "permission_missing")
        documents += OBIESchemaValidator.documents(label: "party refused", schema: "OBErrorResponse1", body: party.json)

        let outcome = try OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    @Test func withoutTheCustomerPresentAConsentServesFourReadsADay() async throws {
        let gateway = try GatewayFixture()
        let secret = try OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let accounts = gateway.baseURL + "/open-banking/v3.1/aisp/accounts"

        for attempt in 1...4 {
            let unattended = try await HTTP.send(.GET, accounts, headers: Self.bearer(token, customerPresent: false))
            #expect(unattended.status == 200, "unattended read \(attempt)")
        }
        let fifth = try await HTTP.send(.GET, accounts, headers: Self.bearer(token, customerPresent: false))
        #expect(fifth.status == 429)
        #expect(fifth.header("x-lango-reason") == "unattended_limit")
        #expect(fifth.errorCode == "LANGO.UnattendedAccessLimit")
        #expect(fifth.header("RateLimit-Limit") == "4" && fifth.header("RateLimit-Remaining") == "0")
        // The count is of the last 24 hours, not of a calendar day: the wait is for the first
        // read to be 24 hours old (the reads took moments; 10 minutes allow for a slow machine).
        let wait = try #require(Int(fifth.header("Retry-After") ?? ""), "the wait is given")
        #expect((86_400 - 600)...86_400 ~= wait, "Retry-After \(wait)")
        let outcome = try OBIESchemaValidator.validate(
            OBIESchemaValidator.documents(label: "unattended limit", schema: "OBErrorResponse1", body: fifth.json))
        #expect(outcome.status == 0, "\(outcome.output)")

        // With the customer present the consent serves on; the unattended count stays spent.
        let attended = try await HTTP.send(.GET, accounts, headers: Self.bearer(token))
        #expect(attended.status == 200)
        let again = try await HTTP.send(.GET, accounts, headers: Self.bearer(token, customerPresent: false))
        #expect(again.status == 429)
    }

    @Test func aConsentDeletedOnOneNodeStopsServingOnAnother() async throws {
        let first = try GatewayFixture()
        // The second node shares the store and answers for the same issuer, as nodes behind one address do.
        let second = try GatewayFixture(dataDirectory: first.dataDirectory, extraConfiguration: #", "public_url": "\#(first.baseURL)""#)
        let secret = try OAuthEndToEndTests.codeFlowClient(first, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try Self.journey(first, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue)

        let served = try await HTTP.send(.GET, second.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token))
        #expect(served.status == 200, "the other node serves the consent from the shared store")
        let deleted = try await HTTP.send(
            .DELETE, first.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(answer["client_token"]?.stringValue))
        #expect(deleted.status == 204)
        let onFirst = try await HTTP.send(.GET, first.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token))
        #expect(onFirst.status == 403, "the node that deleted it refuses at once")

        // The other node learns of it from the change feed (read every second); no timing is
        // asserted here, only that it stops.
        var refused: HTTPResult?
        for _ in 0..<100 {
            let attempt = try await HTTP.send(.GET, second.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token))
            if attempt.status != 200 {
                refused = attempt
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(refused?.status == 403)
        #expect(refused?.header("x-lango-reason") == "consent_unknown")
    }

    @Test func theCustomerSeesTheirConsentsAndWithdrawsOneOnTheirPage() async throws {
        let gateway = try GatewayFixture()
        let secret = try OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue)
        let accounts = gateway.baseURL + "/open-banking/v3.1/aisp/accounts"
        #expect(try await HTTP.send(.GET, accounts, headers: Self.bearer(token)).status == 200)

        // The use shows once this node has written it (every 5 s); nothing is withdrawn meanwhile.
        var listed: JSONValue = .null
        for _ in 0..<40 {
            listed = try OAuthEndToEndTests.authlib([
                "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
            ])
            if listed["consents"]?[0]?["last_used"] != "not yet" { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(listed["status"] == 200 && listed["path"] == "/customer/consents", "\(listed)")
        #expect(listed["consents"]?[0]?["id"] == .string(consentID))
        #expect(listed["consents"]?[0]?["status"] == "Active")
        #expect(listed["consents"]?[0]?["last_used"]?.stringValue?.hasSuffix("UTC") == true, "\(listed["consents"] ?? .null)")
        let text = listed["text"]?.stringValue ?? ""
        #expect(text.contains("Your balances") && text.contains("Money coming in"), "permissions in plain words")
        #expect(text.contains("Test app_fintech <span class=\"partner\">from \(OAuthEndToEndTests.partner)</span>"))
        #expect(text.contains("••••"), "the shared account, masked")
        #expect(listed["signed_out_shows_login"] == true)

        let withdrawn = try OAuthEndToEndTests.authlib([
            "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
            "withdraw": .string(consentID),
        ])
        #expect(withdrawn["forged_status"] == 400, "a form without the session's token changes nothing")
        #expect(withdrawn["withdrawn_status"] == 200, "\(withdrawn)")
        #expect(withdrawn["withdrawn_notice"]?.stringValue?.contains(consentID) == true)
        #expect(withdrawn["withdrawn_consents"]?[0]?["status"] == "Withdrawn")
        // The very next call with the consent's token is refused: the change reached this node's cache at once.
        let after = try await HTTP.send(.GET, accounts, headers: Self.bearer(token))
        #expect(after.status == 403)
        #expect(after.header("x-lango-reason") == "consent_not_authorised")

        let status = try await HTTP.send(.GET, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(answer["client_token"]?.stringValue))
        #expect(status.json["Data"]?["Status"] == "Revoked", "the partner sees the withdrawal as Revoked")

        // The audit trail, as an operator reads it: each change, who made it and from where.
        let trail = try OAuthEndToEndTests.lango(["consents", "show", consentID], gateway).split(separator: "\n").map(String.init)
        let events = trail.filter { $0.contains(" → ") }
        #expect(events.count == 3, "\(trail)")
        #expect(events.first?.contains("created") == true && events.first?.contains("client app_fintech") == true, "\(trail)")
        #expect(events.dropFirst().first?.contains("authorised") == true && events.dropFirst().first?.contains("customer C0001") == true)
        #expect(events.last?.contains("revoked") == true && events.last?.contains("customer C0001") == true, "\(trail)")
        #expect(events.allSatisfy { $0.contains("127.0.0.1") }, "each change records where it came from: \(trail)")
        #expect(try OAuthEndToEndTests.lango(["consents", "list", "--customer", "C0001"], gateway).contains(consentID))
    }

    @Test func aConsentIsAuthorisedThroughAPushedRequest() async throws {
        let gateway = try GatewayFixture()
        let secret = try OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0], extra: ["pushed": true])
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue, "\(answer)")
        #expect(answer["access_claims"]?["openbanking_intent_id"] == .string(consentID), "\(answer)")
        let accounts = try await HTTP.send(
            .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(answer["access_token"]?.stringValue))
        #expect(accounts.status == 200)

        // A pushed request for a consent the client does not have is refused at the push.
        let unknown = try Self.journey(
            gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0],
            extra: ["pushed": true, "intent_id": "aac-00000000000000000000000000000000"])
        #expect(unknown["error"] == "par")
        #expect(unknown["status"] == 400)
        #expect(unknown["body"]?.stringValue?.contains("invalid_request") == true, "\(unknown)")
    }

    /// authlib signs the authorization request as a request object (RFC 9101) with the key of a
    /// private_key_jwt client, sent as it is (ES256) or pushed (PS256); the consent id travels in
    /// the object's `claims`.
    @Test(arguments: [("ES256", false), ("PS256", true)])
    func aConsentIsAuthorisedThroughASignedRequestObject(algorithm: String, pushed: Bool) async throws {
        let gateway = try GatewayFixture()
        let app = try gateway.createApp(id: "app_signed", environment: "sandbox", partner: OAuthEndToEndTests.partner)
        let keys = try OAuthEndToEndTests.authlib(["op": "keygen", "alg": .string(algorithm)])
        let scratch = try Scratch()
        try scratch.write("jwks.json", try #require(keys["public_jwks"]).encodedString(.compact))
        _ = try OAuthEndToEndTests.lango(
            [
                "apps", "oauth", app, "--auth", "private_key_jwt", "--jwks", scratch.path("jwks.json"), "--scope", "openid",
                "--scope", "accounts", "--grant", "authorization_code", "--grant", "refresh_token", "--grant", "client_credentials",
                "--redirect-uri", Self.redirect,
            ], gateway)
        let signed: JSONObject = [
            "client_id": .string(app), "private_jwk": try #require(keys["private_jwk"]), "request_object": true, "pushed": .bool(pushed),
        ]
        let answer = try Self.journey(gateway, secret: "", consent: Self.consentBody(Self.allReads), select: [1], extra: signed)
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue, "\(answer)")
        #expect(answer["error"] == nil, "\(answer)")
        #expect(answer["access_claims"]?["openbanking_intent_id"] == .string(consentID), "\(answer)")
        let offered = (answer["offered"]?.arrayValue ?? []).compactMap(\.stringValue)
        let accounts = try await HTTP.send(
            .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(answer["access_token"]?.stringValue))
        #expect(accounts.status == 200)
        #expect(accounts.json["Data"]?["Account"]?.arrayValue?.compactMap { $0["AccountId"]?.stringValue } == Array(offered.dropFirst().prefix(1)))

        // The same journey with an object another key signed is refused on the page, and no code is issued.
        let stranger = try OAuthEndToEndTests.authlib(["op": "keygen", "alg": .string(algorithm)])
        var forged = signed
        forged["request_object_jwk"] = stranger["private_jwk"]
        forged["pushed"] = false
        let refused = try Self.journey(gateway, secret: "", consent: Self.consentBody(Self.allReads), select: [0], extra: forged)
        #expect(refused["access_token"] == nil, "\(refused)")
        #expect(refused["authorize_status"] == 400, "\(refused)")
        #expect(refused["authorize_text"]?.stringValue?.contains("invalid_request_object") == true, "\(refused)")
    }

    @Test func anExpiredConsentStopsServingAndShowsAsExpired() async throws {
        let gateway = try GatewayFixture()
        let secret = try OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let expiry = Date().addingTimeInterval(20)
        let consent = Self.consentBody(["ReadAccountsBasic"], ["ExpirationDateTime": .string(ISO8601.format(expiry))])
        let answer = try Self.journey(gateway, secret: secret, consent: consent, select: [0])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let accounts = gateway.baseURL + "/open-banking/v3.1/aisp/accounts"
        #expect(try await HTTP.send(.GET, accounts, headers: Self.bearer(token)).status == 200, "served before its expiry")

        // Waits out the expiry; what is checked is the answer after it, not how soon it came.
        var after = try await HTTP.send(.GET, accounts, headers: Self.bearer(token))
        while after.status == 200, Date() < expiry.addingTimeInterval(30) {
            try await Task.sleep(for: .milliseconds(500))
            after = try await HTTP.send(.GET, accounts, headers: Self.bearer(token))
        }
        #expect(Date() >= expiry.addingTimeInterval(-1), "refused only once expired")
        #expect(after.status == 403)
        #expect(after.header("x-lango-reason") == "consent_expired")
        let page = try OAuthEndToEndTests.authlib([
            "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
        ])
        #expect(page["consents"]?[0]?["status"] == "Expired", "\(page["consents"] ?? .null)")
    }

    @Test func twoNodesSharingRedisCountOneConsentsUnattendedReadsTogether() async throws {
        try await withRedisServer { redis in
            let arguments = ["--redis", redis.url(), "--nodes", "2"]
            let first = try GatewayFixture(extraArguments: arguments)
            let second = try GatewayFixture(
                dataDirectory: first.dataDirectory, extraConfiguration: #", "public_url": "\#(first.baseURL)""#, extraArguments: arguments)
            let secret = try OAuthEndToEndTests.codeFlowClient(first, redirect: Self.redirect, extraGrants: ["client_credentials"])
            let answer = try Self.journey(first, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
            let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
            var statuses: [Int] = []
            for node in [first, second, first, second, first, second] {
                let read = try await HTTP.send(
                    .GET, node.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token, customerPresent: false))
                statuses.append(read.status)
            }
            #expect(statuses == [200, 200, 200, 200, 429, 429], "four a day across both nodes, not four on each")
        }
    }

    @Test func consentRequestsAreCheckedAndOtherClientsConsentsAreNotFound() async throws {
        let gateway = try GatewayFixture()
        let secret = try OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let token = try OAuthEndToEndTests.authlib([
            "op": "client_credentials", "issuer": .string(gateway.baseURL), "client_id": "app_fintech", "scope": "accounts",
            "method": "client_secret_basic", "client_secret": .string(secret),
        ])["token"]?["access_token"]?.stringValue
        let headers = Self.bearer(token) + [("Content-Type", "application/json")]

        let empty = try await HTTP.send(
            .POST, gateway.baseURL + Self.consentsPath, headers: headers, body: Array(Self.consentBody([]).encoded()))
        #expect(empty.status == 400)
        #expect(empty.errorCode == "UK.OBIE.Field.Invalid")
        #expect(empty.json["Errors"]?[0]?["Path"] == "Data.Permissions")
        let notJSON = try await HTTP.send(
            .POST, gateway.baseURL + Self.consentsPath, headers: Self.bearer(token) + [("Content-Type", "text/plain")], body: Array("x".utf8))
        #expect(notJSON.status == 415)

        let created = try await HTTP.send(
            .POST, gateway.baseURL + Self.consentsPath, headers: headers,
            body: Array(Self.consentBody(["ReadAccountsBasic"], ["ExpirationDateTime": "2099-01-01T00:00:00+00:00"]).encoded()))
        #expect(created.status == 201)
        #expect(created.json["Data"]?["ExpirationDateTime"] == "2099-01-01T00:00:00+00:00")
        #expect(created.json["Risk"] == [:])
        let consentID = try #require(created.json["Data"]?["ConsentId"]?.stringValue)

        // Another partner's client cannot read or delete it, and learns nothing of it.
        let otherApp = try gateway.createApp(id: "app_other", environment: "sandbox")
        _ = try OAuthEndToEndTests.lango(["apps", "oauth", otherApp, "--auth", "client_secret", "--scope", "accounts"], gateway)
        let otherSecret = try OAuthEndToEndTests.lango(["apps", "rotate-secret", otherApp, "--quiet"], gateway)
        let otherToken = try OAuthEndToEndTests.authlib([
            "op": "client_credentials", "issuer": .string(gateway.baseURL), "client_id": .string(otherApp), "scope": "accounts",
            "method": "client_secret_basic", "client_secret": .string(otherSecret),
        ])["token"]?["access_token"]?.stringValue
        var documents = OBIESchemaValidator.documents(label: "empty permissions", schema: "OBErrorResponse1", body: empty.json)
        documents += OBIESchemaValidator.documents(label: "created", schema: "OBReadConsentResponse1", body: created.json)
        for method in [HTTPMethod.GET, .DELETE] {
            let foreign = try await HTTP.send(method, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(otherToken))
            #expect(foreign.status == 400, "\(method)")
            #expect(foreign.errorCode == "UK.OBIE.Resource.NotFound")
            documents += OBIESchemaValidator.documents(label: "foreign \(method)", schema: "OBErrorResponse1", body: foreign.json)
        }
        let mine = try await HTTP.send(.GET, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(token))
        #expect(mine.json["Data"]?["Status"] == "AwaitingAuthorisation")

        // A consent still awaiting authorisation serves no data, and a token without one is refused.
        let unbound = try await HTTP.send(.GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token))
        #expect(unbound.status == 403)
        documents += OBIESchemaValidator.documents(label: "no consent", schema: "OBErrorResponse1", body: unbound.json)
        let outcome = try OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)")
    }
}
