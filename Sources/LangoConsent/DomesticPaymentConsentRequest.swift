import Foundation
import LangoBank
import LangoJSON
import LangoOpenBanking

/// An account named in a payment: the debtor's or the creditor's.
public struct PaymentAccount: Sendable, Hashable, Codable {
    /// Such as `UK.OBIE.SortCodeAccountNumber` or `UK.OBIE.IBAN`.
    public var schemeName: String
    public var identification: String
    public var name: String?
    public var secondaryIdentification: String?

    public init(schemeName: String, identification: String, name: String? = nil, secondaryIdentification: String? = nil) {
        self.schemeName = schemeName
        self.identification = identification
        self.name = name
        self.secondaryIdentification = secondaryIdentification
    }
}

/// What a single domestic payment is to do (OBIE `Initiation`): the amount, the creditor, the
/// debtor when the client names one, and the references that travel with it.
public struct DomesticPaymentInitiation: Sendable, Hashable, Codable {
    public var instructionIdentification: String
    public var endToEndIdentification: String
    public var localInstrument: String?
    public var amount: Money
    public var debtorAccount: PaymentAccount?
    public var creditorAccount: PaymentAccount
    public var remittanceUnstructured: String?
    public var remittanceReference: String?
    /// The `Initiation` object exactly as the client sent it, as compact JSON with its keys
    /// sorted: answers echo it, and a payment's `Initiation` must be the same.
    public var canonical: String

    /// Whether `initiation` (a payment's) is the same object as this one (a consent's), member
    /// for member whatever their order.
    public func matches(_ initiation: JSONValue) -> Bool {
        Self.canonicalText(initiation) == canonical
    }

    static func canonicalText(_ value: JSONValue) -> String {
        value.encodedString(JSONEncodingOptions(sortedKeys: true))
    }
}

/// A checked `POST /domestic-payment-consents` body (OBIE `OBWriteDomesticConsent4`).
public struct DomesticPaymentConsentRequest: Sendable, Hashable {
    public var initiation: DomesticPaymentInitiation
    /// Whether the client asked to see the refund account (`ReadRefundAccount: Yes`).
    public var readRefundAccount: Bool
    /// The `Risk` object as sent, echoed in answers.
    public var risk: JSONValue

    static let schema = "OBWriteDomesticConsent4"
    private static let dataFields: Set = ["ReadRefundAccount", "Initiation", "Authorisation", "SCASupportData"]
    static let initiationFields: Set = [
        "InstructionIdentification", "EndToEndIdentification", "LocalInstrument", "InstructedAmount", "DebtorAccount", "CreditorAccount",
        "CreditorPostalAddress", "RemittanceInformation", "SupplementaryData",
    ]
    private static let accountFields: Set = ["SchemeName", "Identification", "Name", "SecondaryIdentification"]

    /// Reads and checks a request body as the OBIE profile requires; every refusal is a 400
    /// with the OBIE error code and the path of the field at fault.
    public static func parse(_ body: some Collection<UInt8>) throws(OBIERequestError) -> Self {
        let root = try OBIEObjectReader.body(body, schema: schema)
        try root.refuseUnknown(allowed: ["Data", "Risk"])
        guard let data = try root.object("Data", fields: dataFields, required: true) else { throw root.missing("Data") }
        let risk = try root.risk()
        let readRefund = try data.choice("ReadRefundAccount", of: ["Yes", "No"]) == "Yes"
        guard let initiation = try data.object("Initiation", fields: initiationFields, required: true) else {
            throw data.missing("Initiation")
        }
        return Self(initiation: try Self.initiation(initiation), readRefundAccount: readRefund, risk: risk)
    }

    /// Reads an `Initiation` object (also a payment's, which must then match its consent's).
    static func initiation(_ reader: OBIEObjectReader) throws(OBIERequestError) -> DomesticPaymentInitiation {
        guard let amountReader = try reader.object("InstructedAmount", fields: ["Amount", "Currency"], required: true) else {
            throw reader.missing("InstructedAmount")
        }
        let amountText = try amountReader.string("Amount", length: 1...19, required: true) ?? ""
        let currency = try amountReader.string("Currency", length: 3...3, required: true) ?? ""
        guard let amount = Money(decimal: amountText, currency: currency) else {
            throw amountReader.invalid(
                Money.isCurrencyCode(currency) ? "Amount" : "Currency",
                Money.isCurrencyCode(currency)
                    ? "Amount must be a decimal with at most 2 decimal places, such as 1500.00"
                    : "Currency must be an ISO 4217 code of three capital letters")
        }
        guard amount.minorUnits > 0 else { throw amountReader.invalid("Amount", "Amount must be more than zero") }
        // OBIE allows 13 digits before the point; it also keeps any bulk's total far from overflowing.
        guard amountText.split(separator: ".", omittingEmptySubsequences: false)[0].count <= 13 else {
            throw amountReader.invalid("Amount", "Amount must have at most 13 digits before the decimal point")
        }
        guard let creditor = try account(reader, "CreditorAccount", nameRequired: true) else { throw reader.missing("CreditorAccount") }
        let remittance = try reader.object("RemittanceInformation", fields: ["Unstructured", "Reference"])
        return DomesticPaymentInitiation(
            instructionIdentification: try reader.string("InstructionIdentification", length: 1...35, required: true) ?? "",
            endToEndIdentification: try reader.string("EndToEndIdentification", length: 1...35, required: true) ?? "",
            localInstrument: try reader.string("LocalInstrument", length: 1...50),
            amount: amount,
            debtorAccount: try account(reader, "DebtorAccount", nameRequired: false),
            creditorAccount: creditor,
            remittanceUnstructured: try remittance?.string("Unstructured", length: 1...140),
            remittanceReference: try remittance?.string("Reference", length: 1...35),
            canonical: DomesticPaymentInitiation.canonicalText(.object(reader.object)))
    }

    private static func account(_ reader: OBIEObjectReader, _ field: String, nameRequired: Bool) throws(OBIERequestError)
        -> PaymentAccount?
    {
        guard let account = try reader.object(field, fields: accountFields) else { return nil }
        return PaymentAccount(
            schemeName: try account.string("SchemeName", length: 1...40, required: true) ?? "",
            identification: try account.string("Identification", length: 1...256, required: true) ?? "",
            name: try account.string("Name", length: 1...350, required: nameRequired),
            secondaryIdentification: try account.string("SecondaryIdentification", length: 1...34))
    }
}

/// A checked `POST /domestic-payments` body (OBIE `OBWriteDomestic2`): the consent the payment
/// is made under and its `Initiation`, which must be the consent's (see ``matches(_:)``).
public struct DomesticPaymentRequest: Sendable, Hashable {
    public var consentID: String
    public var initiation: DomesticPaymentInitiation
    /// The `Initiation` object as sent.
    public var initiationValue: JSONValue
    /// The `Risk` object as sent, which must be the consent's too.
    public var risk: JSONValue

    static let schema = "OBWriteDomestic2"

    /// `UK.OBIE.Resource.ConsentMismatch` unless the body's `Data.ConsentId` (`sent`) is the
    /// token's consent.
    static func requireConsent(_ sent: String, is consentID: String) throws(OBIERequestError) {
        guard sent == consentID else {
            throw OBIERequestError(
                errorCode: .resourceConsentMismatch, message: "Data.ConsentId is not the consent the access token was issued for",
                path: "Data.ConsentId")
        }
    }

    /// `UK.OBIE.Resource.ConsentMismatch` unless the body's `Risk` is the consent's.
    static func requireRisk(_ risk: JSONValue, of terms: PaymentConsentTerms) throws(OBIERequestError) {
        guard DomesticPaymentInitiation.canonicalText(risk) == terms.risk else {
            throw OBIERequestError(errorCode: .resourceConsentMismatch, message: "Risk differs from the Risk of the consent", path: "Risk")
        }
    }

    /// Reads and checks a request body; every refusal is a 400 with the OBIE error code and the
    /// path of the field at fault.
    public static func parse(_ body: some Collection<UInt8>) throws(OBIERequestError) -> Self {
        let root = try OBIEObjectReader.body(body, schema: schema)
        try root.refuseUnknown(allowed: ["Data", "Risk"])
        guard let data = try root.object("Data", fields: ["ConsentId", "Initiation"], required: true) else { throw root.missing("Data") }
        let risk = try root.risk()
        let consentID = try data.string("ConsentId", length: 1...128, required: true) ?? ""
        guard let initiation = try data.object("Initiation", fields: DomesticPaymentConsentRequest.initiationFields, required: true) else {
            throw data.missing("Initiation")
        }
        return Self(
            consentID: consentID, initiation: try DomesticPaymentConsentRequest.initiation(initiation), initiationValue: .object(initiation.object),
            risk: risk)
    }

    /// Whether the payment is the one `consent` allows: same consent id, and an `Initiation` and
    /// `Risk` equal to the consent's member for member; OBIE's `UK.OBIE.Resource.ConsentMismatch` otherwise.
    public func check(against terms: PaymentConsentTerms, consentID: String) throws(OBIERequestError) {
        try Self.requireConsent(self.consentID, is: consentID)
        try Self.requireRisk(risk, of: terms)
        guard terms.initiation.matches(initiationValue) else {
            throw OBIERequestError(
                errorCode: .resourceConsentMismatch, message: "Data.Initiation differs from the Initiation of consent \(consentID)",
                path: "Data.Initiation")
        }
    }
}
