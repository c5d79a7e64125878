import Foundation
import LangoBank
import LangoJSON

/// Renders core-banking data as OBIE v3.1.11 Account Information response bodies.
///
/// Each function returns the whole body (`Data`, `Links`, `Meta`) of one resource, in exactly
/// the shape of the named schema: dates as `2026-03-01T09:30:00+00:00`, amounts as unsigned
/// two-decimal strings with a separate `CreditDebitIndicator`, strings cut to OBIE's maximum
/// lengths and empty optional strings left out. Pure: no I/O, no clock.
public enum OBIEAccountInformation {
    /// `GET /accounts`: `OBReadAccount6`.
    public static func accounts(_ accounts: [Account], selfURL: String, visibility: AccountVisibility) -> JSONValue {
        OBIEDocument.resource(data: ["Account": .array(accounts.map { accountObject($0, visibility) })], selfURL: selfURL)
    }

    /// `GET /accounts/{AccountId}`: `OBReadAccount6` holding one account.
    public static func account(_ account: Account, selfURL: String, visibility: AccountVisibility) -> JSONValue {
        accounts([account], selfURL: selfURL, visibility: visibility)
    }

    /// `GET /accounts/{AccountId}/balances`: `OBReadBalance1` (the schema wants at least one balance).
    public static func balances(_ balances: [Balance], selfURL: String) -> JSONValue {
        OBIEDocument.resource(data: ["Balance": .array(balances.map(balanceObject))], selfURL: selfURL)
    }

    /// `GET /accounts/{AccountId}/transactions`: `OBReadTransaction6` with paging `Links` and
    /// `Meta` (`TotalPages`, and the account's first and last available booking times).
    public static func transactions(_ page: TransactionPage, paging: OBIEPaging, visibility: TransactionVisibility)
        -> JSONValue
    {
        var meta: JSONObject = ["TotalPages": .integer(Int64(paging.totalPages))]
        meta["FirstAvailableDateTime"] = page.firstAvailable.map { .string(ISO8601.format($0)) }
        meta["LastAvailableDateTime"] = page.lastAvailable.map { .string(ISO8601.format($0)) }
        return [
            "Data": ["Transaction": .array(page.transactions.map { transactionObject($0, visibility) })],
            "Links": paging.links,
            "Meta": .object(meta),
        ]
    }

    /// One transaction in full as an `OBReadTransaction6` (the sandbox's `201` to a posted transaction).
    public static func transaction(_ transaction: Transaction, selfURL: String) -> JSONValue {
        OBIEDocument.resource(data: ["Transaction": [transactionObject(transaction, .detail)]], selfURL: selfURL)
    }

    /// `GET /party`: `OBReadParty2`.
    public static func party(_ party: Party, selfURL: String) -> JSONValue {
        OBIEDocument.resource(data: ["Party": partyObject(party)], selfURL: selfURL)
    }

    // MARK: - Pieces

    private static func accountObject(_ account: Account, _ visibility: AccountVisibility) -> JSONValue {
        var object: JSONObject = [
            "AccountId": .string(account.id),
            "Status": .string(account.status),
            "Currency": .string(account.currency),
            "AccountType": .string(account.accountType),
            "AccountSubType": .string(account.accountSubType),
        ]
        object["Description"] = OBIEText.value(account.description, maxLength: 35)
        object["Nickname"] = OBIEText.value(account.nickname, maxLength: 70)
        object["OpeningDate"] = .string(ISO8601.format(account.openingDate))
        if visibility == .detail {
            var identification: JSONObject = [
                "SchemeName": .string(account.schemeName),
                "Identification": .string(OBIEText.clipped(account.identification, to: 256)),
            ]
            identification["Name"] = OBIEText.value(account.holderName, maxLength: 350)
            object["Account"] = [.object(identification)]
        }
        return .object(object)
    }

    private static func balanceObject(_ balance: Balance) -> JSONValue {
        [
            "AccountId": .string(balance.accountID),
            "CreditDebitIndicator": .string(balance.creditDebit.rawValue),
            "Type": .string(balance.type),
            "DateTime": .string(ISO8601.format(balance.at)),
            "Amount": balance.amount.obieAmount,
        ]
    }

    private static func transactionObject(_ transaction: Transaction, _ visibility: TransactionVisibility) -> JSONValue {
        var object: JSONObject = [
            "AccountId": .string(transaction.accountID),
            "TransactionId": .string(OBIEText.clipped(transaction.id, to: 210)),
        ]
        object["TransactionReference"] = OBIEText.value(transaction.reference, maxLength: 210)
        object["CreditDebitIndicator"] = .string(transaction.creditDebit.rawValue)
        object["Status"] = .string(transaction.status)
        object["BookingDateTime"] = .string(ISO8601.format(transaction.bookedAt))
        object["ValueDateTime"] = .string(ISO8601.format(transaction.valueAt))
        if visibility == .detail {
            object["TransactionInformation"] = OBIEText.value(transaction.information, maxLength: 500)
        }
        object["Amount"] = transaction.amount.obieAmount
        if let code = transaction.bankTransactionCode {
            object["BankTransactionCode"] = ["Code": .string(code.code), "SubCode": .string(code.subCode)]
        }
        if visibility == .detail {
            object["Balance"] = [
                "CreditDebitIndicator": .string(transaction.balanceAfterCreditDebit.rawValue),
                "Type": "InterimBooked",
                "Amount": transaction.balanceAfter.obieAmount,
            ]
            var merchant = JSONObject()
            merchant["MerchantName"] = OBIEText.value(transaction.merchantName, maxLength: 350)
            if let code = transaction.merchantCategoryCode, (3...4).contains(code.unicodeScalars.count) {
                merchant["MerchantCategoryCode"] = .string(code)
            }
            if !merchant.isEmpty { object["MerchantDetails"] = .object(merchant) }
        }
        return .object(object)
    }

    private static func partyObject(_ party: Party) -> JSONValue {
        var object: JSONObject = ["PartyId": .string(OBIEText.clipped(party.id, to: 40))]
        object["PartyNumber"] = OBIEText.value(party.customerID, maxLength: 35)
        object["PartyType"] = .string(party.partyType)
        object["Name"] = OBIEText.value(party.name, maxLength: 350)
        object["FullLegalName"] = OBIEText.value(party.fullLegalName, maxLength: 350)
        object["EmailAddress"] = OBIEText.value(party.emailAddress, maxLength: 256)
        object["Phone"] = OBIEText.value(party.phone, maxLength: .max)
        object["Mobile"] = OBIEText.value(party.mobile, maxLength: .max)
        let address = party.address
        var postal = JSONObject()
        let lines = address.addressLine.compactMap { OBIEText.value($0, maxLength: 70) }.prefix(5)
        if !lines.isEmpty { postal["AddressLine"] = .array(Array(lines)) }
        postal["PostCode"] = OBIEText.value(address.postCode, maxLength: 16)
        postal["TownName"] = OBIEText.value(address.townName, maxLength: 35)
        postal["CountrySubDivision"] = OBIEText.value(address.countrySubDivision, maxLength: 35)
        postal["Country"] = .string(address.country)
        object["Address"] = [.object(postal)]
        return .object(object)
    }
}
