import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import LangoOpenBanking
import LangoPolicy
import Testing

/// Bulk payment consents and bulk payments: every payment read as a single one is, plus the
/// rules a bulk adds.
struct BulkPaymentRequestTests {
    static func initiation(_ number: Int, amount: String = "10.00", currency: String = "KES", debtor: String? = nil) -> String {
        let debtorMember = debtor.map { #", "DebtorAccount": {"SchemeName": "UK.OBIE.IBAN", "Identification": "\#($0)"}"# } ?? ""
        return #"{"InstructionIdentification": "I\#(number)", "EndToEndIdentification": "E\#(number)", "InstructedAmount": {"Amount": "\#(amount)", "Currency": "\#(currency)"}, "CreditorAccount": {"SchemeName": "UK.OBIE.IBAN", "Identification": "KE\#(number)", "Name": "Payee \#(number)"}\#(debtorMember)}"#
    }

    static func consentBody(_ initiations: [String]) -> String {
        #"{"Data": {"Initiations": [\#(initiations.joined(separator: ","))]}, "Risk": {}}"#
    }

    static func refusal(_ text: String) -> OBIERequestError? {
        do {
            _ = try BulkPaymentConsentRequest.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryPaymentInOrderWithTheirTotal() throws {
        let request = try BulkPaymentConsentRequest.parse(Array(Self.consentBody([Self.initiation(1), Self.initiation(2, amount: "5.50")]).utf8))
        #expect(request.initiations.map(\.instructionIdentification) == ["I1", "I2"])
        let consent = Consent.create(request, clientID: "client_a", appID: "app_a", at: Date(), address: nil).consent
        #expect(consent.id.hasPrefix("pbc-") && consent.kind == .payment && consent.payment?.isBulk == true)
        #expect(consent.payment?.total == Money(minorUnits: 1_550, currency: "KES"))
        let response = consent.obieResponse(selfURL: "https://bank/bulk")
        #expect(response["Data"]?["NumberOfTransactions"] == 2 && response["Data"]?["ControlSum"] == "15.50")
        #expect(response["Data"]?["Initiations"]?.arrayValue?.count == 2 && response["Data"]?["Initiation"] == nil)
    }

    @Test func refusesWhatABulkCannotHold() {
        let cases: [(String, OBIEErrorCode, String?)] = [
            (#"{"Data": {"Initiations": []}, "Risk": {}}"#, .fieldInvalid, "Data.Initiations"),
            (#"{"Data": {"Initiations": {}}, "Risk": {}}"#, .fieldInvalid, "Data.Initiations"),
            (#"{"Data": {"Initiations": [1]}, "Risk": {}}"#, .fieldInvalid, "Data.Initiations[0]"),
            (#"{"Data": {}, "Risk": {}}"#, .fieldMissing, "Data.Initiations"),
            (Self.consentBody(Array(repeating: Self.initiation(1), count: 101)), .fieldInvalid, "Data.Initiations"),
            (Self.consentBody([Self.initiation(1), Self.initiation(2, currency: "USD")]), .fieldInvalid, "Data.Initiations[1].InstructedAmount.Currency"),
            (Self.consentBody([Self.initiation(1, debtor: "KE01"), Self.initiation(2)]), .fieldInvalid, "Data.Initiations[1].DebtorAccount"),
            (Self.consentBody([Self.initiation(1), Self.initiation(1)]), .rulesDuplicateReference, "Data.Initiations[1].InstructionIdentification"),
            (Self.consentBody([Self.initiation(1, amount: "0.00")]), .fieldInvalid, "Data.Initiations[0].InstructedAmount.Amount"),
            (#"{"Data": {"Initiations": [\#(Self.initiation(1))], "Extra": 1}, "Risk": {}}"#, .fieldUnexpected, "Data.Extra"),
        ]
        for (body, code, path) in cases {
            let error = Self.refusal(body)
            #expect(error?.errorCode == code && error?.path == path, "\(body.prefix(80)): \(String(describing: error))")
        }
    }

    @Test func aBulkPaymentRepeatsItsConsentsPaymentsInOrder() throws {
        let request = try BulkPaymentConsentRequest.parse(Array(Self.consentBody([Self.initiation(1), Self.initiation(2)]).utf8))
        let consent = Consent.create(request, clientID: "client_a", appID: "app_a", at: Date(), address: nil).consent
        let terms = try #require(consent.payment)
        func payment(_ initiations: [String], consentID: String? = nil) throws -> BulkPaymentRequest {
            try BulkPaymentRequest.parse(
                Array(#"{"Data": {"ConsentId": "\#(consentID ?? consent.id)", "Initiations": [\#(initiations.joined(separator: ","))]}, "Risk": {}}"#.utf8))
        }
        try payment([Self.initiation(1), Self.initiation(2)]).check(against: terms, consentID: consent.id)
        let mismatches: [(BulkPaymentRequest, String)] = [
            (try payment([Self.initiation(2), Self.initiation(1)]), "Data.Initiations[0]"),
            (try payment([Self.initiation(1), Self.initiation(2, amount: "10.01")]), "Data.Initiations[1]"),
            (try payment([Self.initiation(1)]), "Data.Initiations"),
            (try payment([Self.initiation(1), Self.initiation(2)], consentID: "pbc-other"), "Data.ConsentId"),
        ]
        for (request, path) in mismatches {
            let error = #expect(throws: OBIERequestError.self) { try request.check(against: terms, consentID: consent.id) }
            #expect(error?.errorCode == .resourceConsentMismatch && error?.path == path)
        }
    }
}
