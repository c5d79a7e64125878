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
    /// with the OBIE error code and the path of the field at fault. A permission outside
    /// `served` (the codes this bank's routes serve) is refused too.
    public static func parse(_ body: some Collection<UInt8>, now: Date, served: Set<AccountPermission>) throws(OBIERequestError) -> Self {
        let root = try OBIEObjectReader.body(body, schema: "OBReadConsent1")
        try root.refuseUnknown(allowed: rootFields)
        guard let data = try root.object("Data", fields: dataFields, required: true) else { throw root.missing("Data") }
        _ = try root.risk()

        guard let permissionsValue = data.object["Permissions"] else { throw data.missing("Permissions") }
        guard case .array(let elements) = permissionsValue else { throw data.invalid("Permissions", "Permissions must be an array") }
        guard !elements.isEmpty else { throw data.invalid("Permissions", "Permissions must list at least one permission") }
        var asked: Set<AccountPermission> = []
        for (index, element) in elements.enumerated() {
            guard case .string(let code) = element, let permission = AccountPermission(rawValue: code) else {
                throw data.invalid(
                    "Permissions[\(index)]", "\(element.encodedString(.compact)) is not an OBIE account-access permission code")
            }
            guard served.contains(permission) else {
                let offered = AccountPermission.allCases.filter(served.contains).map(\.rawValue).joined(separator: ", ")
                throw data.invalid("Permissions[\(index)]", "\(code) is not served by this bank; it serves \(offered)")
            }
            asked.insert(permission)
        }
        let permissions = AccountPermission.allCases.filter(asked.contains)
        try checkCombination(asked, data)

        let expiresAt = try data.dateTime("ExpirationDateTime")
        if let expiresAt, expiresAt <= now {
            throw OBIERequestError(
                errorCode: .fieldInvalidDate, message: "ExpirationDateTime must be in the future", path: "Data.ExpirationDateTime")
        }
        let from = try data.dateTime("TransactionFromDateTime")
        let to = try data.dateTime("TransactionToDateTime")
        if let from, let to, from > to {
            throw OBIERequestError(
                errorCode: .fieldInvalidDate, message: "TransactionFromDateTime must not be later than TransactionToDateTime",
                path: "Data.TransactionFromDateTime")
        }
        return Self(permissions: permissions, expiresAt: expiresAt, transactionFrom: from, transactionTo: to)
    }

    /// The OBIE rules on which permissions go together.
    private static func checkCombination(_ asked: Set<AccountPermission>, _ data: OBIEObjectReader) throws(OBIERequestError) {
        guard asked.contains(.readAccountsBasic) || asked.contains(.readAccountsDetail) else {
            throw data.invalid("Permissions", "Permissions must include ReadAccountsBasic or ReadAccountsDetail")
        }
        let reads = asked.contains(.readTransactionsBasic) || asked.contains(.readTransactionsDetail)
        let directions = asked.contains(.readTransactionsCredits) || asked.contains(.readTransactionsDebits)
        if reads, !directions {
            throw data.invalid(
                "Permissions",
                "ReadTransactionsBasic or ReadTransactionsDetail needs ReadTransactionsCredits or ReadTransactionsDebits, or both")
        }
        if directions, !reads {
            throw data.invalid(
                "Permissions",
                "ReadTransactionsCredits or ReadTransactionsDebits needs ReadTransactionsBasic or ReadTransactionsDetail")
        }
    }
}
