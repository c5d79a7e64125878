import Foundation
import LangoJSON
import NIOHTTP1
import Testing

/// `x-idempotency-key` on the sandbox's posting route, against the real binary: a repeat gets
/// the first answer and posts nothing, a different request under the key is refused, and
/// concurrent duplicates — on one node or two sharing the store — post exactly once.
@Suite struct IdempotencyEndToEndTests {
    static let account = "C0001-KES-1"
    static let target = "/internal/v1/sandbox/accounts/\(account)/transactions"

    static func body(amount: String) -> [UInt8] {
        Array(#"{"Data": {"CreditDebitIndicator": "Credit", "Amount": {"Amount": "\#(amount)", "Currency": "KES"}, "TransactionInformation": "Idempotency test"}}"#.utf8)
    }

    static func headers(key: String, idempotencyKey: String) -> [(String, String)] {
        [("x-api-key", key), ("x-lango-customer-id", "C0001"), ("content-type", "application/json"), ("x-idempotency-key", idempotencyKey)]
    }

    /// The account's booked balance, in minor units, as the gateway reports it.
    static func balance(_ gateway: GatewayFixture, key: String) async throws -> Int {
        let balances = try await gateway.get("/internal/v1/accounts/\(account)/balances", key: key)
        let booked = balances.json["Data"]?["Balance"]?.arrayValue?.first { $0["Type"] == "InterimBooked" }
        let amount = try #require(booked?["Amount"]?["Amount"]?.stringValue)
        let sign = booked?["CreditDebitIndicator"] == "Debit" ? -1 : 1
        return sign * Int((try #require(Double(amount)) * 100).rounded())
    }

    static func post(_ gateway: GatewayFixture, key: String, idempotencyKey: String, amount: String) async throws -> HTTPResult {
        try await HTTP.send(
            .POST, gateway.baseURL + target, headers: headers(key: key, idempotencyKey: idempotencyKey), body: body(amount: amount))
    }

    @Test func aRepeatGetsTheFirstAnswerAndADifferentRequestIsRefused() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_tester", environment: "sandbox"), scopes: allInternalScopes)
        let before = try await Self.balance(gateway, key: key)

        let first = try await Self.post(gateway, key: key, idempotencyKey: "top-up-1", amount: "100.00")
        #expect(first.status == 201)
        let transactionID = try #require(first.json["Data"]?["Transaction"]?[0]?["TransactionId"]?.stringValue)
        let repeated = try await Self.post(gateway, key: key, idempotencyKey: "top-up-1", amount: "100.00")
        #expect(repeated.status == 201)
        #expect(repeated.header("x-lango-idempotent-replay") == "true")
        #expect(repeated.body == first.body, "the first answer, byte for byte")
        #expect(repeated.json["Data"]?["Transaction"]?[0]?["TransactionId"]?.stringValue == transactionID)
        #expect(try await Self.balance(gateway, key: key) == before + 10_000, "posted once")

        let different = try await Self.post(gateway, key: key, idempotencyKey: "top-up-1", amount: "999.00")
        #expect(different.status == 400)
        #expect(different.header("x-lango-reason") == "idempotency_key_reused")
        #expect(different.errorCode == "UK.OBIE.Header.Invalid")
        #expect(try await Self.balance(gateway, key: key) == before + 10_000, "nothing changed")

        let missing = try await HTTP.send(
            .POST, gateway.baseURL + Self.target,
            headers: [("x-api-key", key), ("x-lango-customer-id", "C0001"), ("content-type", "application/json")],
            body: Self.body(amount: "1.00"))
        #expect(missing.status == 400)
        #expect(missing.errorCode == "UK.OBIE.Header.Missing")

        // Keys belong to the app: another app's same key is its own request.
        let otherKey = try await gateway.createKey(app: try await gateway.createApp(id: "app_other", environment: "sandbox"), scopes: allInternalScopes)
        let other = try await Self.post(gateway, key: otherKey, idempotencyKey: "top-up-1", amount: "100.00")
        #expect(other.status == 201)
        #expect(other.json["Data"]?["Transaction"]?[0]?["TransactionId"]?.stringValue != transactionID)
    }

    @Test func concurrentDuplicatesPostOnce() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_tester", environment: "sandbox"), scopes: allInternalScopes)
        let before = try await Self.balance(gateway, key: key)
        let answers = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
            for _ in 0..<12 {
                group.addTask { try await Self.post(gateway, key: key, idempotencyKey: "burst-1", amount: "25.00") }
            }
            return try await group.reduce(into: [HTTPResult]()) { $0.append($1) }
        }
        #expect(answers.map(\.status) == Array(repeating: 201, count: 12), "\(answers.map(\.status))")
        #expect(Set(answers.compactMap { $0.json["Data"]?["Transaction"]?[0]?["TransactionId"]?.stringValue }).count == 1)
        #expect(answers.filter { $0.header("x-lango-idempotent-replay") == nil }.count == 1, "one ran, the rest were given its answer")
        #expect(try await Self.balance(gateway, key: key) == before + 2_500)
    }

    @Test func twoNodesSharingTheStorePostOnce() async throws {
        let first = try await GatewayFixture()
        let second = try await GatewayFixture(dataDirectory: first.dataDirectory)
        let key = try await first.createKey(app: try await first.createApp(id: "app_tester", environment: "sandbox"), scopes: allInternalScopes)
        let before = try await Self.balance(first, key: key)
        let answers = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
            for index in 0..<12 {
                let node = index.isMultiple(of: 2) ? first : second
                group.addTask { try await Self.post(node, key: key, idempotencyKey: "two-nodes-1", amount: "7.00") }
            }
            return try await group.reduce(into: [HTTPResult]()) { $0.append($1) }
        }
        #expect(answers.map(\.status) == Array(repeating: 201, count: 12), "\(answers.map(\.status))")
        #expect(Set(answers.compactMap { $0.json["Data"]?["Transaction"]?[0]?["TransactionId"]?.stringValue }).count == 1)
        #expect(try await Self.balance(second, key: key) == before + 700, "posted once across both nodes")
        let later = try await Self.post(second, key: key, idempotencyKey: "two-nodes-1", amount: "7.00")
        #expect(later.header("x-lango-idempotent-replay") == "true")
    }
}
