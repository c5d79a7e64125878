import Foundation
import LangoBank
import LangoJSON
import LangoOpenBanking
import LangoScriptTesting
import Testing

struct OBIEAccountInformationTests {
    private static let base = "https://api.lango.example/open-banking/v3.1/aisp"
    private static let anchor = ISO8601.parse("2026-03-01")!
    private static let now = ISO8601.parse("2026-03-01T09:30:00Z")!

    private static let account = Account(
        id: "C0001-KES-1", customerID: "C0001", currency: "KES", accountType: "Personal", accountSubType: "CurrentAccount",
        nickname: "Everyday Account", description: "Wekeza Current Account", openingDate: ISO8601.parse("2023-03-21")!,
        status: "Enabled", schemeName: "KE.WEKEZA.AccountNumber", identification: "1019567724533",
        holderName: "Mary Wanjiru Kamau")

    private static let cardPayment = Transaction(
        id: "TX-C0001-KES-1-00004", accountID: "C0001-KES-1", reference: "POS-77", bookedAt: ISO8601.parse("2025-03-01T13:03:54Z")!,
        valueAt: ISO8601.parse("2025-03-01T12:15:41Z")!, amount: Money(minorUnits: 1_660_00, currency: "KES"),
        creditDebit: .debit, status: "Booked", information: "POS JAVA HOUSE ABC PLACE", merchantName: "Java House ABC Place",
        merchantCategoryCode: "5814", bankTransactionCode: BankTransactionCode(code: "CustomerCardTransactions", subCode: "PointOfSale"),
        balanceAfter: Money(minorUnits: 24_417_00, currency: "KES"), balanceAfterCreditDebit: .credit)

    // MARK: Exact shapes

    @Test func accountDetailCarriesTheIdentificationBlock() {
        let body = OBIEAccountInformation.account(Self.account, selfURL: "\(Self.base)/accounts/C0001-KES-1", visibility: .detail)
        let expected: JSONValue = [
            "Data": ["Account": [[
                "AccountId": "C0001-KES-1", "Status": "Enabled", "Currency": "KES", "AccountType": "Personal",
                "AccountSubType": "CurrentAccount", "Description": "Wekeza Current Account", "Nickname": "Everyday Account",
                "OpeningDate": "2023-03-21T00:00:00+00:00",
                "Account": [["SchemeName": "KE.WEKEZA.AccountNumber", "Identification": "1019567724533",
                             "Name": "Mary Wanjiru Kamau"]],
            ]]],
            "Links": ["Self": "https://api.lango.example/open-banking/v3.1/aisp/accounts/C0001-KES-1"],
            "Meta": ["TotalPages": 1],
        ]
        #expect(body == expected)
    }

    @Test func accountBasicHidesTheIdentificationAndDropsAbsentText() {
        var account = Self.account
        account.description = nil
        account.nickname = String(repeating: "N", count: 90)
        let body = OBIEAccountInformation.accounts([account, Self.account], selfURL: "\(Self.base)/accounts", visibility: .basic)
        let first = body["Data"]?["Account"]?[0]
        #expect(first?.objectValue?.orderedKeys
            == ["AccountId", "Status", "Currency", "AccountType", "AccountSubType", "Nickname", "OpeningDate"])
        #expect(first?["Nickname"]?.stringValue?.count == 70)
        #expect(body["Data"]?["Account"]?[1]?["Account"] == nil)
        #expect(body["Data"]?["Account"]?[1]?["Description"] == "Wekeza Current Account")
    }

    @Test func balancesAreUnsignedWithAnIndicator() {
        let balance = Balance(accountID: "C0001-KES-1", type: "InterimAvailable", amount: Money(minorUnits: 5, currency: "KES"),
                              creditDebit: .debit, at: Self.now)
        let body = OBIEAccountInformation.balances([balance], selfURL: "\(Self.base)/accounts/C0001-KES-1/balances")
        #expect(body["Data"] == ["Balance": [[
            "AccountId": "C0001-KES-1", "CreditDebitIndicator": "Debit", "Type": "InterimAvailable",
            "DateTime": "2026-03-01T09:30:00+00:00", "Amount": ["Amount": "0.05", "Currency": "KES"],
        ]]])
        #expect(body["Meta"] == ["TotalPages": 1])
    }

    @Test func transactionDetailShowsNarrativeBalanceAndMerchant() {
        let body = OBIEAccountInformation.transaction(Self.cardPayment, selfURL: "\(Self.base)/accounts/C0001-KES-1/transactions")
        #expect(body["Data"] == ["Transaction": [[
            "AccountId": "C0001-KES-1", "TransactionId": "TX-C0001-KES-1-00004", "TransactionReference": "POS-77",
            "CreditDebitIndicator": "Debit", "Status": "Booked", "BookingDateTime": "2025-03-01T13:03:54+00:00",
            "ValueDateTime": "2025-03-01T12:15:41+00:00", "TransactionInformation": "POS JAVA HOUSE ABC PLACE",
            "Amount": ["Amount": "1660.00", "Currency": "KES"],
            "BankTransactionCode": ["Code": "CustomerCardTransactions", "SubCode": "PointOfSale"],
            "Balance": ["CreditDebitIndicator": "Credit", "Type": "InterimBooked",
                        "Amount": ["Amount": "24417.00", "Currency": "KES"]],
            "MerchantDetails": ["MerchantName": "Java House ABC Place", "MerchantCategoryCode": "5814"],
        ]]])
        #expect(body["Links"] == ["Self": "https://api.lango.example/open-banking/v3.1/aisp/accounts/C0001-KES-1/transactions"])
    }

    @Test func transactionBasicHidesNarrativeBalanceAndMerchant() {
        let page = TransactionPage(transactions: [Self.cardPayment], totalCount: 1, firstAvailable: nil, lastAvailable: nil)
        let paging = OBIEPaging(baseURL: "\(Self.base)/accounts/C0001-KES-1/transactions", preservedQuery: [], page: 1,
                                pageSize: 50, totalItems: 1)
        let body = OBIEAccountInformation.transactions(page, paging: paging, visibility: .basic)
        #expect(body["Data"]?["Transaction"]?[0]?.objectValue?.orderedKeys == [
            "AccountId", "TransactionId", "TransactionReference", "CreditDebitIndicator", "Status", "BookingDateTime",
            "ValueDateTime", "Amount", "BankTransactionCode",
        ])
        #expect(body["Meta"] == ["TotalPages": 1])
    }

    @Test func merchantDetailsOnlyWhenThereIsAMerchant() {
        var transfer = Self.cardPayment
        transfer.merchantName = nil
        transfer.merchantCategoryCode = nil
        transfer.bankTransactionCode = nil
        transfer.reference = nil
        let plain = OBIEAccountInformation.transaction(transfer, selfURL: Self.base)["Data"]?["Transaction"]?[0]
        #expect(plain?["MerchantDetails"] == nil && plain?["BankTransactionCode"] == nil)
        #expect(plain?["TransactionReference"] == nil)
        transfer.merchantCategoryCode = "54111"
        let oddCode = OBIEAccountInformation.transaction(transfer, selfURL: Self.base)["Data"]?["Transaction"]?[0]
        #expect(oddCode?["MerchantDetails"] == nil)
    }

    @Test func transactionsCarryPagingLinksAndAvailability() {
        let page = TransactionPage(transactions: [Self.cardPayment], totalCount: 120,
                                   firstAvailable: ISO8601.parse("2025-03-01T00:37:11Z"),
                                   lastAvailable: ISO8601.parse("2026-02-28T21:10:00Z"))
        let paging = OBIEPaging(baseURL: "\(Self.base)/accounts/C0001-KES-1/transactions",
                                preservedQuery: [("fromBookingDateTime", "2025-06-01")], page: 2, pageSize: 50,
                                totalItems: 120)
        let body = OBIEAccountInformation.transactions(page, paging: paging, visibility: .detail)
        let link = { (page: Int) -> JSONValue in
            .string("\(Self.base)/accounts/C0001-KES-1/transactions?page=\(page)&fromBookingDateTime=2025-06-01")
        }
        #expect(body["Links"] == ["Self": link(2), "First": link(1), "Prev": link(1), "Next": link(3), "Last": link(3)])
        #expect(body["Meta"] == [
            "TotalPages": 3, "FirstAvailableDateTime": "2025-03-01T00:37:11+00:00",
            "LastAvailableDateTime": "2026-02-28T21:10:00+00:00",
        ])
    }

    @Test func partyWithAddressAndOptionalPhone() {
        let party = Party(
            id: "PTY-C0002", customerID: "C0002", name: "Otieno Ochieng", fullLegalName: "Samuel Otieno Ochieng",
            partyType: "Sole", emailAddress: "s.otieno@example.co.ke", mobile: "+254-722613945",
            address: PostalAddress(addressLine: ["1", "", "2", "3", "4", "5", "6"], townName: "Kisumu", country: "KE"))
        let body = OBIEAccountInformation.party(party, selfURL: "\(Self.base)/party")
        #expect(body["Data"] == ["Party": [
            "PartyId": "PTY-C0002", "PartyNumber": "C0002", "PartyType": "Sole", "Name": "Otieno Ochieng",
            "FullLegalName": "Samuel Otieno Ochieng", "EmailAddress": "s.otieno@example.co.ke", "Mobile": "+254-722613945",
            "Address": [["AddressLine": ["1", "2", "3", "4", "5"], "TownName": "Kisumu", "Country": "KE"]],
        ]])
    }

    // MARK: The proof: every body kind, rendered from the sandbox bank, against the official schemas

    @Test func everyBodyConformsToTheOfficialSchemas() async throws {
        let bank = SandboxBank(ledger: InMemorySandboxLedger(), clock: { Self.now })
        try await bank.bootstrap(anchor: Self.anchor)
        var documents: [OBIESchemaValidator.Document] = []
        func add(_ label: String, _ schema: String, _ body: JSONValue, items: (String, String)? = nil) {
            documents += OBIESchemaValidator.documents(label: label, schema: schema, body: body, items: items)
        }
        var transactionsRendered = 0
        for customerID in ["C0001", "C0002", "C0003", "C0004", "C0005"] {
            let context = CoreRequestContext(scope: CustomerScope(customerID: customerID), timeout: .seconds(1),
                                             interactionID: "test-\(customerID)")
            add("\(customerID) party", "OBReadParty2",
                OBIEAccountInformation.party(try await bank.party(context), selfURL: "\(Self.base)/party"))
            let accounts = try await bank.accounts(context)
            add("\(customerID) accounts basic", "OBReadAccount6",
                OBIEAccountInformation.accounts(accounts, selfURL: "\(Self.base)/accounts", visibility: .basic),
                items: ("Account", "OBAccount6Basic"))
            add("\(customerID) accounts detail", "OBReadAccount6",
                OBIEAccountInformation.accounts(accounts, selfURL: "\(Self.base)/accounts", visibility: .detail),
                items: ("Account", "OBAccount6Detail"))
            for account in accounts {
                let url = "\(Self.base)/accounts/\(account.id)"
                add("\(account.id) basic", "OBReadAccount6",
                    OBIEAccountInformation.account(account, selfURL: url, visibility: .basic),
                    items: ("Account", "OBAccount6Basic"))
                add("\(account.id) detail", "OBReadAccount6",
                    OBIEAccountInformation.account(account, selfURL: url, visibility: .detail),
                    items: ("Account", "OBAccount6Detail"))
                add("\(account.id) balances", "OBReadBalance1",
                    OBIEAccountInformation.balances(try await bank.balances(account.id, context), selfURL: url + "/balances"))

                // Every page of the whole history, in both visibilities, plus one page past the end.
                let total = try await bank.transactions(account.id, TransactionQuery(limit: 0), context).totalCount
                let pageSize = 100
                let pages = (total + pageSize - 1) / pageSize
                for number in 1...(pages + 1) {
                    let paging = OBIEPaging(baseURL: url + "/transactions", preservedQuery: [], page: number,
                                            pageSize: pageSize, totalItems: total)
                    let page = try await bank.transactions(
                        account.id, TransactionQuery(offset: paging.offset, limit: pageSize), context)
                    transactionsRendered += page.transactions.count
                    for (visibility, schema) in [(TransactionVisibility.basic, "OBTransaction6Basic"), (.detail, "OBTransaction6Detail")] {
                        add("\(account.id) transactions \(visibility) page \(number)", "OBReadTransaction6",
                            OBIEAccountInformation.transactions(page, paging: paging, visibility: visibility),
                            items: ("Transaction", schema))
                    }
                }

                // A booking-date window given with zones, carried into the links.
                let from = "2025-06-01T00:00:00+03:00", to = "2025-08-31"
                let window = try OBIEBookingWindow.parse(from: from, to: to)
                let windowTotal = try await bank.transactions(
                    account.id, TransactionQuery(from: window.from, to: window.to, limit: 0), context).totalCount
                let paging = OBIEPaging(baseURL: url + "/transactions",
                                        preservedQuery: [("fromBookingDateTime", from), ("toBookingDateTime", to)],
                                        page: 2, pageSize: 10, totalItems: windowTotal)
                let windowed = try await bank.transactions(
                    account.id, TransactionQuery(from: window.from, to: window.to, offset: paging.offset, limit: 10), context)
                add("\(account.id) windowed page 2", "OBReadTransaction6",
                    OBIEAccountInformation.transactions(windowed, paging: paging, visibility: .detail))
            }
            let posted = try await bank.postTransaction(
                accounts[0].id, TransactionPosting(amount: Money(decimal: "150.00", currency: accounts[0].currency)!,
                                                   creditDebit: .credit, information: "SANDBOX TEST DEPOSIT",
                                                   reference: "TEST-1"), context)
            add("\(customerID) posted transaction", "OBReadTransaction6",
                OBIEAccountInformation.transaction(posted, selfURL: "\(Self.base)/accounts/\(accounts[0].id)/transactions"),
                items: ("Transaction", "OBTransaction6Detail"))
        }
        for (index, response) in Self.errorResponses().enumerated() {
            add("error \(index) (\(response.status))", "OBErrorResponse1", response.json)
            documents.append(OBIESchemaValidator.Document(label: "error \(index) as PIS", spec: "payment-initiation",
                                                          schema: "OBErrorResponse1", body: response.json))
        }

        #expect(transactionsRendered == SandboxDataset.generate(anchor: Self.anchor).transactions.count)
        let outcome = try await OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.hasSuffix("obie-validate: \(documents.count) document(s), 0 failed\n"), "\(outcome.output)")
    }

    /// Error bodies of every kind the gateway sends, including ones that need cutting down.
    private static func errorResponses() -> [OBIEErrorResponse] {
        let interaction = "93bac548-d2de-4546-b106-880a5018460d"
        let requestErrors: [OBIERequestError] = [
            .invalidPage("0"), .invalidDate(parameter: "toBookingDateTime", value: "yesterday"), .reversedWindow,
        ]
        var responses = requestErrors.map {
            OBIEErrorResponse(status: 400, id: interaction, message: "The request is invalid", errors: [$0.detail])
        }
        responses += [
            OBIEErrorResponse(status: 401, id: interaction, message: "The access token is invalid",
                              errors: [OBIEErrorDetail(errorCode: .headerInvalid, message: "Bearer token expired",
                                                       path: "Authorization")]),
            OBIEErrorResponse(status: 403, id: interaction, message: "The consent does not cover this account",
                              errors: [OBIEErrorDetail(errorCode: .resourceConsentMismatch, message: "Account not consented",
                                                       path: "AccountId", url: "https://docs.lango.example/errors#consent")]),
            OBIEErrorResponse(status: 404, id: interaction, message: "account C0001-KES-9 not found",
                              errors: [OBIEErrorDetail(errorCode: .resourceNotFound, message: "account C0001-KES-9 not found")]),
            OBIEErrorResponse(status: 422, id: interaction, message: "insufficient funds in account C0001-KES-1",
                              errors: [OBIEErrorDetail(errorCode: .fieldInvalid, message: "Amount exceeds the balance",
                                                       path: "Data.Amount")]),
            OBIEErrorResponse(status: 429, id: interaction, message: "Rate limit exceeded", errors: []),
            OBIEErrorResponse(status: 502, id: interaction, message: "core banking unavailable: connection refused",
                              errors: [OBIEErrorDetail(errorCode: .unexpectedError, message: "Upstream failed")]),
            OBIEErrorResponse(status: 504, id: interaction, message: "", errors: [OBIEErrorDetail(errorCode: .unexpectedError, message: "")]),
            OBIEErrorResponse(status: 499, id: String(repeating: "i", count: 80), message: String(repeating: "é", count: 900),
                              errors: [OBIEErrorDetail(errorCode: .fieldInvalid, message: String(repeating: "m", count: 700),
                                                       path: String(repeating: "p", count: 600))]),
            OBIEErrorResponse(status: 500, id: "", message: "Internal error",
                              errors: OBIEErrorCode.standard.map { OBIEErrorDetail(errorCode: $0, message: "\($0)") }),
        ]
        return responses
    }
}
