import Foundation
import LangoBank
import LangoJSON
import LangoOpenBanking

/// A checked `POST /lango/v1/pisp/bulk-payment-consents` body: many domestic payments the
/// customer approves at once, from one account, in one currency.
///
/// Lango's own resource (OBIE v3.1 has no bulk domestic payment), shaped like OBIE's:
/// `{"Data": {"Initiations": [Initiation, …], "ReadRefundAccount"?: "Yes"|"No"}, "Risk": {}}`,
/// each `Initiation` read as in `OBWriteDomesticConsent4`.
public struct BulkPaymentConsentRequest: Sendable, Hashable {
    public var initiations: [DomesticPaymentInitiation]
    public var readRefundAccount: Bool
    public var risk: JSONValue

    /// How many payments one bulk may hold.
    public static let sizes = 1...100
    static let schema = "LangoBulkPaymentConsent1"

    /// Reads and checks a request body: each refusal is a 400 with the OBIE error code and the
    /// path of the field at fault. Every payment must be in the same currency, name the same
    /// debtor account (or none), and have its own `InstructionIdentification`.
    public static func parse(_ body: some Collection<UInt8>) throws(OBIERequestError) -> Self {
        let root = try OBIEObjectReader.body(body, schema: schema)
        try root.refuseUnknown(allowed: ["Data", "Risk"])
        guard let data = try root.object("Data", fields: ["Initiations", "ReadRefundAccount"], required: true) else {
            throw root.missing("Data")
        }
        let risk = try root.risk()
        let readRefund = try data.choice("ReadRefundAccount", of: ["Yes", "No"]) == "Yes"
        let initiations = try BulkPaymentRequest.initiations(of: data)
        return Self(initiations: initiations, readRefundAccount: readRefund, risk: risk)
    }
}

/// A checked `POST /lango/v1/pisp/bulk-payments` body: the bulk consent's id, its
/// `Initiations`, which must be the consent's in the same order, and its `Risk`.
public struct BulkPaymentRequest: Sendable, Hashable {
    public var consentID: String
    /// The `Initiation` objects as sent.
    public var initiationValues: [JSONValue]
    /// The `Risk` object as sent, which must be the consent's too.
    public var risk: JSONValue

    static let schema = "LangoBulkPayment1"

    public static func parse(_ body: some Collection<UInt8>) throws(OBIERequestError) -> Self {
        let root = try OBIEObjectReader.body(body, schema: schema)
        try root.refuseUnknown(allowed: ["Data", "Risk"])
        guard let data = try root.object("Data", fields: ["ConsentId", "Initiations"], required: true) else { throw root.missing("Data") }
        let risk = try root.risk()
        let consentID = try data.string("ConsentId", length: 1...128, required: true) ?? ""
        let initiations = try initiations(of: data)
        return Self(consentID: consentID, initiationValues: initiations.map(\.jsonValue), risk: risk)
    }

    /// Whether the payments are the ones the bulk consent allows; OBIE's
    /// `UK.OBIE.Resource.ConsentMismatch` otherwise.
    public func check(against terms: PaymentConsentTerms, consentID: String) throws(OBIERequestError) {
        try DomesticPaymentRequest.requireConsent(self.consentID, is: consentID)
        try DomesticPaymentRequest.requireRisk(risk, of: terms)
        guard initiationValues.count == terms.initiations.count else {
            throw OBIERequestError(
                errorCode: .resourceConsentMismatch,
                message: "the consent allows \(terms.initiations.count) payments; the request has \(initiationValues.count)",
                path: "Data.Initiations")
        }
        for (index, (allowed, sent)) in zip(terms.initiations, initiationValues).enumerated() where !allowed.matches(sent) {
            throw OBIERequestError(
                errorCode: .resourceConsentMismatch, message: "Data.Initiations[\(index)] differs from the consent's payment \(index)",
                path: "Data.Initiations[\(index)]")
        }
    }

    static func initiations(of data: OBIEObjectReader) throws(OBIERequestError) -> [DomesticPaymentInitiation] {
        let readers = try data.objects("Initiations", fields: DomesticPaymentConsentRequest.initiationFields, count: BulkPaymentConsentRequest.sizes)
        var initiations: [DomesticPaymentInitiation] = []
        var instructions: Set<String> = []
        for (index, reader) in readers.enumerated() {
            let initiation = try DomesticPaymentConsentRequest.initiation(reader)
            let path = "Data.Initiations[\(index)]"
            if let first = initiations.first {
                guard initiation.amount.currency == first.amount.currency else {
                    throw OBIERequestError(
                        errorCode: .fieldInvalid, message: "every payment of a bulk must be in \(first.amount.currency)",
                        path: path + ".InstructedAmount.Currency")
                }
                guard initiation.debtorAccount == first.debtorAccount else {
                    throw OBIERequestError(
                        errorCode: .fieldInvalid, message: "every payment of a bulk must name the same DebtorAccount, or none",
                        path: path + ".DebtorAccount")
                }
            }
            guard instructions.insert(initiation.instructionIdentification).inserted else {
                throw OBIERequestError(
                    errorCode: .rulesDuplicateReference, message: "InstructionIdentification is used by an earlier payment of the bulk",
                    path: path + ".InstructionIdentification")
            }
            initiations.append(initiation)
        }
        return initiations
    }
}
