import Foundation
import LangoJSON
import NIOHTTP1
import Testing

/// The internal API against the in-process sandbox bank, through the real binary.
@Suite(.serialized) struct SandboxRoutesTests {
    @Test func readsAccountsBalancesTransactionsAndParty() async throws {
        let gateway = try await GatewayFixture()
        let app = try await gateway.createApp(id: "app_copilot")
        let key = try await gateway.createKey(app: app, scopes: allInternalScopes)

        let accounts = try await gateway.get("/internal/v1/accounts", key: key)
        #expect(accounts.status == 200)
        #expect(accounts.header("content-type")?.hasPrefix("application/json") == true)
        let list = try #require(accounts.json["Data"]?["Account"]?.arrayValue)
        #expect((2...4).contains(list.count))
        #expect(list.contains { $0["Currency"] == "USD" })
        #expect(accounts.json["Links"]?["Self"]?.stringValue == gateway.baseURL + "/internal/v1/accounts")
        let accountID = try #require(list.first?["AccountId"]?.stringValue)

        let account = try await gateway.get("/internal/v1/accounts/\(accountID)", key: key)
        #expect(account.status == 200)
        #expect(account.json["Data"]?["Account"]?[0]?["AccountId"]?.stringValue == accountID)

        let balances = try await gateway.get("/internal/v1/accounts/\(accountID)/balances", key: key)
        #expect(balances.status == 200)
        let types = balances.json["Data"]?["Balance"]?.arrayValue?.compactMap { $0["Type"]?.stringValue }
        #expect(types?.contains("InterimBooked") == true)

        let transactions = try await gateway.get("/internal/v1/accounts/\(accountID)/transactions", key: key)
        #expect(transactions.status == 200)
        #expect(transactions.json["Data"]?["Transaction"]?.arrayValue?.isEmpty == false)
        #expect(transactions.json["Meta"]?["TotalPages"]?.integerValue.map { $0 >= 1 } == true)

        let party = try await gateway.get("/internal/v1/party", key: key)
        #expect(party.status == 200)
        #expect(party.json["Data"]?["Party"]?["PartyId"]?.stringValue?.isEmpty == false)
    }

    @Test func pagesAndFiltersTransactionsByBookingDate() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_pager"), scopes: allInternalScopes)
        let path = "/internal/v1/accounts/C0001-KES-1/transactions"

        let first = try await gateway.get(path, key: key)
        let pages = try #require(first.json["Meta"]?["TotalPages"]?.integerValue)
        #expect(pages > 1, "a year on the main account spans several pages")
        #expect(first.json["Links"]?["Next"]?.stringValue?.hasSuffix("page=2") == true)
        #expect(first.json["Links"]?["Prev"] == nil)

        let second = try await gateway.get(path + "?page=2", key: key)
        #expect(second.status == 200)
        let firstIDs = Set(first.json["Data"]?["Transaction"]?.arrayValue?.compactMap { $0["TransactionId"]?.stringValue } ?? [])
        let secondIDs = Set(second.json["Data"]?["Transaction"]?.arrayValue?.compactMap { $0["TransactionId"]?.stringValue } ?? [])
        #expect(!secondIDs.isEmpty && firstIDs.isDisjoint(with: secondIDs))
        #expect(second.json["Links"]?["Prev"]?.stringValue?.contains("page=1") == true)

        let window = "?fromBookingDateTime=2026-08-01T00:00:00&toBookingDateTime=2026-08-31T23:59:59"
        let august = try await gateway.get(path + window, key: key)
        #expect(august.status == 200)
        let dates = august.json["Data"]?["Transaction"]?.arrayValue?.compactMap { $0["BookingDateTime"]?.stringValue } ?? []
        #expect(!dates.isEmpty)
        #expect(dates.allSatisfy { $0.hasPrefix("2026-08-") }, "\(dates)")
        #expect(august.json["Links"]?["Self"]?.stringValue?.contains("fromBookingDateTime=2026-08-01") == true)

        let beyond = try await gateway.get(path + "?page=\(pages + 1)", key: key)
        #expect(beyond.status == 400)
        #expect(beyond.errorCode == "UK.OBIE.Field.Invalid")

        let badDate = try await gateway.get(path + "?fromBookingDateTime=last-week", key: key)
        #expect(badDate.status == 400)
        #expect(badDate.errorCode == "UK.OBIE.Field.InvalidDate")
    }

    @Test func anotherCustomersAccountIsNotFound() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_nosy"), scopes: allInternalScopes)
        let response = try await gateway.get("/internal/v1/accounts/C0002-KES-1/balances", key: key, customer: "C0001")
        #expect(response.status == 404)
        #expect(response.errorCode == "UK.OBIE.Resource.NotFound")
    }

    @Test func postsTestTransactionsAndRejectsMalformedBodiesWithoutWriting() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_tester", environment: "sandbox"), scopes: allInternalScopes)
        let account = "/internal/v1/accounts/C0001-KES-1"
        let target = gateway.baseURL + "/internal/v1/sandbox/accounts/C0001-KES-1/transactions"
        let headers = [("x-api-key", key), ("x-lango-customer-id", "C0001"), ("content-type", "application/json")]

        // The booked balance and the newest transaction: a write would change both.
        func snapshot() async throws -> (balance: String?, newest: String?) {
            let balances = try await gateway.get(account + "/balances", key: key)
            let booked = balances.json["Data"]?["Balance"]?.arrayValue?.first { $0["Type"] == "InterimBooked" }
            let transactions = try await gateway.get(account + "/transactions", key: key)
            return (booked?["Amount"]?["Amount"]?.stringValue, transactions.json["Data"]?["Transaction"]?[0]?["TransactionId"]?.stringValue)
        }

        let before = try await snapshot()
        for body in [#"{"Data": {"CreditDebitIndicator": "Credit", "#, "not json", #"{"Data": {"CreditDebitIndicator": "Credit", "Amount": {"Amount": "10.00", "Currency": "KES"}, "TransactionInformation": "x", "Extra": 1}}"#, #"{"Data": {"CreditDebitIndicator": "Credit", "Amount": {"Amount": "-5", "Currency": "KES"}, "TransactionInformation": "x"}}"#] {
            let response = try await HTTP.send(.POST, target, headers: headers + [("x-idempotency-key", "bad-body")], body: Array(body.utf8))
            #expect(response.status == 400, "\(body)")
            #expect(response.json["Errors"]?.arrayValue?.isEmpty == false)
        }
        let afterRejects = try await snapshot()
        #expect(afterRejects.balance == before.balance)
        #expect(afterRejects.newest == before.newest)

        let valid = #"{"Data": {"CreditDebitIndicator": "Credit", "Amount": {"Amount": "1500.00", "Currency": "KES"}, "TransactionInformation": "Sandbox top-up"}}"#
        // The refusals kept nothing under their key: the corrected request runs under it.
        let created = try await HTTP.send(.POST, target, headers: headers + [("x-idempotency-key", "bad-body")], body: Array(valid.utf8))
        #expect(created.status == 201)
        let after = try await snapshot()
        #expect(after.newest != before.newest)
        let beforeAmount = try #require(before.balance.flatMap(Double.init))
        let afterAmount = try #require(after.balance.flatMap(Double.init))
        #expect(abs(afterAmount - beforeAmount - 1500) < 0.001)
    }

    @Test func productionAppsCannotWriteSandboxTestData() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_prod"), scopes: allInternalScopes)
        let response = try await HTTP.send(
            .POST, gateway.baseURL + "/internal/v1/sandbox/accounts/C0001-KES-1/transactions",
            headers: [("x-api-key", key), ("x-lango-customer-id", "C0001"), ("content-type", "application/json")],
            body: Array(#"{"Data": {}}"#.utf8))
        #expect(response.status == 403)
        #expect(response.header("x-lango-reason") == "denied_by_rule")
    }
}
