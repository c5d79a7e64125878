import Foundation
import LangoBank
import LangoJSON
import LangoOpenBanking
import LangoPolicy

extension Consent {
    /// The consent as OBIE answers it on `POST` (201) and `GET`, with `selfURL` as
    /// `Links.Self`: `OBReadConsentResponse1` for account access (a consent the client deleted
    /// reads `Revoked`), `OBWriteDomesticConsentResponse5` for a payment, its `Initiation` and
    /// `Risk` as the client sent them; for a bulk, the same with `Initiations`,
    /// `NumberOfTransactions` and `ControlSum` (the total) in place of `Initiation`.
    public func obieResponse(selfURL: String) -> JSONValue {
        guard let payment else { return accountAccessResponse(selfURL: selfURL) }
        var data: JSONObject = [
            "ConsentId": .string(id),
            "CreationDateTime": .string(ISO8601.format(createdAt)),
            "Status": .string(status.rawValue),
            "StatusUpdateDateTime": .string(ISO8601.format(statusUpdatedAt)),
            "ReadRefundAccount": payment.readRefundAccount ? "Yes" : "No",
        ]
        if payment.isBulk {
            data["NumberOfTransactions"] = .integer(Int64(payment.initiations.count))
            data["ControlSum"] = .string(payment.total.decimalString)
            data["Initiations"] = .array(payment.initiations.map(\.jsonValue))
        } else {
            data["Initiation"] = payment.initiation.jsonValue
        }
        return OBIEDocument.resource(data: data, risk: payment.riskValue, selfURL: selfURL)
    }

    private func accountAccessResponse(selfURL: String) -> JSONValue {
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
        return OBIEDocument.resource(data: data, risk: [:], selfURL: selfURL)
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

extension DomesticPaymentInitiation {
    /// The `Initiation` object as the client sent it.
    public var jsonValue: JSONValue {
        // The text was made from a parsed object, so it parses.
        (try? JSONValue.parse(canonical)) ?? [:]
    }
}

extension PaymentConsentTerms {
    /// The `Risk` object as the client sent it.
    public var riskValue: JSONValue { (try? JSONValue.parse(risk)) ?? [:] }
}
