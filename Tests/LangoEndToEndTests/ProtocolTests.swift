import Foundation
import LangoJSON
import NIOHTTP1
import Testing

/// HTTP-level behaviour: unknown routes, wrong methods, body limits, interaction ids, the
/// decision log.
@Suite(.serialized) struct ProtocolTests {
    @Test func unknownRoutesWrongMethodsAndLargeBodies() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_http", environment: "sandbox"), scopes: allInternalScopes)

        let unknown = try await gateway.get("/internal/v1/nothing-here", key: key)
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "UK.OBIE.Resource.NotFound")
        #expect(unknown.json["Code"]?.stringValue?.hasPrefix("404") == true)

        let wrongMethod = try await HTTP.send(.DELETE, gateway.baseURL + "/internal/v1/accounts", headers: [("x-api-key", key)])
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("allow") == "GET")
        #expect(wrongMethod.json["Errors"]?.arrayValue?.count == 1)

        let large = try await HTTP.send(
            .POST, gateway.baseURL + "/internal/v1/sandbox/accounts/C0001-KES-1/transactions",
            headers: [("x-api-key", key), ("x-lango-customer-id", "C0001"), ("content-type", "application/json"), ("x-idempotency-key", "big")],
            body: Array(repeating: UInt8(ascii: " "), count: 20_000))
        #expect(large.status == 413)
        #expect(large.errorCode == "LANGO.BodyTooLarge")

        let platform404 = try await HTTP.send(.GET, gateway.baseURL + "/elsewhere")
        #expect(platform404.status == 404)
        #expect(platform404.header("content-type") == "application/problem+json")
    }

    @Test func everyResponseCarriesTheInteractionID() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_ids"), scopes: allInternalScopes)
        let mine = "3f0a6f1e-2b7c-4d89-9a51-6b0f1b2c3d4e"
        let paths = ["/internal/v1/accounts", "/internal/v1/nothing", "/health", "/elsewhere", "/internal/v1/accounts/C0009-KES-1"]
        for path in paths {
            let echoed = try await gateway.get(path, key: key, headers: [("x-fapi-interaction-id", mine)])
            #expect(echoed.header("x-fapi-interaction-id") == mine, "\(path)")
            let generated = try await gateway.get(path, key: key)
            #expect(UUID(uuidString: generated.header("x-fapi-interaction-id") ?? "") != nil, "\(path)")
        }
        let unauthenticated = try await gateway.get("/internal/v1/accounts", key: nil)
        #expect(unauthenticated.header("x-fapi-interaction-id") != nil)
        let badID = try await gateway.get("/internal/v1/accounts", key: key, headers: [("x-fapi-interaction-id", "has space")])
        #expect(badID.status == 400)
        #expect(badID.errorCode == "UK.OBIE.Header.Invalid")
        #expect(badID.header("x-fapi-interaction-id") != nil)
    }

    @Test func decisionsAreLoggedAsJSONLines() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_logged"), scopes: ["accounts:read"])
        _ = try await gateway.get("/internal/v1/accounts", key: key, headers: [("x-fapi-interaction-id", "trace-allow")])
        _ = try await gateway.get("/internal/v1/party", key: key, headers: [("x-fapi-interaction-id", "trace-deny")])
        var lines: [JSONValue] = []
        for _ in 0..<50 where lines.count < 2 {
            try await Task.sleep(for: .milliseconds(100))
            lines = try gateway.decisions()
        }
        let allow = try #require(lines.first { $0["interaction_id"] == "trace-allow" })
        #expect(allow["outcome"] == "allow")
        #expect(allow["rule"] == "internal.accounts.list")
        #expect(allow["status"] == 200)
        #expect(allow["app"] == "app_logged")
        #expect(allow["upstream"] == "core.accounts")
        #expect(allow["revision"]?.stringValue?.count == 16)
        #expect(allow["latency_us"]?.integerValue.map { $0 > 0 } == true)
        let deny = try #require(lines.first { $0["interaction_id"] == "trace-deny" })
        #expect(deny["outcome"] == "deny")
        #expect(deny["reason"] == "scope_missing")
        #expect(deny["status"] == 403)
    }
}
