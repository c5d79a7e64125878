import Foundation
import LangoContractTesting
import LangoJSON
import LangoOAuth

/// The behaviour every ``OAuthClientStore`` must show, checked against a fresh store without
/// clients, in which the apps `app_a` and `app_b` exist (SQL stores refer to them).
/// Throws a `ContractViolation` at the first broken expectation.
public enum OAuthClientStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any OAuthClientStore) async throws {
        let store = try await makeEmptyStore()
        try expect(try await store.client(id: "app_a"), nil, "a new store has no clients", "client app_a")

        let keySet: JSONValue = ["keys": [["kty": "EC", "crv": "P-256", "x": "eA", "y": "eQ", "kid": "k1"]]]
        let signed = OAuthClient(
            clientID: "app_a", authenticationMethod: .privateKeyJWT, keySet: keySet,
            redirectURIs: ["https://a.example/cb", "https://a.example/cb2?x=1"], scopes: ["openid", "accounts"],
            grantTypes: [.authorizationCode, .refreshToken, .clientCredentials])
        try await store.saveClient(signed)
        try expect(try await store.client(id: "app_a"), signed, "a client reads back whole, lists in order", "client app_a")
        let secretive = OAuthClient(clientID: "app_a", authenticationMethod: .clientSecret, scopes: ["payments"], grantTypes: [.clientCredentials])
        try await store.saveClient(secretive)
        try expect(try await store.client(id: "app_a"), secretive, "saving again replaces the registration", "client app_a")

        try expect(try await store.secrets(clientID: "app_a"), [], "a new client has no secrets", "secrets of app_a")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = ClientSecretRecord(id: "cs_1", clientID: "app_a", hash: "h1", createdAt: start, expiresAt: nil)
        try await store.rotateSecrets(expiring: [], adding: first)
        var expiring = first
        expiring.expiresAt = start.addingTimeInterval(3600)
        let second = ClientSecretRecord(id: "cs_2", clientID: "app_a", hash: "h2", createdAt: start.addingTimeInterval(1), expiresAt: nil)
        try await store.rotateSecrets(expiring: [expiring], adding: second)
        try expect(try await store.secrets(clientID: "app_a"), [expiring, second], "a rotation expires and adds at once, oldest first", "secrets of app_a")
        try expect(try await store.secrets(clientID: "app_b"), [], "secrets belong to their client", "secrets of app_b")

        let end = start.addingTimeInterval(7200)
        try await store.expireSecrets(clientID: "app_a", at: end)
        var ended = second
        ended.expiresAt = end
        try expect(
            try await store.secrets(clientID: "app_a"), [expiring, ended], "expiring ends valid secrets, never extends earlier ends",
            "secrets of app_a")
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "OAuth client store", check: check, subject: subject)
    }
}
