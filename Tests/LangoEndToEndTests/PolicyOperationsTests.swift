import Foundation
import LangoJSON
import NIOHTTP1
import Testing

/// What platform engineers do with policies: check, test, explain, reload a running gateway.
@Suite(.serialized) struct PolicyOperationsTests {
    @Test func theDefaultPackChecksAndItsFixturesPass() async throws {
        let check = try await Lango.run(["policy", "check", Repository.policies])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        let test = try await Lango.run(["policy", "test", Repository.policies])
        #expect(test.status == 0, "\(test.standardOutput)\(test.standardError)")
        #expect(test.standardOutput.contains("passed"))
    }

    @Test func brokenPoliciesFailTheCheckWithFileAndPath() async throws {
        let scratch = try Scratch()
        try scratch.write("broken.json", """
            { "policy": "broken", "version": 1, "rules": [ {
                "id": "broken.rule", "match": { "method": "GET", "path": "/x" },
                "auth": { "type": "none" }, "upstream": { "adapter": "cor", "operation": "accounts" } } ] }
            """)
        let check = try await Lango.run(["policy", "check", scratch.url.path])
        #expect(check.status == 1)
        let output = check.standardOutput + check.standardError
        #expect(output.contains("broken.json"))
        #expect(output.contains("$.rules[0].upstream.adapter"))
        #expect(output.contains(#"did you mean "core"?"#))
    }

    @Test func explainPrintsTheDecisionTrace() async throws {
        let explain = try await Lango.run([
            "policy", "explain", "--policies", Repository.policies, "--request", "GET /internal/v1/accounts/C0001-KES-1/balances",
            "--customer", "C0001", "--credential",
            #"{"type":"api_key","status":"active","scopes":["accounts:read"],"app":{"id":"app_x","status":"active","environment":"production"}}"#,
        ])
        #expect(explain.status == 0, "\(explain.standardError)")
        #expect(explain.standardOutput.contains("internal.balances.read"))
        #expect(explain.standardOutput.contains("scope_missing"))
    }

    @Test func sighupReloadsAndABadSetKeepsTheOldOne() async throws {
        let policies = try Scratch()
        let route = { (path: String) in
            """
            { "policy": "reloadable", "version": 1, "rules": [ {
                "id": "reloadable.accounts", "match": { "method": "GET", "path": "\(path)" },
                "auth": { "type": "api_key", "scopes": ["accounts:read"], "customer": "required" },
                "upstream": { "adapter": "core", "operation": "accounts" } } ] }
            """
        }
        try policies.write("reloadable.json", route("/internal/v1/accounts"))
        let gateway = try await GatewayFixture(policies: policies.url.path)
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_reload"), scopes: ["accounts:read"])
        #expect(try await gateway.get("/internal/v1/accounts", key: key).status == 200)
        let firstRevision = try await HTTP.send(.GET, gateway.baseURL + "/ready").json["policy_revision"]

        try policies.write("reloadable.json", route("/internal/v2/accounts"))
        gateway.server.signal(SIGHUP)
        var moved = false
        for _ in 0..<50 where !moved {
            try await Task.sleep(for: .milliseconds(100))
            moved = try await gateway.get("/internal/v2/accounts", key: key).status == 200
        }
        #expect(moved)
        #expect(try await gateway.get("/internal/v1/accounts", key: key).status == 404)
        let secondRevision = try await HTTP.send(.GET, gateway.baseURL + "/ready").json["policy_revision"]
        #expect(secondRevision != firstRevision)

        try policies.write("reloadable.json", "{ not json")
        gateway.server.signal(SIGHUP)
        var reported = false
        for _ in 0..<50 where !reported {
            try await Task.sleep(for: .milliseconds(100))
            reported = gateway.server.logs.contains { $0.contains("reload failed") }
        }
        #expect(reported)
        #expect(try await gateway.get("/internal/v2/accounts", key: key).status == 200)
    }

    @Test func adminCommandsReportBadInputWithExitCodes() async throws {
        let scratch = try Scratch()
        let store = ["--data-dir", scratch.path("data")]
        let badScope = try await Lango.run(["apps", "create", "--name", "A", "--id", "app_cli", "--quiet"] + store)
        #expect(badScope.status == 0)
        let unknownScope = try await Lango.run(["keys", "create", "--app", "app_cli", "--scope", "acounts:read"] + store)
        #expect(unknownScope.status == 1)
        #expect(unknownScope.standardError.contains(#"did you mean "accounts:read"?"#))
        let unknownApp = try await Lango.run(["keys", "create", "--app", "app_none", "--scope", "accounts:read"] + store)
        #expect(unknownApp.status == 1)
        let duplicate = try await Lango.run(["apps", "create", "--name", "A", "--id", "app_cli"] + store)
        #expect(duplicate.status == 1)
        let usage = try await Lango.run(["keys", "create"] + store)
        #expect(usage.status == 64)
    }
}
