import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LangoGateway
import LangoIdentity
import LangoJSON
import LangoPolicy
import Testing

@Suite struct GatewayPipelineTests {
    @Test func allowsAndRecordsTheDecision() async throws {
        let harness = try await GatewayHarness.make(policies: ["test.json": policy()])
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client in
            let response = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: .caller(key: key))
            #expect(response.status == .ok)
            #expect(response.json["Data"]?["Account"]?.arrayValue?.isEmpty == false)
        }
        let record = try #require(harness.decisions.records.last)
        #expect(record.outcome == "allow")
        #expect(record.ruleID == "test.rule")
        #expect(record.policyID == "test")
        #expect(record.appID == "app_test")
        #expect(record.customerID == "C0001")
        #expect(record.upstream == "core.accounts")
        #expect(record.status == 200)
        #expect(record.policyRevision == harness.gateway.policyRevision)
        #expect(record.upstreamMicroseconds != nil)
    }

    @Test func shadowModeLetsADeniedRequestThroughAndRecordsTheDenial() async throws {
        let harness = try await GatewayHarness.make(policies: ["test.json": policy(extraRuleFields: #", "mode": "shadow""#)])
        let key = try await harness.key(scopes: ["party:read"])
        try await harness.test { client in
            let response = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: .caller(key: key))
            #expect(response.status == .ok)
        }
        let record = try #require(harness.decisions.records.last)
        #expect(record.outcome == "allow")
        #expect(record.mode == "shadow")
        #expect(record.shadowed == ["scope_missing"])
    }

    @Test func anUnavailableKeyStoreFailsClosedUnlessThePolicySaysOtherwise() async throws {
        let offline = OfflineIdentityStore()
        let closed = try await GatewayHarness.make(policies: ["test.json": policy()], identity: offline)
        try await closed.test { client in
            let response = try await client.execute(
                uri: "/internal/v1/accounts", method: .get, headers: .caller(key: "lango_live_" + String(repeating: "a", count: 32)))
            #expect(response.status == .serviceUnavailable)
            #expect(response.header("x-lango-reason") == "evaluation_error")
        }
        let open = try await GatewayHarness.make(
            policies: ["test.json": policy(extraRuleFields: #", "on_error": "allow""#)], identity: offline)
        try await open.test { client in
            let response = try await client.execute(
                uri: "/internal/v1/accounts", method: .get, headers: .caller(key: "lango_live_" + String(repeating: "a", count: 32)))
            #expect(response.status == .ok)
        }
    }

    @Test func anIdempotencyRuleRunsARequestOnceAndGivesRepeatsItsAnswer() async throws {
        let harness = try await GatewayHarness.make(policies: ["test.json": policy(extraRuleFields: #", "idempotency": { "ttl_hours": 24 }"#)])
        let key = try await harness.key(scopes: ["accounts:read"])
        @Sendable func call(_ idempotencyKey: String?) -> HTTPFields {
            var fields = HTTPFields.caller(key: key)
            if let idempotencyKey { fields[HTTPField.Name("x-idempotency-key")!] = idempotencyKey }
            return fields
        }
        try await harness.test { client in
            let missing = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: call(nil))
            #expect(missing.status == .badRequest)
            #expect(missing.header("x-lango-reason") == "idempotency_key_missing")
            #expect(missing.errorCode == "UK.OBIE.Header.Missing")
            let invalid = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: call(String(repeating: "k", count: 41)))
            #expect(invalid.header("x-lango-reason") == "idempotency_key_invalid")

            let first = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: call("key-1"))
            #expect(first.status == .ok)
            #expect(first.header("x-lango-idempotent-replay") == nil)
            let repeated = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: call("key-1"))
            #expect(repeated.status == .ok)
            #expect(repeated.header("x-lango-idempotent-replay") == "true")
            #expect(repeated.json == first.json, "the stored answer, byte for byte")
            #expect(repeated.header("content-type") == first.header("content-type"))
            #expect(repeated.header("x-fapi-interaction-id") != first.header("x-fapi-interaction-id"), "each request keeps its own interaction id")

            let other = try await client.execute(uri: "/internal/v1/accounts?page=2", method: .get, headers: call("key-1"))
            #expect(other.status == .badRequest)
            #expect(other.header("x-lango-reason") == "idempotency_key_reused")
        }
        let records = harness.decisions.records
        #expect(records.filter { $0.upstreamMicroseconds != nil }.count == 1, "the upstream was called once")
        #expect(records.map(\.reason).contains("idempotent_replay"))
    }

    @Test func explicitDenyRulesWinOverTheAllowRule() async throws {
        let deny = """
            , { "id": "test.block-app", "effect": "deny", "match": { "method": "*", "path": "/internal/{*rest}" },
                "when": { "apps": ["app_blocked"] }, "deny": { "status": 403, "message": "this app is blocked" } }
            """
        let harness = try await GatewayHarness.make(policies: ["test.json": policy(extraRules: deny)])
        let blocked = try await harness.key(app: "app_blocked", scopes: ["accounts:read"])
        let allowed = try await harness.key(app: "app_fine", scopes: ["accounts:read"])
        try await harness.test { client in
            let refused = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: .caller(key: blocked))
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "LANGO.DeniedByRule")
            #expect(refused.json["Message"] == "this app is blocked")
            let served = try await client.execute(uri: "/internal/v1/accounts", method: .get, headers: .caller(key: allowed))
            #expect(served.status == .ok)
        }
    }

    @Test func enforcesTheRulesBodyLimitAndMediaType() async throws {
        let post = policy(
            method: "POST", path: "/internal/v1/sandbox/accounts/{AccountId}/transactions", scopes: ["sandbox:write"],
            operation: "post-transaction", extraRuleFields: #", "body": { "max_bytes": 64 }"#)
        let harness = try await GatewayHarness.make(policies: ["test.json": post])
        let key = try await harness.key(environment: .sandbox, scopes: ["sandbox:write"])
        let json = {
            var fields = HTTPFields.caller(key: key)
            fields[.contentType] = "application/json"
            return fields
        }()
        try await harness.test { client in
            let uri = "/internal/v1/sandbox/accounts/C0001-KES-1/transactions"
            let large = try await client.execute(
                uri: uri, method: .post, headers: json, body: ByteBuffer(bytes: [UInt8](repeating: 32, count: 65)))
            #expect(large.status == .contentTooLarge)
            var text = HTTPFields.caller(key: key)
            text[.contentType] = "text/plain"
            let wrongType = try await client.execute(uri: uri, method: .post, headers: text, body: ByteBuffer(string: "{}"))
            #expect(wrongType.status == .unsupportedMediaType)
            let missing = try await client.execute(uri: uri, method: .post, headers: json, body: ByteBuffer(string: #"{"Data": {}}"#))
            #expect(missing.status == .badRequest)
            #expect(missing.errorCode == "UK.OBIE.Field.Missing")
            #expect(missing.json["Errors"]?[0]?["Path"]?.stringValue?.hasPrefix("Data.") == true)
        }
    }

    @Test func unknownPathsOutsideThePoliciesReachThePlatformRoutes() async throws {
        let harness = try await GatewayHarness.make(policies: ["test.json": policy()])
        try await harness.test { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.header("x-fapi-interaction-id") != nil)
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.json["policy_revision"]?.stringValue == harness.gateway.policyRevision)
            let elsewhere = try await client.execute(uri: "/favicon.ico", method: .get)
            #expect(elsewhere.status == .notFound)
            #expect(elsewhere.header("content-type") == "application/problem+json")
            let claimed = try await client.execute(uri: "/internal/v2/whatever", method: .get)
            #expect(claimed.status == .notFound)
            #expect(claimed.errorCode == "UK.OBIE.Resource.NotFound")
        }
        #expect(harness.decisions.records.map(\.reason) == ["no_route"])
    }
}

/// An identity store whose every read fails, as when the database is down.
struct OfflineIdentityStore: IdentityStore {
    struct Offline: Error {}
    func insertApp(_ app: App) async throws { throw Offline() }
    func app(id: String) async throws -> App? { throw Offline() }
    func apps() async throws -> [App] { throw Offline() }
    func updateApp(_ app: App) async throws { throw Offline() }
    func insertKey(_ key: APIKey) async throws { throw Offline() }
    func key(id: String) async throws -> APIKey? { throw Offline() }
    func key(hash: String) async throws -> APIKey? { throw Offline() }
    func keys(appID: String?) async throws -> [APIKey] { throw Offline() }
    func updateKey(_ key: APIKey) async throws { throw Offline() }
    func replaceKey(_ replaced: APIKey, with replacement: APIKey) async throws { throw Offline() }
}
