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
    ) async throws -> JSONValue {
        var request: JSONObject = [
            "op": "consent_flow", "issuer": .string(gateway.baseURL), "client_id": "app_fintech", "client_secret": .string(secret),
            "redirect_uri": .string(redirect), "customer": "C0001", "password": "wekeza-sandbox", "consent": consent,
            "select": .array(select.map { .integer(Int64($0)) }),
        ]
        for (key, value) in extra { request[key] = value }
        return try await OAuthEndToEndTests.authlib(.object(request))
    }

    /// The authorization header for `token`, and the customer's address when `customerPresent`
    /// (without it each read is one of the consent's few unattended accesses a day).
    static func bearer(_ token: String?, customerPresent: Bool = true) -> [(String, String)] {
        [("Authorization", "Bearer " + (token ?? ""))] + (customerPresent ? [("x-fapi-customer-ip-address", "198.51.100.23")] : [])
    }

    /// A client-credentials token with scope `accounts` for `client`, as the partner's server gets one.
    static func clientToken(_ gateway: GatewayFixture, client: String = "app_fintech", secret: String) async throws -> String? {
        try await OAuthEndToEndTests.authlib([
            "op": "client_credentials", "issuer": .string(gateway.baseURL), "client_id": .string(client), "scope": "accounts",
            "method": "client_secret_basic", "client_secret": .string(secret),
        ])["token"]?["access_token"]?.stringValue
    }

    /// One change in a consent's audit trail, as `lango consents show` prints it.
    struct TrailEvent: Equatable, CustomStringConvertible {
        var kind: String
        var actor: String
        var address: String
        var status: String

        var description: String { "\(kind) by \(actor) from \(address): \(status)" }
    }

    /// The audit trail of consent `id`, oldest first, read with `lango consents show`.
    static func trail(_ id: String, _ gateway: GatewayFixture) async throws -> [TrailEvent] {
        try await OAuthEndToEndTests.lango(["consents", "show", id], gateway).split(separator: "\n").filter { $0.contains(" → ") }.map { line in
            // Columns: #, when, event, by, from, status; padded and set apart by two spaces or more.
            let cells = line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard cells.count == 6 else { throw HarnessError(description: "an audit trail row of \(cells.count) columns: \(line)") }
            return TrailEvent(kind: cells[2], actor: cells[3], address: cells[4], status: cells[5])
        }
    }

    /// The consent's audit trail once `kind` shows in it (recorded by a background pass), or as it stands after a minute.
    static func trail(_ id: String, _ gateway: GatewayFixture, once kind: String) async throws -> [TrailEvent] {
        var events = try await trail(id, gateway)
        for _ in 0..<120 where !events.contains(where: { $0.kind == kind }) {
            try await Task.sleep(for: .milliseconds(500))
            events = try await trail(id, gateway)
        }
        return events
    }

    /// The partner reads consent `id` with its client-credentials token; the answer is kept in `obie`.
    static func readConsent(
        _ id: String, _ gateway: GatewayFixture, clientToken: String?, label: String, _ obie: inout OBIEAnswers
    ) async throws -> HTTPResult {
        try await obie.send(
            .GET, gateway.baseURL + consentsPath + "/" + id, headers: bearer(clientToken), label: label, schema: "OBReadConsentResponse1")
    }

    /// Checks that consent `id` is as its client created it: awaiting authorisation to the
    /// partner, nothing but `created` in its audit trail.
    static func expectUntouched(_ id: String, _ gateway: GatewayFixture, clientToken: String?, _ obie: inout OBIEAnswers) async throws {
        let read = try await readConsent(id, gateway, clientToken: clientToken, label: "untouched", &obie)
        #expect(read.json["Data"]?["Status"] == "AwaitingAuthorisation")
        await #expect(try trail(id, gateway).map(\.kind) == ["created"])
    }

    @Test func aPartnerReadsOnlyWhatTheCustomerSharedUntilTheConsentIsDeleted() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try await Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
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

        var obie = OBIEAnswers()
        obie.keep(answer["created"] ?? .null, label: "consent created", schema: "OBReadConsentResponse1")
        let clientToken = answer["client_token"]?.stringValue
        let api = gateway.baseURL + "/open-banking/v3.1/aisp"
        let status = try await Self.readConsent(consentID, gateway, clientToken: clientToken, label: "consent authorised", &obie)
        #expect(status.status == 200)
        #expect(status.json["Data"]?["Status"] == "Authorised")

        let accounts = try await obie.send(
            .GET, api + "/accounts", headers: Self.bearer(token), label: "accounts", schema: "OBReadAccount6", items: ("Account", "OBAccount6Detail"))
        #expect(accounts.status == 200, "\(String(decoding: accounts.body, as: UTF8.self))")
        #expect(accounts.json["Data"]?["Account"]?.arrayValue?.compactMap { $0["AccountId"]?.stringValue } == [shared])
        let account = try await obie.send(
            .GET, api + "/accounts/\(shared)", headers: Self.bearer(token), label: "account", schema: "OBReadAccount6",
            items: ("Account", "OBAccount6Detail"))
        #expect(account.status == 200)
        let balances = try await obie.send(.GET, api + "/accounts/\(shared)/balances", headers: Self.bearer(token), label: "balances", schema: "OBReadBalance1")
        #expect(balances.status == 200)
        #expect(balances.json["Data"]?["Balance"]?.arrayValue?.isEmpty == false)
        let transactions = try await obie.send(
            .GET, api + "/accounts/\(shared)/transactions", headers: Self.bearer(token), label: "transactions", schema: "OBReadTransaction6",
            items: ("Transaction", "OBTransaction6Detail"))
        #expect(transactions.status == 200)
        #expect(transactions.json["Data"]?["Transaction"]?.arrayValue?.isEmpty == false)
        let party = try await obie.send(.GET, api + "/party", headers: Self.bearer(token), label: "party", schema: "OBReadParty2")
        #expect(party.status == 200)
        #expect(party.json["Data"]?["Party"]?["PartyNumber"] == "C0001")

        let other = try await obie.send(
            .GET, api + "/accounts/\(unshared)/balances", headers: Self.bearer(token), label: "account not consented", schema: "OBReadBalance1")
        #expect(other.status == 403)
        #expect(other.header("x-lango-reason") == "account_not_consented")

        let deleted = try await obie.send(
            .DELETE, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(clientToken), label: "delete", schema: nil)
        #expect(deleted.status == 204)
        let after = try await obie.send(.GET, api + "/accounts", headers: Self.bearer(token), label: "consent deleted", schema: "OBReadAccount6")
        #expect(after.status == 403)
        #expect(after.header("x-lango-reason") == "consent_unknown")
        let gone = try await Self.readConsent(consentID, gateway, clientToken: clientToken, label: "consent gone", &obie)
        #expect(gone.status == 400)
        #expect(gone.errorCode == "UK.OBIE.Resource.NotFound")
        // The deletion is audited: by the client, from where it called, the consent now revoked.
        await #expect(
            try Self.trail(consentID, gateway).last
                == TrailEvent(kind: "deleted", actor: "client app_fintech", address: "127.0.0.1", status: "Authorised → Revoked"))

        let refreshed = try await HTTP.send(
            .POST, gateway.baseURL + "/oauth2/token",
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Authorization", "Basic " + Data("app_fintech:\(secret)".utf8).base64EncodedString()),
            ],
            body: Array("grant_type=refresh_token&refresh_token=\(answer["refresh_token"]?.stringValue ?? "")".utf8))
        #expect(refreshed.status == 400)
        #expect(refreshed.json["error"] == "invalid_grant")
        try await obie.expectValid()
    }

    @Test func aBasicCreditsOnlyConsentServesNeitherDetailNorDebitsNorOtherDates() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let day = 86_400.0
        // The sandbox history ends the day before the fixture's anchor.
        let end = try #require(ISO8601.parse(GatewayFixture.anchor + "T00:00:00Z"))
        let (from, to) = (end.addingTimeInterval(-120 * day), end.addingTimeInterval(-30 * day))
        let consent = Self.consentBody(
            ["ReadAccountsBasic", "ReadBalances", "ReadTransactionsBasic", "ReadTransactionsCredits"],
            ["TransactionFromDateTime": .string(ISO8601.format(from)), "TransactionToDateTime": .string(ISO8601.format(to))])
        let answer = try await Self.journey(gateway, secret: secret, consent: consent, select: [0, 1])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let offered = (answer["offered"]?.arrayValue ?? []).compactMap(\.stringValue)
        let shared = Set(offered.prefix(2))
        let api = gateway.baseURL + "/open-banking/v3.1/aisp"
        var obie = OBIEAnswers()
        obie.keep(answer["created"] ?? .null, label: "consent created", schema: "OBReadConsentResponse1")

        let accounts = try await obie.send(
            .GET, api + "/accounts", headers: Self.bearer(token), label: "basic accounts", schema: "OBReadAccount6",
            items: ("Account", "OBAccount6Basic"))
        #expect(accounts.status == 200)
        let listed = accounts.json["Data"]?["Account"]?.arrayValue ?? []
        #expect(Set(listed.compactMap { $0["AccountId"]?.stringValue }) == shared)
        #expect(listed.allSatisfy { $0["Account"] == nil && $0["Currency"] != nil }, "ReadAccountsBasic shows no account numbers: \(listed)")

        let balances = try await obie.send(.GET, api + "/balances", headers: Self.bearer(token), label: "bulk balances", schema: "OBReadBalance1")
        #expect(balances.status == 200)
        let balanceAccounts = (balances.json["Data"]?["Balance"]?.arrayValue ?? []).compactMap { $0["AccountId"]?.stringValue }
        #expect(Set(balanceAccounts) == shared, "bulk balances cover every shared account and no other")

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
        let basicTransactions: (member: String, schema: String) = ("Transaction", "OBTransaction6Basic")
        let bulk = try await obie.send(
            .GET, api + "/transactions", headers: Self.bearer(token), label: "bulk transactions", schema: "OBReadTransaction6",
            items: basicTransactions)
        #expect(bulk.status == 200)
        let bulkTransactions = bulk.json["Data"]?["Transaction"]?.arrayValue ?? []
        #expect(!bulkTransactions.isEmpty, "the shared accounts had credits in those 90 days")
        checkShaped(bulkTransactions, "bulk")

        for accountID in shared.sorted() {
            let page = try await obie.send(
                .GET, api + "/accounts/\(accountID)/transactions", headers: Self.bearer(token), label: "\(accountID) transactions",
                schema: "OBReadTransaction6", items: basicTransactions)
            #expect(page.status == 200)
            checkShaped(page.json["Data"]?["Transaction"]?.arrayValue ?? [], accountID)
        }

        // A query window partly outside the consent's is clamped; one wholly outside returns nothing.
        let wide = try await obie.send(
            .GET, api + "/transactions?fromBookingDateTime=\(ISO8601.format(from.addingTimeInterval(-200 * day)).prefix(10))",
            headers: Self.bearer(token), label: "wide window", schema: "OBReadTransaction6", items: basicTransactions)
        #expect(wide.status == 200)
        checkShaped(wide.json["Data"]?["Transaction"]?.arrayValue ?? [], "wide window")
        let outside = try await obie.send(
            .GET, api + "/transactions?fromBookingDateTime=\(ISO8601.format(end.addingTimeInterval(-20 * day)).prefix(10))",
            headers: Self.bearer(token), label: "empty window", schema: "OBReadTransaction6")
        #expect(outside.status == 200)
        #expect(outside.json["Data"]?["Transaction"] == [], "the history has transactions then, but the consent's window ended before")

        // Party was not granted.
        let party = try await obie.send(.GET, api + "/party", headers: Self.bearer(token), label: "party refused", schema: "OBReadParty2")
        #expect(party.status == 403)
        #expect(party.header("x-lango-reason") == "permission_missing")
        try await obie.expectValid()
    }

    @Test func withoutTheCustomerPresentAConsentServesFourReadsADay() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try await Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let accounts = gateway.baseURL + "/open-banking/v3.1/aisp/accounts"
        var obie = OBIEAnswers()
        func read(_ label: String, customerPresent: Bool) async throws -> HTTPResult {
            try await obie.send(.GET, accounts, headers: Self.bearer(token, customerPresent: customerPresent), label: label, schema: "OBReadAccount6")
        }

        for attempt in 1...4 {
            let unattended = try await read("unattended read \(attempt)", customerPresent: false)
            #expect(unattended.status == 200, "unattended read \(attempt)")
        }
        let fifth = try await read("unattended limit", customerPresent: false)
        #expect(fifth.status == 429)
        #expect(fifth.header("x-lango-reason") == "unattended_limit")
        #expect(fifth.errorCode == "LANGO.UnattendedAccessLimit")
        #expect(fifth.header("RateLimit-Limit") == "4" && fifth.header("RateLimit-Remaining") == "0")
        // The count is of the last 24 hours, not of a calendar day: the wait is for the first
        // read to be 24 hours old (the reads took moments; 10 minutes allow for a slow machine).
        let wait = try #require(Int(fifth.header("Retry-After") ?? ""), "the wait is given")
        #expect((86_400 - 600)...86_400 ~= wait, "Retry-After \(wait)")

        // With the customer present the consent serves on; the unattended count stays spent.
        let attended = try await read("attended", customerPresent: true)
        #expect(attended.status == 200)
        let again = try await read("unattended again", customerPresent: false)
        #expect(again.status == 429)
        try await obie.expectValid()
    }

    /// The consent ends on the first node — the partner deletes it, or the customer withdraws it
    /// on that node's consents page — and the second node, sharing the store, stops serving it.
    @Test(arguments: [true, false])
    func aConsentEndedOnOneNodeStopsServingOnAnother(byThePartner: Bool) async throws {
        let first = try await GatewayFixture()
        // The second node shares the store and answers for the same issuer, as nodes behind one address do.
        let second = try await GatewayFixture(dataDirectory: first.dataDirectory, extraConfiguration: #", "public_url": "\#(first.baseURL)""#)
        let secret = try await OAuthEndToEndTests.codeFlowClient(first, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try await Self.journey(first, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue)
        var obie = OBIEAnswers()
        func read(_ node: GatewayFixture, _ label: String) async throws -> HTTPResult {
            try await obie.send(
                .GET, node.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token), label: label, schema: "OBReadAccount6",
                items: ("Account", "OBAccount6Detail"))
        }

        let served = try await read(second, "served by the second node")
        #expect(served.status == 200, "the other node serves the consent from the shared store")
        if byThePartner {
            let deleted = try await obie.send(
                .DELETE, first.baseURL + Self.consentsPath + "/" + consentID, headers: Self.bearer(answer["client_token"]?.stringValue),
                label: "delete", schema: nil)
            #expect(deleted.status == 204)
        } else {
            let withdrawn = try await OAuthEndToEndTests.authlib([
                "op": "dashboard", "issuer": .string(first.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
                "withdraw": .string(consentID),
            ])
            #expect(withdrawn["withdrawn_status"] == 200, "\(withdrawn)")
        }
        let reason = byThePartner ? "consent_unknown" : "consent_not_authorised"
        let onFirst = try await read(first, "the first node at once")
        #expect(onFirst.status == 403, "the node that ended it refuses at once")
        #expect(onFirst.header("x-lango-reason") == reason)

        // The other node learns of it from the change feed (read every second); no timing is
        // asserted here, only that it stops.
        var refused: HTTPResult?
        for attempt in 0..<100 {
            let response = try await read(second, "the second node, attempt \(attempt)")
            if response.status != 200 {
                refused = response
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(refused?.status == 403)
        #expect(refused?.header("x-lango-reason") == reason)
        try await obie.expectValid()
    }

    /// A day as the customer's pages write it: `1 January 2099`.
    static func day(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: "en_GB"), timeZone: .gmt))
    }

    /// The issue's whole journey in one: a client-credentials token, the consent created with
    /// it, the customer's authorisation (login, one-time code, account selection), the code
    /// exchanged, accounts, balances and transactions read, then the customer withdraws the
    /// consent on their page and the very next read is refused.
    @Test func theCustomerSeesTheirConsentsAndWithdrawsOneOnTheirPage() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let consent = Self.consentBody(
            Self.allReads,
            [
                "ExpirationDateTime": "2099-01-01T00:00:00+00:00", "TransactionFromDateTime": "2026-05-01T00:00:00+00:00",
                "TransactionToDateTime": "2026-10-31T00:00:00+00:00",
            ])
        let grantedBefore = Self.day(Date())
        let answer = try await Self.journey(gateway, secret: secret, consent: consent, select: [0])
        let granted = [grantedBefore, Self.day(Date())]
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue)
        let shared = try #require(answer["offered"]?[0]?.stringValue)
        #expect(
            answer["decision_text"]?.stringValue?.contains(
                #"<p id="duration">Until 1 January 2099. Transactions from 1 May 2026 to 31 October 2026.</p>"#) == true,
            "the decision page shows the expiry and the transaction window")
        let api = gateway.baseURL + "/open-banking/v3.1/aisp"
        var obie = OBIEAnswers()
        obie.keep(answer["created"] ?? .null, label: "consent created", schema: "OBReadConsentResponse1")
        let accounts = try await obie.send(
            .GET, api + "/accounts", headers: Self.bearer(token), label: "accounts", schema: "OBReadAccount6", items: ("Account", "OBAccount6Detail"))
        #expect(accounts.json["Data"]?["Account"]?.arrayValue?.compactMap { $0["AccountId"]?.stringValue } == [shared])
        let balances = try await obie.send(.GET, api + "/accounts/\(shared)/balances", headers: Self.bearer(token), label: "balances", schema: "OBReadBalance1")
        #expect(balances.json["Data"]?["Balance"]?.arrayValue?.isEmpty == false, "\(balances.status)")
        let transactions = try await obie.send(
            .GET, api + "/accounts/\(shared)/transactions", headers: Self.bearer(token), label: "transactions", schema: "OBReadTransaction6",
            items: ("Transaction", "OBTransaction6Detail"))
        let window = try #require(ISO8601.parse("2026-05-01T00:00:00Z"))...(try #require(ISO8601.parse("2026-10-31T00:00:00Z")))
        let booked = (transactions.json["Data"]?["Transaction"]?.arrayValue ?? []).compactMap {
            $0["BookingDateTime"]?.stringValue.flatMap { ISO8601.parse($0) }
        }
        #expect(!booked.isEmpty && booked.allSatisfy(window.contains), "inside the consent's window: \(booked)")

        // The use shows once this node has written it (every 5 s); nothing is withdrawn meanwhile.
        var listed: JSONValue = .null
        for _ in 0..<40 {
            listed = try await OAuthEndToEndTests.authlib([
                "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
            ])
            if listed["consents"]?[0]?["last_used"] != "not yet" { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(listed["status"] == 200 && listed["path"] == "/customer/consents", "\(listed)")
        #expect(listed["consents"]?[0]?["id"] == .string(consentID))
        #expect(listed["consents"]?[0]?["status"] == "Active")
        #expect(listed["consents"]?[0]?["last_used"]?.stringValue?.hasSuffix("UTC") == true, "\(listed["consents"] ?? .null)")
        let dates = granted.map { "Granted \($0). Until 1 January 2099. Transactions from 1 May 2026 to 31 October 2026." }
        #expect(dates.contains(listed["consents"]?[0]?["dates"]?.stringValue ?? ""), "when granted, until when, the window: \(listed["consents"] ?? .null)")
        let text = listed["text"]?.stringValue ?? ""
        #expect(text.contains("Your balances") && text.contains("Money coming in"), "permissions in plain words")
        #expect(text.contains("Test app_fintech <span class=\"partner\">from \(OAuthEndToEndTests.partner)</span>"))
        #expect(text.contains("••••"), "the shared account, masked")
        #expect(listed["signed_out_shows_login"] == true)

        let withdrawn = try await OAuthEndToEndTests.authlib([
            "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
            "withdraw": .string(consentID),
        ])
        #expect(withdrawn["forged_status"] == 400, "a form without the session's token changes nothing")
        #expect(withdrawn["withdrawn_status"] == 200, "\(withdrawn)")
        #expect(withdrawn["withdrawn_notice"]?.stringValue?.contains(consentID) == true)
        #expect(withdrawn["withdrawn_consents"]?[0]?["status"] == "Withdrawn")
        // The very next call with the consent's token is refused: the change reached this node's cache at once.
        let after = try await obie.send(.GET, api + "/accounts", headers: Self.bearer(token), label: "withdrawn", schema: "OBReadAccount6")
        #expect(after.status == 403)
        #expect(after.header("x-lango-reason") == "consent_not_authorised")

        let status = try await Self.readConsent(consentID, gateway, clientToken: answer["client_token"]?.stringValue, label: "consent revoked", &obie)
        #expect(status.json["Data"]?["Status"] == "Revoked", "the partner sees the withdrawal as Revoked")
        try await obie.expectValid()

        // The audit trail, as an operator reads it: each change, who made it and from where.
        await #expect(
            try Self.trail(consentID, gateway) == [
                TrailEvent(kind: "created", actor: "client app_fintech", address: "127.0.0.1", status: "- → AwaitingAuthorisation"),
                TrailEvent(kind: "authorised", actor: "customer C0001", address: "127.0.0.1", status: "AwaitingAuthorisation → Authorised"),
                TrailEvent(kind: "revoked", actor: "customer C0001", address: "127.0.0.1", status: "Authorised → Revoked"),
            ])
        await #expect(try OAuthEndToEndTests.lango(["consents", "list", "--customer", "C0001"], gateway).contains(consentID))
    }

    @Test func aCustomerWhoDeniesRejectsTheConsent() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try await Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0], extra: ["decision": "deny"])
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue, "\(answer)")
        #expect(answer["redirect"]?["base"] == .string(Self.redirect), "the browser goes back to the client: \(answer)")
        #expect(answer["redirect"]?["query"]?["error"] == "access_denied")
        #expect(answer["redirect"]?["query"]?["iss"] == .string(gateway.baseURL))
        #expect(answer["redirect"]?["query"]?["code"] == nil && answer["access_token"] == nil)

        var obie = OBIEAnswers()
        let status = try await Self.readConsent(consentID, gateway, clientToken: answer["client_token"]?.stringValue, label: "consent rejected", &obie)
        #expect(status.status == 200)
        #expect(status.json["Data"]?["Status"] == "Rejected")
        try await obie.expectValid()
        await #expect(
            try Self.trail(consentID, gateway).last
                == TrailEvent(kind: "rejected", actor: "customer C0001", address: "127.0.0.1", status: "AwaitingAuthorisation → Rejected"))
    }

    /// A consent id app_fintech created, sent by another code-flow client: refused with
    /// invalid_request, back at that client's redirect URI (plain) or at the push (PAR).
    @Test func anotherClientsConsentIsRefusedAtTheAuthorizationEndpointAndAtThePush() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let otherRedirect = "http://127.0.0.1:9/other-callback"
        let otherSecret = try await OAuthEndToEndTests.codeFlowClient(
            gateway, app: "app_other", redirect: otherRedirect, extraGrants: ["client_credentials"])
        var obie = OBIEAnswers()
        let clientToken = try await Self.clientToken(gateway, secret: secret)
        let created = try await obie.send(
            .POST, gateway.baseURL + Self.consentsPath, headers: Self.bearer(clientToken) + [("Content-Type", "application/json")],
            body: Array(Self.consentBody(Self.allReads).encoded()),
            label: "app_fintech's consent", schema: "OBReadConsentResponse1")
        let consentID = try #require(created.json["Data"]?["ConsentId"]?.stringValue, "\(created.status)")

        let asOther: JSONObject = [
            "client_id": "app_other", "client_secret": .string(otherSecret), "redirect_uri": .string(otherRedirect), "intent_id": .string(consentID),
        ]
        let plain = try await Self.journey(gateway, secret: otherSecret, consent: Self.consentBody(Self.allReads), select: [0], extra: asOther)
        #expect(plain["authorize_redirect"]?["base"] == .string(otherRedirect), "\(plain)")
        #expect(plain["authorize_redirect"]?["query"]?["error"] == "invalid_request")
        #expect(plain["authorize_redirect"]?["query"]?["error_description"]?.stringValue?.contains("is not a consent of this client") == true)
        #expect(plain["authorize_redirect"]?["query"]?["iss"] == .string(gateway.baseURL))
        var pushedAsOther = asOther
        pushedAsOther["pushed"] = true
        let pushed = try await Self.journey(gateway, secret: otherSecret, consent: Self.consentBody(Self.allReads), select: [0], extra: pushedAsOther)
        #expect(pushed["error"] == "par" && pushed["status"] == 400, "\(pushed)")
        #expect(try JSONValue.parse(pushed["body"]?.stringValue ?? "")["error"] == "invalid_request", "\(pushed)")

        // Neither touched app_fintech's consent.
        try await Self.expectUntouched(consentID, gateway, clientToken: clientToken, &obie)
        try await obie.expectValid()
    }

    /// C0001 posts, with an account the page offered, one of C0002's: the page comes back with a
    /// notice and nothing is authorised.
    @Test func anAccountTheDecisionPageDidNotOfferAuthorisesNothing() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try await Self.journey(
            gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0], extra: ["also_post": ["C0002-KES-1"]])
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue, "\(answer)")
        #expect((answer["offered"]?.arrayValue ?? []).allSatisfy { $0.stringValue?.hasPrefix("C0001-") == true }, "\(answer)")
        #expect(answer["redirect"] == nil && answer["access_token"] == nil, "\(answer)")
        #expect(answer["notice"] == "Choose at least one of your accounts to share.", "\(answer)")

        var obie = OBIEAnswers()
        try await Self.expectUntouched(consentID, gateway, clientToken: answer["client_token"]?.stringValue, &obie)
        try await obie.expectValid()
    }

    @Test func aConsentIsAuthorisedThroughAPushedRequest() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let answer = try await Self.journey(gateway, secret: secret, consent: Self.consentBody(Self.allReads), select: [0], extra: ["pushed": true])
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue, "\(answer)")
        #expect(answer["access_claims"]?["openbanking_intent_id"] == .string(consentID), "\(answer)")
        var obie = OBIEAnswers()
        obie.keep(answer["created"] ?? .null, label: "consent created", schema: "OBReadConsentResponse1")
        let accounts = try await obie.send(
            .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(answer["access_token"]?.stringValue),
            label: "accounts after a pushed request", schema: "OBReadAccount6", items: ("Account", "OBAccount6Detail"))
        #expect(accounts.status == 200)
        try await obie.expectValid()

        // A pushed request for a consent the client does not have is refused at the push.
        let unknown = try await Self.journey(
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
        let gateway = try await GatewayFixture()
        let app = try await gateway.createApp(id: "app_signed", environment: "sandbox", partner: OAuthEndToEndTests.partner)
        let keys = try await OAuthEndToEndTests.authlib(["op": "keygen", "alg": .string(algorithm)])
        let scratch = try Scratch()
        try scratch.write("jwks.json", try #require(keys["public_jwks"]).encodedString(.compact))
        _ = try await OAuthEndToEndTests.lango(
            [
                "apps", "oauth", app, "--auth", "private_key_jwt", "--jwks", scratch.path("jwks.json"), "--scope", "openid",
                "--scope", "accounts", "--grant", "authorization_code", "--grant", "refresh_token", "--grant", "client_credentials",
                "--redirect-uri", Self.redirect,
            ], gateway)
        let signed: JSONObject = [
            "client_id": .string(app), "private_jwk": try #require(keys["private_jwk"]), "request_object": true, "pushed": .bool(pushed),
        ]
        let answer = try await Self.journey(gateway, secret: "", consent: Self.consentBody(Self.allReads), select: [1], extra: signed)
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue, "\(answer)")
        #expect(answer["error"] == nil, "\(answer)")
        #expect(answer["access_claims"]?["openbanking_intent_id"] == .string(consentID), "\(answer)")
        let offered = (answer["offered"]?.arrayValue ?? []).compactMap(\.stringValue)
        var obie = OBIEAnswers()
        obie.keep(answer["created"] ?? .null, label: "consent created", schema: "OBReadConsentResponse1")
        let accounts = try await obie.send(
            .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(answer["access_token"]?.stringValue),
            label: "accounts after a request object", schema: "OBReadAccount6", items: ("Account", "OBAccount6Detail"))
        #expect(accounts.status == 200)
        #expect(accounts.json["Data"]?["Account"]?.arrayValue?.compactMap { $0["AccountId"]?.stringValue } == Array(offered.dropFirst().prefix(1)))
        try await obie.expectValid()

        // The same journey with an object another key signed is refused on the page, and no code is issued.
        let stranger = try await OAuthEndToEndTests.authlib(["op": "keygen", "alg": .string(algorithm)])
        var forged = signed
        forged["request_object_jwk"] = stranger["private_jwk"]
        forged["pushed"] = false
        let refused = try await Self.journey(gateway, secret: "", consent: Self.consentBody(Self.allReads), select: [0], extra: forged)
        #expect(refused["access_token"] == nil, "\(refused)")
        #expect(refused["authorize_status"] == 400, "\(refused)")
        #expect(refused["authorize_text"]?.stringValue?.contains("invalid_request_object") == true, "\(refused)")
    }

    /// An authorised consent past its expiry serves nothing, shows as Expired to the customer, and
    /// its expiry is audited by `system`; so is that of a consent nobody authorised, which keeps
    /// its status.
    @Test func anExpiredConsentStopsServingAndShowsAsExpired() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        /// A consent expiring `seconds` from now.
        func expiring(in seconds: Double) -> (body: JSONValue, expiry: Date) {
            let expiry = Date().addingTimeInterval(seconds)
            return (Self.consentBody(["ReadAccountsBasic"], ["ExpirationDateTime": .string(ISO8601.format(expiry))]), expiry)
        }
        let clientToken = try await Self.clientToken(gateway, secret: secret)
        var obie = OBIEAnswers()
        let unauthorised = try await obie.send(
            .POST, gateway.baseURL + Self.consentsPath, headers: Self.bearer(clientToken) + [("Content-Type", "application/json")],
            body: Array(expiring(in: 20).body.encoded()), label: "a consent left unauthorised", schema: "OBReadConsentResponse1")
        let unauthorisedID = try #require(unauthorised.json["Data"]?["ConsentId"]?.stringValue, "\(unauthorised.status)")
        // Long enough for the journey on a loaded machine: the consent must be authorised before it expires.
        let (consent, expiry) = expiring(in: 30)
        let answer = try await Self.journey(gateway, secret: secret, consent: consent, select: [0])
        let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
        let consentID = try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue)
        let accounts = gateway.baseURL + "/open-banking/v3.1/aisp/accounts"
        func read(_ label: String) async throws -> HTTPResult {
            try await obie.send(.GET, accounts, headers: Self.bearer(token), label: label, schema: "OBReadAccount6", items: ("Account", "OBAccount6Basic"))
        }
        #expect(try await read("before expiry").status == 200, "served before its expiry")

        // Waits out the expiry; what is checked is the answer after it, not how soon it came.
        var after = try await read("around expiry")
        while after.status == 200, Date() < expiry.addingTimeInterval(30) {
            try await Task.sleep(for: .milliseconds(500))
            after = try await read("around expiry")
        }
        #expect(Date() >= expiry.addingTimeInterval(-1), "refused only once expired")
        #expect(after.status == 403)
        #expect(after.header("x-lango-reason") == "consent_expired")
        let page = try await OAuthEndToEndTests.authlib([
            "op": "dashboard", "issuer": .string(gateway.baseURL), "customer": "C0001", "password": "wekeza-sandbox",
        ])
        #expect(page["consents"]?[0]?["status"] == "Expired", "\(page["consents"] ?? .null)")

        // The upkeep pass (every 5 s) records each expiry once, by the system, status unchanged.
        #expect(
            try await Self.trail(consentID, gateway, once: "expired").last
                == TrailEvent(kind: "expired", actor: "system", address: "-", status: "Authorised → Authorised"))
        #expect(
            try await Self.trail(unauthorisedID, gateway, once: "expired") == [
                TrailEvent(kind: "created", actor: "client app_fintech", address: "127.0.0.1", status: "- → AwaitingAuthorisation"),
                TrailEvent(kind: "expired", actor: "system", address: "-", status: "AwaitingAuthorisation → AwaitingAuthorisation"),
            ])
        let status = try await Self.readConsent(unauthorisedID, gateway, clientToken: clientToken, label: "expired unauthorised", &obie)
        #expect(status.json["Data"]?["Status"] == "AwaitingAuthorisation", "OBIE v3.1 has no Expired status")
        try await obie.expectValid()
    }

    @Test func twoNodesSharingRedisCountOneConsentsUnattendedReadsTogether() async throws {
        try await withRedisServer { redis in
            let arguments = ["--redis", redis.url(), "--nodes", "2"]
            let first = try await GatewayFixture(extraArguments: arguments)
            let second = try await GatewayFixture(
                dataDirectory: first.dataDirectory, extraConfiguration: #", "public_url": "\#(first.baseURL)""#, extraArguments: arguments)
            let secret = try await OAuthEndToEndTests.codeFlowClient(first, redirect: Self.redirect, extraGrants: ["client_credentials"])
            let answer = try await Self.journey(first, secret: secret, consent: Self.consentBody(Self.allReads), select: [0])
            let token = try #require(answer["access_token"]?.stringValue, "\(answer)")
            var statuses: [Int] = []
            var obie = OBIEAnswers()
            for (index, node) in [first, second, first, second, first, second].enumerated() {
                let read = try await obie.send(
                    .GET, node.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token, customerPresent: false),
                    label: "unattended read \(index + 1)", schema: "OBReadAccount6", items: ("Account", "OBAccount6Detail"))
                statuses.append(read.status)
            }
            #expect(statuses == [200, 200, 200, 200, 429, 429], "four a day across both nodes, not four on each")
            try await obie.expectValid()
        }
    }

    @Test func consentRequestsAreCheckedAndOtherClientsConsentsAreNotFound() async throws {
        let gateway = try await GatewayFixture()
        let secret = try await OAuthEndToEndTests.codeFlowClient(gateway, redirect: Self.redirect, extraGrants: ["client_credentials"])
        let token = try await Self.clientToken(gateway, secret: secret)
        let headers = Self.bearer(token) + [("Content-Type", "application/json")]
        let consents = gateway.baseURL + Self.consentsPath
        var obie = OBIEAnswers()

        let empty = try await obie.send(
            .POST, consents, headers: headers, body: Array(Self.consentBody([]).encoded()), label: "empty permissions",
            schema: "OBReadConsentResponse1")
        #expect(empty.status == 400)
        #expect(empty.errorCode == "UK.OBIE.Field.Invalid")
        #expect(empty.json["Errors"]?[0]?["Path"] == "Data.Permissions")
        let notJSON = try await obie.send(
            .POST, consents, headers: Self.bearer(token) + [("Content-Type", "text/plain")], body: Array("x".utf8), label: "not JSON",
            schema: "OBReadConsentResponse1")
        #expect(notJSON.status == 415)
        // A code the default policies serve no route for is refused, naming what is served.
        let unserved = try await obie.send(
            .POST, consents, headers: headers, body: Array(Self.consentBody(["ReadAccountsBasic", "ReadBeneficiariesBasic"]).encoded()),
            label: "unserved permission", schema: "OBReadConsentResponse1")
        #expect(unserved.status == 400 && unserved.errorCode == "UK.OBIE.Field.Invalid")
        #expect(unserved.json["Errors"]?[0]?["Path"] == "Data.Permissions[1]")
        #expect(
            unserved.json["Errors"]?[0]?["Message"]?.stringValue?.hasPrefix("ReadBeneficiariesBasic is not served by this bank; it serves ReadAccountsBasic") == true,
            "\(unserved.json)")

        // Without a token, and with one that is not a token, the consent resources and the reads are refused.
        for (label, credential) in [("no token", [(String, String)]()), ("not a token", Self.bearer("not-a-token"))] {
            let create = try await obie.send(
                .POST, consents, headers: credential + [("Content-Type", "application/json")],
                body: Array(Self.consentBody(["ReadAccountsBasic"]).encoded()), label: "create, \(label)", schema: "OBReadConsentResponse1")
            #expect(create.status == 401, "\(label)")
            let read = try await obie.send(
                .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: credential, label: "accounts, \(label)", schema: "OBReadAccount6")
            #expect(read.status == 401, "\(label)")
        }

        let created = try await obie.send(
            .POST, consents, headers: headers,
            body: Array(Self.consentBody(["ReadAccountsBasic"], ["ExpirationDateTime": "2099-01-01T00:00:00+00:00"]).encoded()),
            label: "created", schema: "OBReadConsentResponse1")
        #expect(created.status == 201)
        #expect(created.json["Data"]?["ExpirationDateTime"] == "2099-01-01T00:00:00+00:00")
        #expect(created.json["Risk"] == [:])
        let consentID = try #require(created.json["Data"]?["ConsentId"]?.stringValue)

        // Another partner's client cannot read or delete it, and learns nothing of it.
        let otherApp = try await gateway.createApp(id: "app_other", environment: "sandbox")
        _ = try await OAuthEndToEndTests.lango(["apps", "oauth", otherApp, "--auth", "client_secret", "--scope", "accounts"], gateway)
        let otherSecret = try await OAuthEndToEndTests.lango(["apps", "rotate-secret", otherApp, "--quiet"], gateway)
        let otherToken = try await Self.clientToken(gateway, client: otherApp, secret: otherSecret)
        for method in [HTTPMethod.GET, .DELETE] {
            let foreign = try await obie.send(
                method, consents + "/" + consentID, headers: Self.bearer(otherToken), label: "foreign \(method)",
                schema: method == .GET ? "OBReadConsentResponse1" : nil)
            #expect(foreign.status == 400, "\(method)")
            #expect(foreign.errorCode == "UK.OBIE.Resource.NotFound")
        }
        let mine = try await Self.readConsent(consentID, gateway, clientToken: token, label: "awaiting", &obie)
        #expect(mine.json["Data"]?["Status"] == "AwaitingAuthorisation")

        // A consent still awaiting authorisation serves no data, and a token without one is refused.
        let unbound = try await obie.send(
            .GET, gateway.baseURL + "/open-banking/v3.1/aisp/accounts", headers: Self.bearer(token), label: "no consent", schema: "OBReadAccount6")
        #expect(unbound.status == 403)
        try await obie.expectValid()
    }
}
