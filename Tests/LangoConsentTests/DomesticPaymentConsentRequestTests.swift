import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import LangoOpenBanking
import Testing

/// `POST /domestic-payment-consents` bodies, read as OBWriteDomesticConsent4 requires.
struct DomesticPaymentConsentRequestTests {
    static let initiation = #"""
        {"InstructionIdentification": "INSTR-0001", "EndToEndIdentification": "E2E-0001", "LocalInstrument": "UK.OBIE.FPS",
         "InstructedAmount": {"Amount": "1250.50", "Currency": "KES"},
         "DebtorAccount": {"SchemeName": "UK.OBIE.IBAN", "Identification": "KE00WEKE0001000100010001"},
         "CreditorAccount": {"SchemeName": "UK.OBIE.IBAN", "Identification": "KE00WEKE0002000200020002", "Name": "Mama Mboga Stores"},
         "RemittanceInformation": {"Unstructured": "Stock for December", "Reference": "INV-2026-12"}}
        """#

    static func body(initiation: String = initiation, data extra: String = "", risk: String = #"{"PaymentContextCode": "EcommerceGoods"}"#) -> String {
        #"{"Data": {"Initiation": \#(initiation)\#(extra)}, "Risk": \#(risk)}"#
    }

    static func refusal(_ text: String) -> (String, String?)? {
        do {
            _ = try DomesticPaymentConsentRequest.parse(Array(text.utf8))
            return nil
        } catch {
            return (error.errorCode.rawValue, error.path)
        }
    }

    @Test func readsAFullRequest() throws {
        let request = try DomesticPaymentConsentRequest.parse(Array(Self.body(data: #", "ReadRefundAccount": "Yes""#).utf8))
        let initiation = request.initiation
        #expect(initiation.instructionIdentification == "INSTR-0001")
        #expect(initiation.endToEndIdentification == "E2E-0001")
        #expect(initiation.localInstrument == "UK.OBIE.FPS")
        #expect(initiation.amount == Money(minorUnits: 125_050, currency: "KES"))
        #expect(initiation.debtorAccount == PaymentAccount(schemeName: "UK.OBIE.IBAN", identification: "KE00WEKE0001000100010001"))
        #expect(initiation.creditorAccount.name == "Mama Mboga Stores")
        #expect(initiation.remittanceUnstructured == "Stock for December" && initiation.remittanceReference == "INV-2026-12")
        #expect(request.readRefundAccount)
        #expect(request.risk == ["PaymentContextCode": "EcommerceGoods"])
    }

    @Test func aPaymentMatchesItsConsentMemberForMemberInAnyOrder() throws {
        let consent = try DomesticPaymentConsentRequest.parse(Array(Self.body().utf8)).initiation
        let reordered = try JSONValue.parse(Array(#"""
            {"CreditorAccount": {"Name": "Mama Mboga Stores", "Identification": "KE00WEKE0002000200020002", "SchemeName": "UK.OBIE.IBAN"},
             "RemittanceInformation": {"Reference": "INV-2026-12", "Unstructured": "Stock for December"},
             "InstructedAmount": {"Currency": "KES", "Amount": "1250.50"}, "LocalInstrument": "UK.OBIE.FPS",
             "DebtorAccount": {"Identification": "KE00WEKE0001000100010001", "SchemeName": "UK.OBIE.IBAN"},
             "EndToEndIdentification": "E2E-0001", "InstructionIdentification": "INSTR-0001"}
            """#.utf8))
        #expect(consent.matches(reordered))
        var changed = try JSONValue.parse(Array(Self.initiation.utf8))
        if case .object(var object) = changed {
            object["InstructedAmount"] = ["Amount": "1250.51", "Currency": "KES"]
            changed = .object(object)
        }
        #expect(!consent.matches(changed), "another amount is another payment")
        #expect(!consent.matches(try JSONValue.parse(Array(#"{"InstructionIdentification": "INSTR-0001"}"#.utf8))))
    }

    @Test(arguments: [
        ("not json", "UK.OBIE.Resource.InvalidFormat", nil),
        (#"{"Data": {}}"#, "UK.OBIE.Field.Missing", "Risk"),
        (#"{"Risk": {}}"#, "UK.OBIE.Field.Missing", "Data"),
        (#"{"Data": {}, "Risk": {}}"#, "UK.OBIE.Field.Missing", "Data.Initiation"),
        (#"{"Data": {"Initiation": {}, "Extra": 1}, "Risk": {}}"#, "UK.OBIE.Field.Unexpected", "Data.Extra"),
        (#"{"Data": {"Initiation": {}}, "Risk": []}"#, "UK.OBIE.Field.Invalid", "Risk"),
    ] as [(String, String, String?)])
    func refusesBodiesOfTheWrongShape(text: String, code: String, path: String?) {
        let refusal = Self.refusal(text)
        #expect(refusal?.0 == code, "\(text)")
        #expect(refusal?.1 == path, "\(text)")
    }

    @Test(arguments: [
        (#""Amount": "-5.00", "Currency": "KES""#, "Data.Initiation.InstructedAmount.Amount"),
        (#""Amount": "0.00", "Currency": "KES""#, "Data.Initiation.InstructedAmount.Amount"),
        (#""Amount": "10.005", "Currency": "KES""#, "Data.Initiation.InstructedAmount.Amount"),
        (#""Amount": "1e3", "Currency": "KES""#, "Data.Initiation.InstructedAmount.Amount"),
        (#""Amount": "10.00", "Currency": "kes""#, "Data.Initiation.InstructedAmount.Currency"),
        (#""Amount": "10.00""#, "Data.Initiation.InstructedAmount.Currency"),
        (#""Amount": 10, "Currency": "KES""#, "Data.Initiation.InstructedAmount.Amount"),
        (#""Amount": "12345678901234.00", "Currency": "KES""#, "Data.Initiation.InstructedAmount.Amount"),
        (#""Amount": "90000000000000000", "Currency": "KES""#, "Data.Initiation.InstructedAmount.Amount"),
    ])
    func refusesAmountsThatAreNotPositiveMoney(amount: String, path: String) {
        let initiation = Self.initiation.replacingOccurrences(of: #""Amount": "1250.50", "Currency": "KES""#, with: amount)
        #expect(Self.refusal(Self.body(initiation: initiation))?.1 == path, "\(amount)")
    }

    @Test func thirteenDigitsBeforeThePointAreTheMost() throws {
        let initiation = Self.initiation.replacingOccurrences(of: #""Amount": "1250.50""#, with: #""Amount": "9999999999999.99""#)
        let request = try DomesticPaymentConsentRequest.parse(Array(Self.body(initiation: initiation).utf8))
        #expect(request.initiation.amount.minorUnits == 999_999_999_999_999)
    }

    @Test(arguments: [
        (#""InstructionIdentification": "INSTR-0001", "#, "", "Data.Initiation.InstructionIdentification", "UK.OBIE.Field.Missing"),
        (#""INSTR-0001""#, #""INSTRUCTION-IDENTIFICATION-LONGER-THAN-35""#, "Data.Initiation.InstructionIdentification", "UK.OBIE.Field.Invalid"),
        (#", "Name": "Mama Mboga Stores""#, "", "Data.Initiation.CreditorAccount.Name", "UK.OBIE.Field.Missing"),
        (#""Reference": "INV-2026-12""#, #""Reference": "A REFERENCE THAT IS LONGER THAN 35 CHARACTERS""#, "Data.Initiation.RemittanceInformation.Reference", "UK.OBIE.Field.Invalid"),
        (#""LocalInstrument": "UK.OBIE.FPS""#, #""Mystery": 1"#, "Data.Initiation.Mystery", "UK.OBIE.Field.Unexpected"),
        (#""SchemeName": "UK.OBIE.IBAN", "Identification": "KE00WEKE0001000100010001""#, #""SchemeName": "UK.OBIE.IBAN""#, "Data.Initiation.DebtorAccount.Identification", "UK.OBIE.Field.Missing"),
    ])
    func refusesFieldsOutsideTheSchema(replace: String, with: String, path: String, code: String) {
        let initiation = Self.initiation.replacingOccurrences(of: replace, with: with)
        #expect(initiation != Self.initiation, "the case changes the body")
        let refusal = Self.refusal(Self.body(initiation: initiation))
        #expect(refusal?.1 == path)
        #expect(refusal?.0 == code)
    }

    @Test func readRefundAccountIsYesOrNo() {
        #expect(Self.refusal(Self.body(data: #", "ReadRefundAccount": "Maybe""#))?.1 == "Data.ReadRefundAccount")
        #expect(Self.refusal(Self.body(data: #", "ReadRefundAccount": "No""#)) == nil)
    }
}
