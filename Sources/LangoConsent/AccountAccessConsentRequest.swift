import Foundation
import LangoJSON
import LangoOpenBanking
import LangoPolicy

/// A checked `POST /account-access-consents` body (OBIE `OBReadConsent1`): what the client asks
/// the customer to authorise.
public struct AccountAccessConsentRequest: Sendable, Hashable {
    /// The permissions asked for, without repeats, in OBIE's order.
    public var permissions: [AccountPermission]
    /// When the consent stops serving requests; `nil` for open-ended.
    public var expiresAt: Date?
    /// The earliest booking time of transactions the consent covers.
    public var transactionFrom: Date?
    /// The latest booking time of transactions the consent covers.
    public var transactionTo: Date?

    public init(permissions: [AccountPermission], expiresAt: Date? = nil, transactionFrom: Date? = nil, transactionTo: Date? = nil) {
        self.permissions = permissions
        self.expiresAt = expiresAt
        self.transactionFrom = transactionFrom
        self.transactionTo = transactionTo
    }

    private static let rootFields: Set = ["Data", "Risk"]
    private static let dataFields: Set = ["Permissions", "ExpirationDateTime", "TransactionFromDateTime", "TransactionToDateTime"]

    /// Reads and checks a request body as the OBIE profile requires; every refusal is a 400
    /// with the OBIE error code and the path of the field at fault.
    public static func parse(_ body: some Collection<UInt8>, now: Date) throws(OBIERequestError) -> Self {
        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            throw OBIERequestError(errorCode: .resourceInvalidFormat, message: "the body is not valid JSON: \(error)")
        }
        guard case .object(let root) = document else {
            throw OBIERequestError(errorCode: .resourceInvalidFormat, message: "the body must be a JSON object")
        }
        try refuseUnknown(root, allowed: rootFields, prefix: "")
        guard let dataValue = root["Data"] else { throw missing("Data") }
        guard case .object(let data) = dataValue else { throw invalid("Data", "Data must be an object") }
        guard let risk = root["Risk"] else { throw missing("Risk") }
        guard case .object = risk else { throw invalid("Risk", "Risk must be an object (it may be empty)") }
        try refuseUnknown(data, allowed: dataFields, prefix: "Data.")

        guard let permissionsValue = data["Permissions"] else { throw missing("Data.Permissions") }
        guard case .array(let elements) = permissionsValue else { throw invalid("Data.Permissions", "Permissions must be an array") }
        guard !elements.isEmpty else { throw invalid("Data.Permissions", "Permissions must list at least one permission") }
        var asked: Set<AccountPermission> = []
        for (index, element) in elements.enumerated() {
            guard case .string(let code) = element, let permission = AccountPermission(rawValue: code) else {
                throw invalid(
                    "Data.Permissions[\(index)]", "\(element.encodedString(.compact)) is not an OBIE account-access permission code")
            }
            asked.insert(permission)
        }
        let permissions = AccountPermission.allCases.filter(asked.contains)
        try checkCombination(asked)

        let expiresAt = try date(data, "ExpirationDateTime")
        if let expiresAt, expiresAt <= now {
            throw OBIERequestError(
                errorCode: .fieldInvalidDate, message: "ExpirationDateTime must be in the future", path: "Data.ExpirationDateTime")
        }
        let from = try date(data, "TransactionFromDateTime")
        let to = try date(data, "TransactionToDateTime")
        if let from, let to, from > to {
            throw OBIERequestError(
                errorCode: .fieldInvalidDate, message: "TransactionFromDateTime must not be later than TransactionToDateTime",
                path: "Data.TransactionFromDateTime")
        }
        return Self(permissions: permissions, expiresAt: expiresAt, transactionFrom: from, transactionTo: to)
    }

    /// The OBIE rules on which permissions go together.
    private static func checkCombination(_ asked: Set<AccountPermission>) throws(OBIERequestError) {
        guard asked.contains(.readAccountsBasic) || asked.contains(.readAccountsDetail) else {
            throw invalid("Data.Permissions", "Permissions must include ReadAccountsBasic or ReadAccountsDetail")
        }
        let reads = asked.contains(.readTransactionsBasic) || asked.contains(.readTransactionsDetail)
        let directions = asked.contains(.readTransactionsCredits) || asked.contains(.readTransactionsDebits)
        if reads, !directions {
            throw invalid(
                "Data.Permissions",
                "ReadTransactionsBasic or ReadTransactionsDetail needs ReadTransactionsCredits or ReadTransactionsDebits, or both")
        }
        if directions, !reads {
            throw invalid(
                "Data.Permissions",
                "ReadTransactionsCredits or ReadTransactionsDebits needs ReadTransactionsBasic or ReadTransactionsDetail")
        }
    }

    /// A date-time field: ISO 8601 with a date, a time and a zone (`Z` or `±hh:mm`).
    private static func date(_ data: JSONObject, _ field: String) throws(OBIERequestError) -> Date? {
        guard let value = data[field] else { return nil }
        let path = "Data." + field
        guard case .string(let text) = value, hasTimeAndZone(text), let date = ISO8601.parse(text) else {
            throw OBIERequestError(
                errorCode: .fieldInvalidDate,
                message: "\(field) must be an ISO 8601 date-time with a time zone, such as 2026-03-01T09:30:00+00:00", path: path)
        }
        return date
    }

    private static func hasTimeAndZone(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "T")) || bytes.contains(UInt8(ascii: "t")) else { return false }
        if let last = bytes.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return true }
        return bytes.count > 6 && [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[bytes.count - 6])
    }

    private static func refuseUnknown(_ object: JSONObject, allowed: Set<String>, prefix: String) throws(OBIERequestError) {
        for (key, _) in object where !allowed.contains(key) {
            throw OBIERequestError(errorCode: .fieldUnexpected, message: "\(prefix + key) is not a field of OBReadConsent1", path: prefix + key)
        }
    }

    private static func missing(_ path: String) -> OBIERequestError {
        OBIERequestError(errorCode: .fieldMissing, message: "\(path) is required", path: path)
    }

    private static func invalid(_ path: String, _ message: String) -> OBIERequestError {
        OBIERequestError(errorCode: .fieldInvalid, message: message, path: path)
    }
}
