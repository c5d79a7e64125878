import Foundation
import LangoBank
import LangoJSON
import LangoOpenBanking
import LangoPolicy

extension AccountAccessConsent {
    /// The consent as OBIE `OBReadConsentResponse1`: what `POST` (201) and `GET` answer, with
    /// `selfURL` as `Links.Self`. A consent the client deleted reads `Revoked`.
    public func obieResponse(selfURL: String) -> JSONValue {
        var data: JSONObject = [
            "ConsentId": .string(id),
            "CreationDateTime": .string(ISO8601.format(createdAt)),
            "Status": .string(status.rawValue),
            "StatusUpdateDateTime": .string(ISO8601.format(statusUpdatedAt)),
            "Permissions": .array(permissions.map { .string($0.rawValue) }),
        ]
        data["ExpirationDateTime"] = expiresAt.map { .string(ISO8601.format($0)) }
        data["TransactionFromDateTime"] = transactionFrom.map { .string(ISO8601.format($0)) }
        data["TransactionToDateTime"] = transactionTo.map { .string(ISO8601.format($0)) }
        return ["Data": .object(data), "Risk": [:], "Links": ["Self": .string(selfURL)], "Meta": ["TotalPages": 1]]
    }

    /// What the consent lets its client see: Detail fields only under the Detail permissions,
    /// only credits or only debits when just one of them is granted, and only transactions
    /// booked within the consent's date window.
    public var dataAccess: AccountDataAccess {
        let credits = grants(.readTransactionsCredits)
        let debits = grants(.readTransactionsDebits)
        return AccountDataAccess(
            accounts: grants(.readAccountsDetail) ? .detail : .basic,
            transactions: grants(.readTransactionsDetail) ? .detail : .basic,
            creditDebit: credits == debits ? nil : (credits ? .credit : .debit),
            window: OBIEBookingWindow(from: transactionFrom, to: transactionTo))
    }
}
