import Foundation
import LangoConsent
import LangoOpenBanking
import LangoPolicy
import Testing

/// Every OBIE rule on a `POST /account-access-consents` body, accepted and refused.
@Suite struct AccountAccessConsentRequestTests {
    private static let now = Date(timeIntervalSince1970: 1_800_000_000)

    private static func parse(_ text: String) throws(OBIERequestError) -> AccountAccessConsentRequest {
        try AccountAccessConsentRequest.parse(Array(text.utf8), now: now, served: Set(AccountPermission.allCases))
    }

    /// The refusal of `text`: code and path.
    private static func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> (String, String?)? {
        do {
            let accepted = try parse(text)
            Issue.record("accepted \(accepted)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return (error.errorCode.rawValue, error.path)
        }
    }

    private static func body(_ permissions: String, data extra: String = "", root: String = #", "Risk": {}"#) -> String {
        #"{"Data": {"Permissions": \#(permissions)\#(extra)}\#(root)}"#
    }

    @Test func readsAFullRequest() throws {
        let request = try Self.parse(
            Self.body(
                #"["ReadTransactionsDetail", "ReadAccountsDetail", "ReadTransactionsCredits", "ReadBalances", "ReadBalances"]"#,
                data:
                    #", "ExpirationDateTime": "2027-02-15T00:00:00+00:00", "TransactionFromDateTime": "2026-01-01T00:00:00Z", "TransactionToDateTime": "2026-12-31T23:59:59+03:00""#
            ))
        #expect(request.permissions == [.readAccountsDetail, .readBalances, .readTransactionsCredits, .readTransactionsDetail])
        #expect(request.expiresAt == Date(timeIntervalSince1970: 1_802_649_600))
        #expect(request.transactionFrom == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(request.transactionTo == Date(timeIntervalSince1970: 1_798_750_799))
    }

    @Test func theDatesAreOptional() throws {
        let request = try Self.parse(Self.body(#"["ReadAccountsBasic"]"#))
        #expect(request == AccountAccessConsentRequest(permissions: [.readAccountsBasic]))
    }

    @Test(arguments: [
        ("not json", "UK.OBIE.Resource.InvalidFormat", nil),
        (#"["Data"]"#, "UK.OBIE.Resource.InvalidFormat", nil),
        (#"{"Risk": {}}"#, "UK.OBIE.Field.Missing", "Data"),
        (#"{"Data": {"Permissions": ["ReadAccountsBasic"]}}"#, "UK.OBIE.Field.Missing", "Risk"),
        (#"{"Data": {}, "Risk": {}}"#, "UK.OBIE.Field.Missing", "Data.Permissions"),
        (#"{"Data": {"Permissions": ["ReadAccountsBasic"]}, "Risk": {}, "Extra": 1}"#, "UK.OBIE.Field.Unexpected", "Extra"),
        (#"{"Data": {"Permissions": ["ReadAccountsBasic"], "Status": "Authorised"}, "Risk": {}}"#, "UK.OBIE.Field.Unexpected", "Data.Status"),
        (#"{"Data": {"Permissions": ["ReadAccountsBasic"]}, "Risk": []}"#, "UK.OBIE.Field.Invalid", "Risk"),
        (#"{"Data": {"Permissions": "ReadAccountsBasic"}, "Risk": {}}"#, "UK.OBIE.Field.Invalid", "Data.Permissions"),
    ] as [(String, String, String?)])
    func refusesMalformedBodies(text: String, code: String, path: String?) {
        let refusal = Self.refusal(text)
        #expect(refusal?.0 == code)
        #expect(refusal?.1 == path)
    }

    @Test(arguments: [
        (#"[]"#, "Data.Permissions"),
        (#"["ReadAccountsBasic", "ReadEverything"]"#, "Data.Permissions[1]"),
        (#"["ReadAccountsBasic", 7]"#, "Data.Permissions[1]"),
        (#"["ReadBalances"]"#, "Data.Permissions"),
        (#"["ReadAccountsBasic", "ReadTransactionsBasic"]"#, "Data.Permissions"),
        (#"["ReadAccountsBasic", "ReadTransactionsDetail"]"#, "Data.Permissions"),
        (#"["ReadAccountsBasic", "ReadTransactionsCredits"]"#, "Data.Permissions"),
        (#"["ReadAccountsBasic", "ReadTransactionsDebits"]"#, "Data.Permissions"),
    ])
    func refusesPermissionsOBIEDoesNotAllow(permissions: String, path: String) {
        let refusal = Self.refusal(Self.body(permissions))
        #expect(refusal?.0 == "UK.OBIE.Field.Invalid")
        #expect(refusal?.1 == path)
    }

    @Test func refusesPermissionsTheBankDoesNotServe() throws {
        let served: Set<AccountPermission> = [.readAccountsBasic, .readAccountsDetail, .readBalances]
        let body = Array(Self.body(#"["ReadAccountsBasic", "ReadBalances", "ReadBeneficiariesBasic"]"#).utf8)
        do {
            let accepted = try AccountAccessConsentRequest.parse(body, now: Self.now, served: served)
            Issue.record("accepted \(accepted)")
        } catch {
            #expect(error.errorCode.rawValue == "UK.OBIE.Field.Invalid")
            #expect(error.path == "Data.Permissions[2]")
            #expect(error.message == "ReadBeneficiariesBasic is not served by this bank; it serves ReadAccountsBasic, ReadAccountsDetail, ReadBalances")
        }
        let accepted = try AccountAccessConsentRequest.parse(Array(Self.body(#"["ReadAccountsBasic", "ReadBalances"]"#).utf8), now: Self.now, served: served)
        #expect(accepted.permissions == [.readAccountsBasic, .readBalances])
    }

    @Test func acceptsTransactionsWithADirection() throws {
        for direction in ["ReadTransactionsCredits", "ReadTransactionsDebits"] {
            for level in ["ReadTransactionsBasic", "ReadTransactionsDetail"] {
                let request = try Self.parse(Self.body(#"["ReadAccountsBasic", "\#(level)", "\#(direction)"]"#))
                #expect(request.permissions.count == 3)
            }
        }
    }

    @Test(arguments: [
        (#", "ExpirationDateTime": "2027-01-15""#, "Data.ExpirationDateTime"),
        (#", "ExpirationDateTime": "2027-01-15T10:00:00""#, "Data.ExpirationDateTime"),
        (#", "ExpirationDateTime": "soon""#, "Data.ExpirationDateTime"),
        (#", "ExpirationDateTime": 1800000000"#, "Data.ExpirationDateTime"),
        (#", "ExpirationDateTime": "2027-02-30T10:00:00Z""#, "Data.ExpirationDateTime"),
        // Not in the future: `now` is 2027-01-15T08:00:00Z.
        (#", "ExpirationDateTime": "2027-01-15T08:00:00Z""#, "Data.ExpirationDateTime"),
        (#", "TransactionFromDateTime": "2026-01-01""#, "Data.TransactionFromDateTime"),
        (#", "TransactionFromDateTime": "2026-06-01T00:00:00Z", "TransactionToDateTime": "2026-01-01T00:00:00Z""#, "Data.TransactionFromDateTime"),
    ])
    func refusesDatesOBIEDoesNotAllow(fields: String, path: String) {
        let refusal = Self.refusal(Self.body(#"["ReadAccountsBasic"]"#, data: fields))
        #expect(refusal?.0 == "UK.OBIE.Field.InvalidDate")
        #expect(refusal?.1 == path)
    }
}
