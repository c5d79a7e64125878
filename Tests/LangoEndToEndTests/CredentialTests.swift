import Foundation
import LangoJSON
import NIOHTTP1
import Testing

/// API keys end to end: each way a key can fail, rotation, suspension, scopes.
@Suite(.serialized) struct CredentialTests {
    let balances = "/internal/v1/accounts/C0001-KES-1/balances"

    @Test func missingUnknownAndMalformedKeysAre401() async throws {
        let gateway = try await GatewayFixture()
        let missing = try await gateway.get(balances, key: nil)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "UK.OBIE.Header.Missing")
        #expect(missing.header("www-authenticate")?.contains("x-api-key") == true)
        #expect(missing.header("x-lango-reason") == "credential_missing")

        for key in ["lango_live_" + String(repeating: "a", count: 32), "not-a-key"] {
            let unknown = try await gateway.get(balances, key: key)
            #expect(unknown.status == 401)
            #expect(unknown.errorCode == "UK.OBIE.Header.Invalid")
            #expect(unknown.header("x-lango-reason") == "key_unknown")
        }
    }

    @Test func expiredKeysAre401() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_brief"), scopes: ["balances:read"], extra: ["--expires-in", "1s"])
        try await Task.sleep(for: .milliseconds(1_500))
        let response = try await gateway.get(balances, key: key)
        #expect(response.status == 401)
        #expect(response.header("x-lango-reason") == "key_expired")
    }

    @Test func revokedKeysStopWorking() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_revoked"), scopes: ["balances:read"])
        #expect(try await gateway.get(balances, key: key).status == 200)
        let revoked = try await Lango.run(["keys", "revoke", try await gateway.keyID(ofSecret: key)] + gateway.storeArguments)
        #expect(revoked.status == 0)
        let response = try await gateway.get(balances, key: key)
        #expect(response.status == 401)
        #expect(response.header("x-lango-reason") == "key_revoked")
    }

    @Test func rotatedKeysOverlapThenExpire() async throws {
        let gateway = try await GatewayFixture()
        let app = try await gateway.createApp(id: "app_rotating")
        let old = try await gateway.createKey(app: app, scopes: ["balances:read"])
        let rotated = try await Lango.run(["keys", "rotate", try await gateway.keyID(ofSecret: old), "--overlap", "1h", "--quiet"] + gateway.storeArguments)
        #expect(rotated.status == 0)
        let new = rotated.trimmedOutput
        #expect(new != old)
        #expect(try await gateway.get(balances, key: old).status == 200)
        #expect(try await gateway.get(balances, key: new).status == 200)

        let again = try await Lango.run(["keys", "rotate", try await gateway.keyID(ofSecret: new), "--overlap", "0s", "--quiet"] + gateway.storeArguments)
        #expect(again.status == 0)
        let retired = try await gateway.get(balances, key: new)
        #expect(retired.status == 401)
        #expect(retired.header("x-lango-reason") == "key_expired")
        #expect(try await gateway.get(balances, key: again.trimmedOutput).status == 200)
    }

    @Test func suspendedAppsAndMissingScopesAre403() async throws {
        let gateway = try await GatewayFixture()
        let app = try await gateway.createApp(id: "app_limited")
        let key = try await gateway.createKey(app: app, scopes: ["accounts:read"])
        let noScope = try await gateway.get(balances, key: key)
        #expect(noScope.status == 403)
        #expect(noScope.errorCode == "LANGO.ScopeMissing")

        #expect(try await gateway.get("/internal/v1/accounts", key: key).status == 200)
        #expect(try await Lango.run(["apps", "suspend", app] + gateway.storeArguments).status == 0)
        let suspended = try await gateway.get("/internal/v1/accounts", key: key)
        #expect(suspended.status == 403)
        #expect(suspended.header("x-lango-reason") == "app_suspended")
    }

    @Test func requestsMustNameTheCustomer() async throws {
        let gateway = try await GatewayFixture()
        let key = try await gateway.createKey(app: try await gateway.createApp(id: "app_anon"), scopes: ["accounts:read"])
        let response = try await gateway.get("/internal/v1/accounts", key: key, customer: nil)
        #expect(response.status == 400)
        #expect(response.errorCode == "UK.OBIE.Header.Missing")
        #expect(response.json["Errors"]?[0]?["Path"] == "x-lango-customer-id")
    }
}
