import Foundation
import LangoJSON
import NIOHTTP1
import Testing

/// The HTTP adapter against `lango core-sim` running as a separate process.
@Suite(.serialized) struct CoreSimTests {
    /// Starts a core simulator on its own database.
    func startCore(_ scratch: Scratch, latencyMilliseconds: Int = 0) async throws -> ServerProcess {
        try await ServerProcess([
            "core-sim", "--port", "0", "--database", scratch.path("core.db"), "--sandbox-anchor", GatewayFixture.anchor,
            "--latency-ms", String(latencyMilliseconds),
        ])
    }

    @Test func servesTheSameDataThroughTheHTTPAdapter() async throws {
        let coreScratch = try Scratch()
        let core = try await startCore(coreScratch)
        let remote = try await GatewayFixture(extraArguments: ["--core-url", core.baseURL])
        let local = try await GatewayFixture()
        let remoteKey = try await remote.createKey(app: try await remote.createApp(id: "app_remote"), scopes: allInternalScopes)
        let localKey = try await local.createKey(app: try await local.createApp(id: "app_local"), scopes: allInternalScopes)

        for path in [
            "/internal/v1/accounts", "/internal/v1/accounts/C0003-USD-1", "/internal/v1/accounts/C0003-USD-1/balances",
            "/internal/v1/accounts/C0003-KES-1/transactions?page=2", "/internal/v1/party",
        ] {
            let viaCore = try await remote.get(path, key: remoteKey, customer: "C0003")
            let inProcess = try await local.get(path, key: localKey, customer: "C0003")
            #expect(viaCore.status == 200, "\(path): \(viaCore.json)")
            // Same seed and anchor: the data match, but for the moment balances were read at.
            #expect(
                withoutTimes(viaCore.json["Data"]) == withoutTimes(inProcess.json["Data"]),
                "\(path) differs between the HTTP adapter and the sandbox")
        }
        let missing = try await remote.get("/internal/v1/accounts/C0001-KES-1", key: remoteKey, customer: "C0003")
        #expect(missing.status == 404)
        #expect(missing.errorCode == "UK.OBIE.Resource.NotFound")
    }

    /// `value` without its `DateTime` members (the time a balance was read).
    func withoutTimes(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .object(let object)?:
            return .object(JSONObject(object.filter { $0.key != "DateTime" }.map { ($0.key, withoutTimes($0.value) ?? .null) }))
        case .array(let elements)?:
            return .array(elements.map { withoutTimes($0) ?? .null })
        default:
            return value
        }
    }

    @Test func aDeadCoreIs502() async throws {
        let coreScratch = try Scratch()
        let core = try await startCore(coreScratch)
        let gateway = try await GatewayFixture(extraArguments: ["--core-url", core.baseURL])
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_orphan"), scopes: allInternalScopes)
        #expect(try await gateway.get("/internal/v1/accounts", key: key).status == 200)
        await core.stop()
        let response = try await gateway.get("/internal/v1/accounts", key: key)
        #expect(response.status == 502)
        #expect(response.errorCode == "LANGO.UpstreamUnavailable")
        #expect(response.header("x-fapi-interaction-id") != nil)
    }

    @Test func aSlowCoreIs504() async throws {
        let coreScratch = try Scratch()
        let core = try await startCore(coreScratch, latencyMilliseconds: 60_000)
        // The core answers after a minute; this rule gives up after 300 ms, so only a gateway that
        // stops waiting can answer 504 (one that waited would get the core's 200).
        let policies = try Scratch()
        try policies.write("fast.json", """
            { "policy": "impatient", "version": 1, "rules": [ {
                "id": "impatient.accounts", "match": { "method": "GET", "path": "/internal/v1/accounts" },
                "auth": { "type": "api_key", "scopes": ["accounts:read"], "customer": "required" },
                "upstream": { "adapter": "core", "operation": "accounts", "timeout_ms": 300 } } ] }
            """)
        let gateway = try await GatewayFixture(policies: policies.url.path, extraArguments: ["--core-url", core.baseURL])
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_waiting"), scopes: ["accounts:read"])
        let response = try await gateway.get("/internal/v1/accounts", key: key)
        #expect(response.status == 504)
        #expect(response.errorCode == "LANGO.UpstreamTimeout")
    }

    @Test func aGatewayWhoseServiceTLSCannotBeReadDoesNotStart() async throws {
        let missing = try Scratch().path("bank-ca.pem")
        let error = await #expect(throws: HarnessError.self) {
            try await GatewayFixture(
                extraConfiguration: #", "adapters": { "core": { "type": "core-http", "url": "https://core.bank.internal", "tls": { "ca_file": "\#(missing)" } } }"#)
        }
        #expect(
            error?.description.contains("adapters.core.tls.ca_file: \(missing) cannot be read as PEM certificates") == true,
            "\(error.map(String.init(describing:)) ?? "started")")
    }

    @Test func theCoreContractRejectsBadQueries() async throws {
        let scratch = try Scratch()
        let core = try await startCore(scratch)
        let health = try await HTTP.send(.GET, core.baseURL + "/core/v1/health")
        #expect(health.status == 200)
        let bad = try await HTTP.send(.GET, core.baseURL + "/core/v1/customers/C0001/accounts/C0001-KES-1/transactions?from=soon")
        #expect(bad.status == 400)
        #expect(bad.json["error"] == "invalidRequest")
        let other = try await HTTP.send(.GET, core.baseURL + "/core/v1/customers/C0001/accounts/C0002-KES-1")
        #expect(other.status == 404)
    }
}
