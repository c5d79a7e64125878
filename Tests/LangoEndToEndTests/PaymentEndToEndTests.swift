import Foundation
import LangoJSON
import LangoScriptTesting
import NIOHTTP1
import Testing

/// The OBIE domestic payment journey over HTTP against the real binary: a partner creates a
/// payment consent, the customer approves it on the authorization pages (choosing the account to
/// pay from), the partner makes the payment once, and the sandbox bank executes it.
@Suite struct PaymentEndToEndTests {
    static let consentsPath = "/open-banking/v3.1/pisp/domestic-payment-consents"
    static let paymentsPath = "/open-banking/v3.1/pisp/domestic-payments"

    static func initiation(amount: String) -> JSONValue {
        [
            "InstructionIdentification": "INSTR-0001", "EndToEndIdentification": "E2E-0001", "LocalInstrument": "UK.OBIE.FPS",
            "InstructedAmount": ["Amount": .string(amount), "Currency": "KES"],
            "CreditorAccount": ["SchemeName": "UK.OBIE.IBAN", "Identification": "KE00WEKE0002000200020002", "Name": "Mama Mboga Stores"],
            "RemittanceInformation": ["Reference": "INV-2026-12"],
        ]
    }

    static let risk: JSONValue = ["PaymentContextCode": "EcommerceGoods"]

    /// The customer C0001 approves a payment of `amount` KES from the first account offered.
    static func approved(_ gateway: GatewayFixture, secret: String, amount: String) async throws -> (consentID: String, answer: JSONValue) {
        try await approved(gateway, secret: secret, consent: ["Data": ["Initiation": initiation(amount: amount)], "Risk": risk], path: consentsPath)
    }

    /// The customer C0001 approves the payment consent `consent`, posted to `path`, paying from the first account offered.
    static func approved(_ gateway: GatewayFixture, secret: String, consent: JSONValue, path: String) async throws -> (
        consentID: String, answer: JSONValue
    ) {
        let answer = try await ConsentEndToEndTests.journey(
            gateway, secret: secret, consent: consent, select: [0],
            extra: ["scope": "payments", "consent_path": .string(path), "headers": ["x-idempotency-key": .string(UUID().uuidString)]])
        #expect(answer["created_status"] == 201, "\(answer["created"] ?? .null)")
        #expect(answer["error"] == nil, "\(answer)")
        return (try #require(answer["created"]?["Data"]?["ConsentId"]?.stringValue), answer)
    }

    static func pay(
        _ gateway: GatewayFixture, token: String?, consentID: String, amount: String, key: String
    ) async throws -> HTTPResult {
        try await post(gateway, paymentsPath, token: token, body: body(consentID: consentID, amount: amount), key: key)
    }

    static func post(_ gateway: GatewayFixture, _ path: String, token: String?, body: JSONValue, key: String) async throws -> HTTPResult {
        try await HTTP.send(
            .POST, gateway.baseURL + path,
            headers: ConsentEndToEndTests.bearer(token) + [("Content-Type", "application/json"), ("x-idempotency-key", key)],
            body: Array(body.encodedString(.compact).utf8))
    }

    static func body(consentID: String, amount: String) -> JSONValue {
        ["Data": ["ConsentId": .string(consentID), "Initiation": initiation(amount: amount)], "Risk": risk]
    }

    /// Reads payment `id` until its status is final (at most a minute).
    static func settled(_ gateway: GatewayFixture, clientToken: String?, id: String) async throws -> HTTPResult {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let read = try await HTTP.send(.GET, gateway.baseURL + paymentsPath + "/" + id, headers: ConsentEndToEndTests.bearer(clientToken))
            let status = read.json["Data"]?["Status"]?.stringValue
            if read.status != 200 || ["AcceptedSettlementCompleted", "Rejected"].contains(status ?? "") || ContinuousClock.now > deadline {
                return read
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// The answer to whether consent `consentID`'s account holds its amount, asked with the customer's `token`.
    static func funds(_ gateway: GatewayFixture, token: String?, consentID: String) async throws -> HTTPResult {
        try await HTTP.send(.GET, gateway.baseURL + consentsPath + "/" + consentID + "/funds-confirmation", headers: ConsentEndToEndTests.bearer(token))
    }

    /// Payment `id`'s status details, read with the client's token.
    static func details(_ gateway: GatewayFixture, clientToken: String?, id: String) async throws -> HTTPResult {
        try await HTTP.send(.GET, gateway.baseURL + paymentsPath + "/" + id + "/payment-details", headers: ConsentEndToEndTests.bearer(clientToken))
    }

    /// The booked balance of `account`, read through the internal API.
    static func balance(_ gateway: GatewayFixture, key: String, account: String) async throws -> String? {
        let balances = try await gateway.get("/internal/v1/accounts/\(account)/balances", key: key)
        return balances.json["Data"]?["Balance"]?.arrayValue?.first { $0["Type"] == "InterimBooked" }?["Amount"]?["Amount"]?.stringValue
    }

    static func client(_ gateway: GatewayFixture) async throws -> (secret: String, key: String) {
        let secret = try await OAuthEndToEndTests.codeFlowClient(
            gateway, redirect: ConsentEndToEndTests.redirect, extraGrants: ["client_credentials"], extraScopes: ["payments"])
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_teller"), scopes: ["balances:read"])
        return (secret, key)
    }

    /// The funds check waits for the core bank only as long as its rule's `timeout_ms`, and a core
    /// that does not answer in time is a 504, not a failure of the gateway's own store.
    @Test func aFundsCheckWaitsForTheCoreOnlyAsLongAsItsRuleSays() async throws {
        let coreScratch = try Scratch()
        let core = try await CoreSimTests().startCore(coreScratch, latencyMilliseconds: 1_500)
        let policies = try Scratch()
        let fundsUpstream = #""operation": "confirm-domestic-payment-funds" }"#
        for file in try FileManager.default.contentsOfDirectory(atPath: Repository.policies) where file.hasSuffix(".json") {
            let text = try String(contentsOfFile: Repository.policies + "/" + file, encoding: .utf8)
            try policies.write(
                file, text.replacingOccurrences(of: fundsUpstream, with: #""operation": "confirm-domestic-payment-funds", "timeout_ms": 300 }"#))
        }
        #expect(try String(contentsOfFile: policies.path("payment-initiation.json"), encoding: .utf8).contains(#""timeout_ms": 300"#))
        let gateway = try await GatewayFixture(policies: policies.url.path, extraArguments: ["--core-url", core.baseURL])
        let (secret, _) = try await Self.client(gateway)
        let (consentID, answer) = try await Self.approved(gateway, secret: secret, amount: "10.00")

        let slow = try await Self.funds(gateway, token: answer["access_token"]?.stringValue, consentID: consentID)
        #expect(slow.status == 504, "\(slow.json)")
        #expect(slow.errorCode == "LANGO.UpstreamTimeout")
        let logged = try await gateway.decision { $0["rule"] == "pisp.consents.funds" }
        #expect(logged["reason"] == "upstream_timeout")
        let outcome = try await OBIESchemaValidator.validate([
            OBIESchemaValidator.Document(label: "funds timeout", spec: "payment-initiation", schema: "OBErrorResponse1", body: slow.json)
        ])
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    @Test func aPartnerMakesThePaymentTheCustomerApprovedExactlyOnce() async throws {
        let gateway = try await GatewayFixture()
        let (secret, key) = try await Self.client(gateway)
        let (consentID, answer) = try await Self.approved(gateway, secret: secret, amount: "1500.00")
        #expect(consentID.hasPrefix("pdc-"))
        #expect(answer["created"]?["Data"]?["Status"] == "AwaitingAuthorisation")
        let sorted = JSONEncodingOptions(sortedKeys: true)
        #expect(
            answer["created"]?["Data"]?["Initiation"]?.encodedString(sorted) == Self.initiation(amount: "1500.00").encodedString(sorted),
            "the consent echoes the Initiation")
        let text = answer["decision_text"]?.stringValue ?? ""
        #expect(text.contains("KES 1500.00") && text.contains("Mama Mboga Stores") && text.contains("INV-2026-12"), "\(text)")
        let offered = (answer["offered"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(!offered.isEmpty && offered.allSatisfy { $0.hasPrefix("C0001-KES-") }, "only accounts in the payment's currency: \(offered)")
        #expect(answer["access_claims"]?["openbanking_intent_id"] == .string(consentID))
        let token = answer["access_token"]?.stringValue
        let clientToken = answer["client_token"]?.stringValue
        let debtor = try #require(offered.first)
        let before = try #require(try await Self.balance(gateway, key: key, account: debtor))

        let authorised = try await HTTP.send(.GET, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: ConsentEndToEndTests.bearer(clientToken))
        #expect(authorised.json["Data"]?["Status"] == "Authorised")
        let funds = try await Self.funds(gateway, token: token, consentID: consentID)
        #expect(funds.status == 200 && funds.json["Data"]?["FundsAvailableResult"]?["FundsAvailable"] == true, "\(funds.json)")
        #expect(funds.json["Links"]?["Self"] == .string(gateway.baseURL + Self.consentsPath + "/" + consentID + "/funds-confirmation"))
        let otherFunds = try await Self.funds(gateway, token: token, consentID: "pdc-someone-else")
        #expect(otherFunds.status == 400 && otherFunds.errorCode == "UK.OBIE.Resource.ConsentMismatch", "\(otherFunds.json)")
        let clientFunds = try await Self.funds(gateway, token: clientToken, consentID: consentID)
        #expect(clientFunds.status == 403, "funds are confirmed to the customer's token only")
        // PSD2's few unattended accesses are about account information: payment consents are not counted.
        for attempt in 1...5 {
            let unattended = try await HTTP.send(
                .GET, gateway.baseURL + Self.consentsPath + "/" + consentID + "/funds-confirmation",
                headers: ConsentEndToEndTests.bearer(token, customerPresent: false))
            #expect(unattended.status == 200, "unattended funds check \(attempt): \(unattended.json)")
        }

        let made = try await Self.pay(gateway, token: token, consentID: consentID, amount: "1500.00", key: "pay-1")
        #expect(made.status == 201, "\(String(decoding: made.body, as: UTF8.self))")
        let paymentID = try #require(made.json["Data"]?["DomesticPaymentId"]?.stringValue)
        #expect(made.json["Data"]?["Status"] == "Pending" && made.json["Data"]?["ConsentId"] == .string(consentID))
        #expect(made.json["Links"]?["Self"] == .string(gateway.baseURL + Self.paymentsPath + "/" + paymentID))

        let repeated = try await Self.pay(gateway, token: token, consentID: consentID, amount: "1500.00", key: "pay-1")
        #expect(repeated.status == 201 && repeated.json["Data"]?["DomesticPaymentId"] == .string(paymentID))
        #expect(repeated.header("x-lango-idempotent-replay") == "true")
        let second = try await Self.pay(gateway, token: token, consentID: consentID, amount: "1500.00", key: "pay-2")
        #expect(second.status == 403 && second.header("x-lango-reason") == "consent_not_authorised")

        let consumed = try await HTTP.send(.GET, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: ConsentEndToEndTests.bearer(clientToken))
        #expect(consumed.json["Data"]?["Status"] == "Consumed")
        let final = try await Self.settled(gateway, clientToken: clientToken, id: paymentID)
        #expect(final.json["Data"]?["Status"] == "AcceptedSettlementCompleted", "\(final.json)")
        let consumedFunds = try await Self.funds(gateway, token: token, consentID: consentID)
        #expect(consumedFunds.status == 403 && consumedFunds.header("x-lango-reason") == "consent_not_authorised")
        let details = try await Self.details(gateway, clientToken: clientToken, id: paymentID)
        let detail = details.json["Data"]?["PaymentStatus"]?[0]
        #expect(detail?["Status"] == "AcceptedSettlementCompleted" && detail?["StatusDetail"]?["LocalInstrument"] == "UK.OBIE.FPS", "\(details.json)")
        #expect(detail?["PaymentTransactionId"]?.stringValue?.hasPrefix("TX-") == true, "the core's transaction: \(details.json)")
        let after = try await Self.balance(gateway, key: key, account: debtor)
        let expected = (Double(before) ?? 0) - 1500
        #expect(after.flatMap(Double.init) == expected, "\(before) → \(after ?? "?")")

        // The bank's operators see what became of it, and the fraud check that let it through.
        let shown = try await OAuthEndToEndTests.lango(["payments", "show", paymentID], gateway)
        let transactionID = try #require(final.json["Data"]?["Status"].map { _ in "TX-" + debtor })
        #expect(shown.contains("AcceptedSettlementCompleted") && shown.contains(transactionID), "\(shown)")
        #expect(shown.contains("payment-risk: allow (score "), "\(shown)")
        let audit = try await OAuthEndToEndTests.lango(["consents", "show", consentID], gateway)
        #expect(shown.contains("payment-risk: allow (score 15)"), "KES 1500.00: 10 for the amount, 5 for no device header: \(shown)")
        #expect(audit.contains("made as \(paymentID)") && audit.contains("consumed") && audit.contains("client app_fintech"), "\(audit)")

        let elsewhere = try await HTTP.send(.GET, gateway.baseURL + Self.paymentsPath + "/dp-unknown", headers: ConsentEndToEndTests.bearer(clientToken))
        #expect(elsewhere.status == 400 && elsewhere.errorCode == "UK.OBIE.Resource.NotFound")

        var documents: [OBIESchemaValidator.Document] = []
        for (label, body) in [("consent created", answer["created"] ?? .null), ("consent authorised", authorised.json), ("consent consumed", consumed.json)] {
            documents.append(.init(label: label, spec: "payment-initiation", schema: "OBWriteDomesticConsentResponse5", body: body))
        }
        for (label, response) in [("payment created", made), ("payment replayed", repeated), ("payment settled", final)] {
            documents.append(.init(label: label, spec: "payment-initiation", schema: "OBWriteDomesticResponse5", body: response.json))
        }
        documents.append(.init(label: "funds available", spec: "payment-initiation", schema: "OBWriteFundsConfirmationResponse1", body: funds.json))
        documents.append(.init(label: "payment details", spec: "payment-initiation", schema: "OBWritePaymentDetailsResponse1", body: details.json))
        for (label, response) in [("second payment", second), ("unknown payment", elsewhere), ("funds of another consent", otherFunds), ("funds after consumption", consumedFunds)] {
            documents.append(.init(label: label, spec: "payment-initiation", schema: "OBErrorResponse1", body: response.json))
        }
        let outcome = try await OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    @Test func aPaymentUnlikeItsConsentIsRefusedAndOneBeyondTheBalanceIsRejected() async throws {
        let gateway = try await GatewayFixture()
        let (secret, key) = try await Self.client(gateway)
        let (consentID, answer) = try await Self.approved(gateway, secret: secret, amount: "999999.00")
        let token = answer["access_token"]?.stringValue
        let clientToken = answer["client_token"]?.stringValue
        let debtor = try #require((answer["offered"]?.arrayValue ?? []).first?.stringValue)
        let before = try await Self.balance(gateway, key: key, account: debtor)
        let funds = try await Self.funds(gateway, token: token, consentID: consentID)
        #expect(funds.status == 200 && funds.json["Data"]?["FundsAvailableResult"]?["FundsAvailable"] == false, "\(funds.json)")

        let unlike = try await Self.pay(gateway, token: token, consentID: consentID, amount: "1.00", key: "pay-unlike")
        #expect(unlike.status == 400 && unlike.errorCode == "UK.OBIE.Resource.ConsentMismatch", "\(unlike.json)")
        #expect(unlike.json["Errors"]?[0]?["Path"] == "Data.Initiation")
        let still = try await HTTP.send(.GET, gateway.baseURL + Self.consentsPath + "/" + consentID, headers: ConsentEndToEndTests.bearer(clientToken))
        #expect(still.json["Data"]?["Status"] == "Authorised", "a refused payment leaves the consent usable")
        let otherConsent = try await Self.pay(gateway, token: token, consentID: "pdc-someone-else", amount: "999999.00", key: "pay-other")
        #expect(otherConsent.status == 400 && otherConsent.errorCode == "UK.OBIE.Resource.ConsentMismatch")
        let noKey = try await HTTP.send(
            .POST, gateway.baseURL + Self.paymentsPath, headers: ConsentEndToEndTests.bearer(token) + [("Content-Type", "application/json")],
            body: Array(#"{"Data": {}, "Risk": {}}"#.utf8))
        #expect(noKey.status == 400 && noKey.errorCode == "UK.OBIE.Header.Missing")

        let made = try await Self.pay(gateway, token: token, consentID: consentID, amount: "999999.00", key: "pay-big")
        #expect(made.status == 201, "\(made.json)")
        let paymentID = try #require(made.json["Data"]?["DomesticPaymentId"]?.stringValue)
        let final = try await Self.settled(gateway, clientToken: clientToken, id: paymentID)
        #expect(final.json["Data"]?["Status"] == "Rejected", "\(final.json)")
        #expect(try await Self.balance(gateway, key: key, account: debtor) == before, "a rejected payment books nothing")
        let details = try await Self.details(gateway, clientToken: clientToken, id: paymentID)
        let detail = details.json["Data"]?["PaymentStatus"]?[0]
        #expect(detail?["PaymentTransactionId"] == .string(paymentID) && detail?["Status"] == "Rejected", "\(details.json)")
        #expect(detail?["StatusDetail"]?["StatusReason"] == "ProprietaryRejection", "\(details.json)")
        #expect(detail?["StatusDetail"]?["StatusReasonDescription"]?.stringValue?.isEmpty == false, "\(details.json)")

        var documents: [OBIESchemaValidator.Document] = [
            .init(label: "payment rejected", spec: "payment-initiation", schema: "OBWriteDomesticResponse5", body: final.json),
            .init(label: "funds short", spec: "payment-initiation", schema: "OBWriteFundsConfirmationResponse1", body: funds.json),
            .init(label: "rejected payment details", spec: "payment-initiation", schema: "OBWritePaymentDetailsResponse1", body: details.json),
        ]
        for (label, response) in [("initiation unlike", unlike), ("other consent", otherConsent), ("no idempotency key", noKey)] {
            documents.append(.init(label: label, spec: "payment-initiation", schema: "OBErrorResponse1", body: response.json))
        }
        let outcome = try await OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    /// The `.93` scenario: the core never confirms the booking, so the payment waits
    /// `AcceptedSettlementInProcess` until the bank records what its ledger shows, and no sooner
    /// than a node could still be booking it (the execution lease, a minute).
    @Test func aPaymentTheCoreNeverConfirmedEndsWithTheBanksReconciliation() async throws {
        let gateway = try await GatewayFixture()
        let (secret, key) = try await Self.client(gateway)
        let (consentID, answer) = try await Self.approved(gateway, secret: secret, amount: "20.93")
        let debtor = try #require((answer["offered"]?.arrayValue ?? []).first?.stringValue)
        let before = try await Self.balance(gateway, key: key, account: debtor)
        let made = try await Self.pay(gateway, token: answer["access_token"]?.stringValue, consentID: consentID, amount: "20.93", key: "pay-93")
        let paymentID = try #require(made.json["Data"]?["DomesticPaymentId"]?.stringValue, "\(made.json)")
        let clientToken = answer["client_token"]?.stringValue

        var read = try await HTTP.send(.GET, gateway.baseURL + Self.paymentsPath + "/" + paymentID, headers: ConsentEndToEndTests.bearer(clientToken))
        let deadline = ContinuousClock.now + .seconds(30)
        while read.json["Data"]?["Status"] == "Pending", ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            read = try await HTTP.send(.GET, gateway.baseURL + Self.paymentsPath + "/" + paymentID, headers: ConsentEndToEndTests.bearer(clientToken))
        }
        #expect(read.json["Data"]?["Status"] == "AcceptedSettlementInProcess", "\(read.json)")

        let early = try await Lango.run(["payments", "reconcile", paymentID, "--not-booked", "no debit in the core's ledger"] + gateway.storeArguments)
        #expect(early.status == 1, "\(early.standardError)")
        #expect(early.standardError.contains("may still be being booked; reconcile it after"), "\(early.standardError)")
        let both = try await Lango.run(["payments", "reconcile", paymentID, "--booked", "TX-1", "--not-booked", "x"] + gateway.storeArguments)
        #expect(both.status != 0 && both.standardError.contains("exactly one of --booked and --not-booked"), "\(both.standardError)")

        // Waits out the booking window; what is checked is the answer after it.
        try await Task.sleep(for: .seconds(61))
        let reconciled = try await OAuthEndToEndTests.lango(
            ["payments", "reconcile", paymentID, "--not-booked", "no debit in the core's ledger"], gateway)
        #expect(reconciled == "\(paymentID) Rejected: no debit in the core's ledger")
        let final = try await HTTP.send(.GET, gateway.baseURL + Self.paymentsPath + "/" + paymentID, headers: ConsentEndToEndTests.bearer(clientToken))
        #expect(final.json["Data"]?["Status"] == "Rejected")
        #expect(try await Self.balance(gateway, key: key, account: debtor) == before, "nothing was booked")
        let shown = try await OAuthEndToEndTests.lango(["payments", "show", paymentID], gateway)
        #expect(shown.contains("(reconciled)") && shown.contains("no debit in the core's ledger"), "\(shown)")
        let again = try await Lango.run(["payments", "reconcile", paymentID, "--booked", "TX-1"] + gateway.storeArguments)
        #expect(again.status == 1 && again.standardError.contains("the payment is Rejected"), "\(again.standardError)")
        let outcome = try await OBIESchemaValidator.validate([
            .init(label: "payment in process", spec: "payment-initiation", schema: "OBWriteDomesticResponse5", body: read.json),
            .init(label: "reconciled payment", spec: "payment-initiation", schema: "OBWriteDomesticResponse5", body: final.json),
        ])
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    @Test func aBulkPaysEachPaymentOnItsOwnAndReportsEachStatus() async throws {
        let gateway = try await GatewayFixture()
        let (secret, key) = try await Self.client(gateway)
        func initiation(_ number: Int, _ amount: String) -> JSONValue {
            [
                "InstructionIdentification": .string("BULK-\(number)"), "EndToEndIdentification": .string("E2E-BULK-\(number)"),
                "InstructedAmount": ["Amount": .string(amount), "Currency": "KES"],
                "CreditorAccount": ["SchemeName": "UK.OBIE.IBAN", "Identification": .string("KE00WEKE000\(number)"), "Name": .string("Supplier \(number)")],
            ]
        }
        // The second plays the sandbox's "rejected by the receiving bank" scenario.
        let initiations: [JSONValue] = [initiation(1, "100.00"), initiation(2, "200.91"), initiation(3, "300.00")]
        let (consentID, answer) = try await Self.approved(
            gateway, secret: secret, consent: ["Data": ["Initiations": .array(initiations)], "Risk": Self.risk],
            path: "/lango/v1/pisp/bulk-payment-consents")
        #expect(consentID.hasPrefix("pbc-"))
        #expect(answer["created"]?["Data"]?["NumberOfTransactions"] == 3 && answer["created"]?["Data"]?["ControlSum"] == "600.91")
        let text = answer["decision_text"]?.stringValue ?? ""
        #expect(text.contains("KES 600.91") && text.contains("Supplier 1") && text.contains("Supplier 3"), "\(text)")
        let token = answer["access_token"]?.stringValue
        let clientToken = answer["client_token"]?.stringValue
        let debtor = try #require((answer["offered"]?.arrayValue ?? []).first?.stringValue)
        let before = try #require(try await Self.balance(gateway, key: key, account: debtor))

        let single = try await Self.pay(gateway, token: token, consentID: consentID, amount: "100.00", key: "single")
        #expect(single.status == 400 && single.errorCode == "UK.OBIE.Resource.ConsentMismatch", "a bulk consent makes no single payment")
        let reordered: JSONValue = ["Data": ["ConsentId": .string(consentID), "Initiations": .array(initiations.reversed())], "Risk": Self.risk]
        let unlike = try await Self.post(gateway, "/lango/v1/pisp/bulk-payments", token: token, body: reordered, key: "bulk-unlike")
        #expect(unlike.status == 400 && unlike.errorCode == "UK.OBIE.Resource.ConsentMismatch")
        #expect(unlike.json["Errors"]?[0]?["Path"] == "Data.Initiations[0]")

        let body: JSONValue = ["Data": ["ConsentId": .string(consentID), "Initiations": .array(initiations)], "Risk": Self.risk]
        let made = try await Self.post(gateway, "/lango/v1/pisp/bulk-payments", token: token, body: body, key: "bulk-1")
        #expect(made.status == 201, "\(made.json)")
        let bulkID = try #require(made.json["Data"]?["BulkPaymentId"]?.stringValue)
        #expect(made.json["Data"]?["Payments"]?.arrayValue?.compactMap { $0["InstructionIdentification"]?.stringValue } == ["BULK-1", "BULK-2", "BULK-3"])
        let again = try await Self.post(gateway, "/lango/v1/pisp/bulk-payments", token: token, body: body, key: "bulk-1")
        #expect(again.json["Data"]?["BulkPaymentId"] == .string(bulkID) && again.header("x-lango-idempotent-replay") == "true")

        var read = HTTPResult(status: 0, headers: [:], body: [])
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            read = try await HTTP.send(.GET, gateway.baseURL + "/lango/v1/pisp/bulk-payments/" + bulkID, headers: ConsentEndToEndTests.bearer(clientToken))
        } while read.json["Data"]?["Status"] == "Pending" && ContinuousClock.now < deadline
        #expect(read.json["Data"]?["Status"] == "PartiallyCompleted", "\(read.json)")
        let statuses = read.json["Data"]?["Payments"]?.arrayValue?.compactMap { $0["Status"]?.stringValue }
        #expect(statuses == ["AcceptedSettlementCompleted", "Rejected", "AcceptedSettlementCompleted"])
        let after = try await Self.balance(gateway, key: key, account: debtor)
        #expect(after.flatMap(Double.init) == (Double(before) ?? 0) - 400, "\(before) → \(after ?? "?")")
        let firstID = try #require(read.json["Data"]?["Payments"]?[0]?["DomesticPaymentId"]?.stringValue)
        let one = try await HTTP.send(.GET, gateway.baseURL + Self.paymentsPath + "/" + firstID, headers: ConsentEndToEndTests.bearer(clientToken))
        #expect(one.json["Data"]?["Status"] == "AcceptedSettlementCompleted", "each payment of a bulk reads as a domestic payment")
        let consumed = try await HTTP.send(
            .GET, gateway.baseURL + "/lango/v1/pisp/bulk-payment-consents/" + consentID, headers: ConsentEndToEndTests.bearer(clientToken))
        #expect(consumed.json["Data"]?["Status"] == "Consumed")

        let documents: [OBIESchemaValidator.Document] = [
            .init(label: "bulk member", spec: "payment-initiation", schema: "OBWriteDomesticResponse5", body: one.json),
            .init(label: "bulk consent as single", spec: "payment-initiation", schema: "OBErrorResponse1", body: single.json),
            .init(label: "bulk unlike", spec: "payment-initiation", schema: "OBErrorResponse1", body: unlike.json),
        ]
        let outcome = try await OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    /// Eight requests at once, alternately to `first` and `second`; their answers.
    static func alternating(
        _ first: GatewayFixture, _ second: GatewayFixture, _ send: @escaping @Sendable (GatewayFixture, Int) async throws -> HTTPResult
    ) async throws -> [HTTPResult] {
        try await withThrowingTaskGroup(of: HTTPResult.self) { group in
            for index in 0..<8 {
                let node = index.isMultiple(of: 2) ? first : second
                group.addTask { try await send(node, index) }
            }
            return try await group.reduce(into: [HTTPResult]()) { $0.append($1) }
        }
    }

    @Test func racingPaymentsOnTwoNodesMakeOnePaymentPerConsent() async throws {
        let first = try await GatewayFixture()
        // Nodes behind one address issue and accept the same tokens.
        let second = try await GatewayFixture(dataDirectory: first.dataDirectory, extraConfiguration: #", "public_url": "\#(first.baseURL)""#)
        let (secret, key) = try await Self.client(first)
        let (consentID, answer) = try await Self.approved(first, secret: secret, amount: "10.00")
        let token = answer["access_token"]?.stringValue
        let clientToken = answer["client_token"]?.stringValue
        let debtor = try #require((answer["offered"]?.arrayValue ?? []).first?.stringValue)
        let before = try #require(try await Self.balance(first, key: key, account: debtor))

        // Different keys: each is a new payment, and the consent allows one.
        let racing = try await Self.alternating(first, second) { node, index in
            try await Self.pay(node, token: token, consentID: consentID, amount: "10.00", key: "race-\(index)")
        }
        let made = racing.filter { $0.status == 201 }
        #expect(made.count == 1, "\(racing.map(\.status))")
        // The losers were refused by the consent check (consumed) or lost the race to consume it.
        #expect(
            racing.filter { $0.status != 201 }.allSatisfy {
                ($0.status == 403 && $0.header("x-lango-reason") == "consent_not_authorised")
                    || ($0.status == 400 && $0.errorCode == "UK.OBIE.Resource.InvalidConsentStatus")
            }, "\(racing.map { ($0.status, $0.header("x-lango-reason") ?? "") })")
        let paymentID = try #require(made.first?.json["Data"]?["DomesticPaymentId"]?.stringValue)
        let final = try await Self.settled(second, clientToken: clientToken, id: paymentID)
        #expect(final.json["Data"]?["Status"] == "AcceptedSettlementCompleted")

        // One key, sent to both nodes at once: one payment, every answer the same.
        let (otherConsent, otherAnswer) = try await Self.approved(first, secret: secret, amount: "20.00")
        let otherToken = otherAnswer["access_token"]?.stringValue
        let repeats = try await Self.alternating(first, second) { node, _ in
            try await Self.pay(node, token: otherToken, consentID: otherConsent, amount: "20.00", key: "same-key")
        }
        #expect(repeats.map(\.status) == Array(repeating: 201, count: 8), "\(repeats.map { ($0.status, $0.header("x-lango-reason") ?? "", $0.json["Errors"]?[0]?["Message"]?.stringValue ?? "") })")
        let ids = Set(repeats.compactMap { $0.json["Data"]?["DomesticPaymentId"]?.stringValue })
        #expect(ids.count == 1, "\(ids)")
        let otherID = try #require(ids.first)
        #expect(try await Self.settled(first, clientToken: clientToken, id: otherID).json["Data"]?["Status"] == "AcceptedSettlementCompleted")

        let after = try await Self.balance(second, key: key, account: debtor)
        #expect(after.flatMap(Double.init) == (Double(before) ?? 0) - 30, "each consent paid once: \(before) → \(after ?? "?")")
    }
}
