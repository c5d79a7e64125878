import Foundation
import LangoConsent
import LangoPayments

/// Domestic payments for tests: to the sandbox's creditor (Mama Mboga Stores, reference
/// `INV-7`), for `amount`, from a customer's account.
public enum SamplePayments {
    /// A pending payment made at `now`; `sandbox` gives it the scenario its amount selects.
    public static func domestic(
        amount: String, currency: String = "KES", customerID: String = "C0002", debtorAccountID: String = "C0002-KES-1",
        clientID: String = "client_a", appID: String = "app_a", bulk: BulkMembership? = nil, fraudCheck: PaymentFraudCheck? = nil, sandbox: Bool = true, at now: Date
    ) throws -> DomesticPayment {
        let body = #"{"Data":{"Initiation":{"InstructionIdentification":"I1","EndToEndIdentification":"E2E-1","InstructedAmount":{"Amount":"\#(amount)","Currency":"\#(currency)"},"CreditorAccount":{"SchemeName":"UK.OBIE.IBAN","Identification":"KE00WEKE0002000200020002","Name":"Mama Mboga Stores"},"RemittanceInformation":{"Reference":"INV-7"}}},"Risk":{}}"#
        let initiation = try DomesticPaymentConsentRequest.parse(Array(body.utf8)).initiation
        return DomesticPayment(
            consentID: "pdc-1", clientID: clientID, appID: appID, customerID: customerID,
            debtorAccountID: debtorAccountID, initiation: initiation, bulk: bulk, fraudCheck: fraudCheck,
            scenario: sandbox ? SandboxPaymentScenario(amount: initiation.amount) : nil, at: now)
    }
}
