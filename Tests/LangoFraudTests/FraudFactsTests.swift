import LangoBank
import LangoFraud
import LangoJSON
import Testing

/// The facts a hook is told, and how the payment is read from an OBIE body.
@Suite struct FraudFactsTests {
    static let paymentBody = """
        {"Data": {"ConsentId": "pdc-1", "Initiation": {
          "InstructionIdentification": "i-1", "EndToEndIdentification": "e-1",
          "InstructedAmount": {"Amount": "1500.5", "Currency": "KES"},
          "DebtorAccount": {"SchemeName": "UK.OBIE.SortCodeAccountNumber", "Identification": "C0001-KES-1"},
          "CreditorAccount": {"SchemeName": "UK.OBIE.IBAN", "Identification": "KE12WEKZ0001", "Name": "Mama Mboga"}}},
         "Risk": {}}
        """

    @Test func readsThePaymentOfAnOBIEBody() throws {
        let payment = try #require(FraudFacts.Payment(obieBody: Array(Self.paymentBody.utf8)))
        #expect(payment.amount == Money(minorUnits: 150_050, currency: "KES"))
        #expect(payment.creditor == FraudFacts.Creditor(schemeName: "UK.OBIE.IBAN", identification: "KE12WEKZ0001", name: "Mama Mboga"))
        #expect(payment.debtorAccount == "C0001-KES-1")
    }

    @Test func takesWhatIsWellFormedAndLeavesTheRest() throws {
        let partial = try #require(
            FraudFacts.Payment(
                obieBody: Array(#"{"Data": {"Initiation": {"InstructedAmount": {"Amount": "1,500", "Currency": "KES"}, "CreditorAccount": {"Name": 7}}}}"#.utf8)))
        #expect(partial.amount == nil)
        #expect(partial.creditor == FraudFacts.Creditor())
        #expect(partial.debtorAccount == nil)
        let badCurrency = FraudFacts.Payment(
            obieBody: Array(#"{"Data": {"Initiation": {"InstructedAmount": {"Amount": "10.00", "Currency": "kes"}}}}"#.utf8))
        #expect(badCurrency?.amount == nil)
        #expect(FraudFacts.Payment(obieBody: Array(#"{"Data": {"Initiation": "x"}}"#.utf8)) == nil)
        #expect(FraudFacts.Payment(obieBody: Array(#"{"Data": {"CreditDebitIndicator": "Credit"}}"#.utf8)) == nil)
        #expect(FraudFacts.Payment(obieBody: Array("not json".utf8)) == nil)
        #expect(FraudFacts.Payment(obieBody: [UInt8]()) == nil)
    }

    @Test func theJSONFormLeavesOutWhatIsUnknown() throws {
        let minimal = FraudFacts(interactionID: "i-1", ruleID: "pay", method: "POST", path: "/pay")
        #expect(
            minimal.json.encodedString()
                == #"{"interaction_id":"i-1","rule":"pay","request":{"method":"POST","path":"/pay"}}"#)
        let full = FraudFacts(
            interactionID: "i-2", ruleID: "pisp.payments.create", method: "POST", path: "/open-banking/v3.1/pisp/domestic-payments",
            clientID: "client-1", appID: "app_fintech", customerID: "C0001", consentID: "pdc-1",
            payment: FraudFacts.Payment(obieBody: Array(Self.paymentBody.utf8)), customerIPAddress: "198.51.100.7",
            customerUserAgent: "Wekeza/4.2 (Android 14)")
        #expect(
            full.json
                == [
                    "interaction_id": "i-2", "rule": "pisp.payments.create",
                    "request": ["method": "POST", "path": "/open-banking/v3.1/pisp/domestic-payments"],
                    "client_id": "client-1", "app_id": "app_fintech", "customer_id": "C0001", "consent_id": "pdc-1",
                    "payment": [
                        "amount": ["amount": "1500.50", "currency": "KES"],
                        "creditor": ["scheme_name": "UK.OBIE.IBAN", "identification": "KE12WEKZ0001", "name": "Mama Mboga"],
                        "debtor_account": "C0001-KES-1",
                    ],
                    "customer_ip_address": "198.51.100.7", "customer_user_agent": "Wekeza/4.2 (Android 14)",
                ])
    }

    @Test func anAssessmentScoresFromZeroToAHundred() throws {
        #expect(try FraudAssessment(score: 0).reasons.isEmpty)
        #expect(try FraudAssessment(score: 100, reasons: ["x"]).score == 100)
        #expect(throws: FraudHookError.invalidAnswer("the score 101 is outside 0...100")) { try FraudAssessment(score: 101) }
        #expect(throws: FraudHookError.invalidAnswer("the score -1 is outside 0...100")) { try FraudAssessment(score: -1) }
        #expect(FraudHookError.invalidAnswer("x").description == "the fraud hook's answer is not valid: x")
        #expect(FraudHookError.unavailable("y").description == "the fraud hook is unavailable: y")
    }
}
