import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LangoGateway
import LangoJSON
import LangoPolicy
import Testing

/// The `http` adapter: requests passed through to a live upstream.
@Suite struct ForwardingTests {
    /// An upstream that answers with what it received.
    static func echoRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("**") { request, _ in echo(request) }
        router.post("**") { request, _ in echo(request) }
        return router
    }

    static func echo(_ request: Request) -> Response {
        var headers = JSONObject()
        for field in request.headers { headers[field.name.canonicalName] = .string(field.value) }
        let body: JSONValue = ["method": .string(request.method.rawValue), "path": .string(request.uri.path),
                               "query": .string(request.uri.query ?? ""), "headers": .object(headers)]
        return Response(status: .ok, headers: [.contentType: "application/json", .init("x-upstream")!: "echo", .connection: "close"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }

    static func forwardingPolicy() -> String {
        """
        { "policy": "svc", "version": 1, "rules": [
          { "id": "svc.forward", "match": { "method": ["GET", "POST"], "path": "/svc/v1/{*rest}" },
            "auth": { "type": "api_key", "scopes": ["accounts:read"] },
            "upstream": { "adapter": "svc", "operation": "forward", "path": "/upstream/{rest}", "timeout_ms": 15000 } } ] }
        """
    }

    @Test func passesRequestsThroughWithTheRewrittenPathAndWithoutCredentials() async throws {
        let upstream = Application(router: Self.echoRouter())
        try await upstream.test(.live) { upstreamClient in
            var configuration = GatewayConfiguration()
            configuration.adapters["svc"] = .http(HTTPServiceConfiguration(url: "http://127.0.0.1:\(upstreamClient.port!)", connections: 4))
            let harness = try await GatewayHarness.make(policies: ["svc.json": Self.forwardingPolicy()], configuration: configuration)
            let key = try await harness.key(scopes: ["accounts:read"])
            try await harness.test { client in
                var headers = HTTPFields.caller(key: key)
                headers[HTTPField.Name("x-custom")!] = "kept"
                let response = try await client.execute(uri: "/svc/v1/things/42?expand=all", method: .get, headers: headers)
                #expect(response.status == .ok)
                #expect(response.header("x-upstream") == "echo")
                #expect(response.header("connection") == nil)
                let echoed = response.json
                #expect(echoed["path"] == "/upstream/things/42")
                #expect(echoed["query"] == "expand=all")
                #expect(echoed["headers"]?["x-custom"] == "kept")
                #expect(echoed["headers"]?["x-api-key"] == nil)
                #expect(echoed["headers"]?["x-lango-app-id"] == "app_test")
                #expect(echoed["headers"]?["x-lango-customer-id"] == nil, "the rule does not act for a customer")
                #expect(echoed["headers"]?["x-fapi-interaction-id"]?.stringValue == response.header("x-fapi-interaction-id"))

                let posted = try await client.execute(
                    uri: "/svc/v1/things", method: .post, headers: .caller(key: key), body: ByteBuffer(string: "payload"))
                #expect(posted.status == .ok, "\(posted.status): \(String(buffer: posted.body))")
                #expect(posted.json["method"] == "POST")

                // A traversal never matches a route, so it never reaches the rewrite.
                let refused = try await client.execute(uri: "/svc/v1/a/%2E%2E/admin", method: .get, headers: .caller(key: key))
                #expect(refused.status == .notFound)
            }
            #expect(harness.decisions.records.first?.upstream == "svc.forward")
        }
    }

    @Test func aMissingUpstreamIs502() async throws {
        var configuration = GatewayConfiguration()
        configuration.adapters["svc"] = .http(HTTPServiceConfiguration(url: "http://127.0.0.1:9", connections: 1))
        let harness = try await GatewayHarness.make(policies: ["svc.json": Self.forwardingPolicy()], configuration: configuration)
        let key = try await harness.key(scopes: ["accounts:read"])
        try await harness.test { client in
            let response = try await client.execute(uri: "/svc/v1/anything", method: .get, headers: .caller(key: key))
            #expect(response.status == .badGateway)
            #expect(response.errorCode == "LANGO.UpstreamUnavailable")
        }
        #expect(harness.decisions.records.last?.reason == "upstream_unavailable")
    }
}
