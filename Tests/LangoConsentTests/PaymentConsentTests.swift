import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import LangoOpenBanking
import LangoPolicy
import Testing

/// A domestic payment consent's lifecycle, and a payment body checked against it.
@Suite struct PaymentConsentTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)
    private static let rules = ConsentRules.psd2

    private static func created() throws -> Consent {
        let request = try DomesticPaymentConsentRequest.parse(Array(DomesticPaymentConsentRequestTests.body().utf8))
        return Consent.create(request, clientID: "client_a", appID: "app_a", at: start, address: "10.0.0.1").consent
    }

    private static func authorised() throws -> Consent {
        try created().authorise(customerID: "C0002", accountIDs: ["C0002-KES-1"], at: start, address: nil).consent
    }

    @Test func aPaymentConsentKeepsWhatThePaymentMustBe() throws {
        let consent = try Self.created()
        #expect(consent.id.hasPrefix("pdc-") && consent.id.count == 36)
        #expect(consent.kind == .payment && consent.permissions.isEmpty && consent.expiresAt == nil)
        #expect(consent.payment?.initiation.amount.minorUnits == 125_050)
        #expect(consent.payment?.riskValue == ["PaymentContextCode": "EcommerceGoods"])
        #expect(consent.facts(at: Self.start, rules: Self.rules).kind == .payment)
        let response = consent.obieResponse(selfURL: "https://bank/pisp/domestic-payment-consents/\(consent.id)")
        #expect(response["Data"]?["Status"] == "AwaitingAuthorisation")
        #expect(response["Data"]?["ReadRefundAccount"] == "No")
        #expect(response["Data"]?["Initiation"] == consent.payment?.initiation.jsonValue)
        #expect(response["Risk"] == ["PaymentContextCode": "EcommerceGoods"])
    }

    @Test func theCustomerChoosesExactlyOneAccountToPayFrom() throws {
        let consent = try Self.created()
        #expect(throws: ConsentError.oneDebtorAccount) {
            try consent.authorise(customerID: "C0002", accountIDs: ["C0002-KES-1", "C0002-USD-1"], at: Self.start, address: nil)
        }
        #expect(throws: ConsentError.noAccounts) { try consent.authorise(customerID: "C0002", accountIDs: [], at: Self.start, address: nil) }
        let authorised = try Self.authorised()
        #expect(authorised.accountIDs == ["C0002-KES-1"] && authorised.status == .authorised)
    }

    @Test func onePaymentConsumesTheConsent() throws {
        let authorised = try Self.authorised()
        #expect(throws: ConsentError.notFound(authorised.id)) {
            try authorised.consume(paymentID: "dp-1", clientID: "client_b", at: Self.start, address: nil)
        }
        let change = try authorised.consume(paymentID: "dp-1", clientID: "client_a", at: Self.start.addingTimeInterval(5), address: "10.0.0.9")
        #expect(change.consent.status == .consumed && change.consent.paymentID == "dp-1")
        #expect(change.event.kind == .consumed && change.event.actor == .client("client_a") && change.event.statusBefore == .authorised)
        #expect(change.consent.facts(at: Self.start, rules: Self.rules).status == .consumed)
        #expect(throws: ConsentError.wrongStatus(authorised.id, .consumed)) {
            try change.consent.consume(paymentID: "dp-2", clientID: "client_a", at: Self.start, address: nil)
        }
        let pending = try Self.created()
        #expect(throws: ConsentError.wrongStatus(pending.id, .awaitingAuthorisation)) {
            try pending.consume(paymentID: "dp-3", clientID: "client_a", at: Self.start, address: nil)
        }
    }

    @Test func aPaymentConsentCannotBeWithdrawnLikeAccountAccess() throws {
        let authorised = try Self.authorised()
        #expect(throws: ConsentError.wrongStatus(authorised.id, .authorised)) {
            try authorised.revoke(customerID: "C0002", at: Self.start, address: nil)
        }
    }

    @Test func aPaymentMustNameItsConsentAndRepeatItsInitiation() throws {
        let consent = try Self.authorised()
        let terms = try #require(consent.payment)
        func payment(_ consentID: String, _ initiation: String, risk: String = #"{"PaymentContextCode": "EcommerceGoods"}"#) throws
            -> DomesticPaymentRequest
        {
            try DomesticPaymentRequest.parse(Array(#"{"Data": {"ConsentId": "\#(consentID)", "Initiation": \#(initiation)}, "Risk": \#(risk)}"#.utf8))
        }
        try payment(consent.id, DomesticPaymentConsentRequestTests.initiation).check(against: terms, consentID: consent.id)
        #expect(throws: OBIERequestError(errorCode: .resourceConsentMismatch, message: "Risk differs from the Risk of the consent", path: "Risk")) {
            try payment(consent.id, DomesticPaymentConsentRequestTests.initiation, risk: "{}").check(against: terms, consentID: consent.id)
        }
        let other = DomesticPaymentConsentRequestTests.initiation.replacingOccurrences(of: "1250.50", with: "1250.51")
        #expect(throws: OBIERequestError(errorCode: .resourceConsentMismatch, message: "Data.Initiation differs from the Initiation of consent \(consent.id)", path: "Data.Initiation")) {
            try payment(consent.id, other).check(against: terms, consentID: consent.id)
        }
        #expect(throws: OBIERequestError(errorCode: .resourceConsentMismatch, message: "Data.ConsentId is not the consent the access token was issued for", path: "Data.ConsentId")) {
            try payment("pdc-other", DomesticPaymentConsentRequestTests.initiation).check(against: terms, consentID: consent.id)
        }
        let missing: [(String, String)] = [
            (#"{"Risk": {}}"#, "Data"),
            (#"{"Data": {"ConsentId": "x"}, "Risk": {}}"#, "Data.Initiation"),
            (#"{"Data": {"Initiation": \#(DomesticPaymentConsentRequestTests.initiation)}, "Risk": {}}"#, "Data.ConsentId"),
            (#"{"Data": {"ConsentId": "x", "Initiation": \#(DomesticPaymentConsentRequestTests.initiation)}}"#, "Risk"),
        ]
        for (body, path) in missing {
            #expect(throws: OBIERequestError(errorCode: .fieldMissing, message: "\(path) is required", path: path)) {
                try DomesticPaymentRequest.parse(Array(body.utf8))
            }
        }
    }

    @Test func aStepUpPausesTheConsentUntilItsCustomerAuthenticatesAgain() throws {
        let authorised = try Self.authorised()
        let requested = try authorised.requireStepUp(at: Self.start.addingTimeInterval(10))
        #expect(requested.event.kind == .stepUpRequired && requested.event.actor == .system)
        #expect(requested.consent.status == .authorised && requested.consent.stepUpRequestedAt != nil)
        #expect(requested.consent.standing(at: Self.start.addingTimeInterval(11), rules: Self.rules) == .reauthenticationRequired)
        #expect(throws: ConsentError.wrongStatus(authorised.id, .authorised), "a paused consent makes no payment, whatever a cache says") {
            try requested.consent.consume(paymentID: "dp-1", clientID: "client_a", at: Self.start.addingTimeInterval(12), address: nil)
        }
        #expect(throws: ConsentError.notFound(authorised.id)) {
            try requested.consent.confirmStepUp(customerID: "C0009", authenticatedAt: Self.start.addingTimeInterval(15), at: Self.start, address: nil)
        }
        #expect(throws: ConsentError.authenticatedBeforeStepUp(authorised.id), "a sign-in from before the step-up was asked") {
            try requested.consent.confirmStepUp(customerID: "C0002", authenticatedAt: Self.start.addingTimeInterval(9), at: Self.start, address: nil)
        }
        let confirmed = try requested.consent.confirmStepUp(
            customerID: "C0002", authenticatedAt: Self.start.addingTimeInterval(15), at: Self.start.addingTimeInterval(20), address: "10.0.0.3")
        #expect(confirmed.event.kind == .steppedUp && confirmed.event.actor == .customer("C0002"))
        #expect(confirmed.consent.stepUpRequestedAt == nil && confirmed.consent.steppedUpAt == Self.start.addingTimeInterval(20))
        #expect(confirmed.consent.standing(at: Self.start.addingTimeInterval(21), rules: Self.rules) == .authorised)
        #expect(throws: ConsentError.wrongStatus(authorised.id, .authorised)) {
            try confirmed.consent.confirmStepUp(customerID: "C0002", authenticatedAt: Self.start.addingTimeInterval(30), at: Self.start, address: nil)
        }
        // Refusing the step-up refuses the payment.
        let refused = try requested.consent.reject(customerID: "C0002", at: Self.start.addingTimeInterval(30), address: nil)
        #expect(refused.consent.status == .rejected && refused.consent.stepUpRequestedAt == nil)
        let pending = try Self.created()
        #expect(throws: ConsentError.wrongStatus(pending.id, .awaitingAuthorisation)) { try pending.requireStepUp(at: Self.start) }
    }
}
