import Foundation
import LangoJSON
import NIOHTTP1

/// A running gateway on its own data directory, with an app and keys made through the CLI.
final class GatewayFixture: Sendable {
    let scratch: Scratch
    let server: ServerProcess
    /// The end of the sandbox history, fixed so dates in tests are known.
    static let anchor = "2026-11-01"

    var baseURL: String { server.baseURL }
    var decisionLogPath: String { scratch.path("decisions.log") }

    /// Starts `lango serve` on the repository's policies (or `policies`) and plans (or `plans`),
    /// with key caching off so revocations show at once, the admin listener on a free port, plus
    /// any `extraArguments` and `environment`. Gateways given the same `dataDirectory` share one
    /// store, as nodes do.
    init(
        policies: String = Repository.policies, plans: String = Repository.plans, dataDirectory: String? = nil,
        extraConfiguration: String = "", extraArguments: [String] = [], environment: [String: String] = [:]
    ) async throws {
        scratch = try Scratch()
        self.dataDirectory = dataDirectory ?? scratch.path("data")
        try scratch.write(
            "lango.json",
            #"{ "api_key_cache_ms": 0, "usage_flush_ms": 100, "policies": "\#(policies)", "plans": "\#(plans)" \#(extraConfiguration) }"#)
        server = try await ServerProcess(
            [
                "serve", "--port", "0", "--admin-port", "0", "--config", scratch.path("lango.json"), "--data-dir", self.dataDirectory,
                "--decision-log", scratch.path("decisions.log"), "--sandbox-anchor", Self.anchor,
            ] + extraArguments, environment: environment)
    }

    let dataDirectory: String

    /// Arguments that point an admin command at this gateway's configuration and store.
    var storeArguments: [String] { ["--config", scratch.path("lango.json"), "--data-dir", dataDirectory] }

    /// The admin listener's `/metrics` text.
    func metrics() async throws -> String {
        var port = server.adminPort
        for _ in 0..<50 where port == nil {
            try await Task.sleep(for: .milliseconds(100))
            port = server.adminPort
        }
        guard let port else { throw HarnessError(description: "the admin listener never logged its port") }
        return String(decoding: try await HTTP.send(.GET, "http://127.0.0.1:\(port)/metrics").body, as: UTF8.self)
    }

    /// Registers an app and returns its id.
    func createApp(id: String, environment: String = "production", plan: String? = nil, partner: String? = nil) async throws -> String {
        let result = try await Lango.run(
            ["apps", "create", "--name", "Test \(id)", "--id", id, "--environment", environment, "--quiet"]
                + (plan.map { ["--plan", $0] } ?? []) + (partner.map { ["--partner", $0] } ?? []) + storeArguments)
        guard result.status == 0 else { throw HarnessError(description: "apps create failed: \(result.standardError)") }
        return result.trimmedOutput
    }

    /// Issues a key and returns its secret.
    func createKey(app: String, scopes: [String], extra: [String] = []) async throws -> String {
        let result = try await Lango.run(
            ["keys", "create", "--app", app, "--quiet"] + scopes.flatMap { ["--scope", $0] } + extra + storeArguments)
        guard result.status == 0 else { throw HarnessError(description: "keys create failed: \(result.standardError)") }
        return result.trimmedOutput
    }

    /// The id (`key_…`) of the key whose secret is `secret`, from `keys list`.
    func keyID(ofSecret secret: String) async throws -> String {
        let listing = try await Lango.run(["keys", "list"] + storeArguments).standardOutput
        let prefix = String(secret.prefix(15))
        guard let line = listing.split(separator: "\n").first(where: { $0.contains(prefix) }),
            let id = line.split(separator: " ").first
        else { throw HarnessError(description: "no key with prefix \(prefix) in:\n\(listing)") }
        return String(id)
    }

    /// A GET with the given key acting for `customer`.
    func get(_ path: String, key: String?, customer: String? = "C0001", headers: [(String, String)] = []) async throws -> HTTPResult {
        var all = headers
        if let key { all.append(("x-api-key", key)) }
        if let customer { all.append(("x-lango-customer-id", customer)) }
        return try await HTTP.send(.GET, baseURL + path, headers: all)
    }

    /// The decision log lines written so far, parsed.
    func decisions() throws -> [JSONValue] {
        let text = (try? String(contentsOfFile: decisionLogPath, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    }

    /// The first decision log line `matching`, waiting up to 30 seconds for it to be written.
    func decision(where matching: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let line = try decisions().first(where: matching) { return line }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError(description: "no decision log line matched in:\n\(try decisions())")
    }

    func stop() async { await server.stop() }
}

/// Every scope the default pack uses.
let allInternalScopes = ["accounts:read", "balances:read", "transactions:read", "party:read", "sandbox:write"]
