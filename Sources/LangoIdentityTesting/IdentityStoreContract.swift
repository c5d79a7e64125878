import Foundation
import LangoIdentity

/// The behaviour every ``IdentityStore`` must show, checked against a fresh, empty store.
///
/// Test targets run it against the in-memory twin and against each SQL backend, so the twin
/// cannot drift from the real thing. Throws ``IdentityStoreContract/Violation`` at the first
/// broken expectation.
public enum IdentityStoreContract {
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    public static func verify(_ makeEmptyStore: () async throws -> any IdentityStore) async throws {
        try await appsRoundTrip(makeEmptyStore())
        try await duplicateAndUnknownApps(makeEmptyStore())
        try await keysRoundTrip(makeEmptyStore())
        try await keyConstraints(makeEmptyStore())
        try await rotationIsAtomic(makeEmptyStore())
    }

    private static let epoch = Date(timeIntervalSince1970: 1_780_000_000)

    private static func app(_ id: String, _ name: String = "App") -> App {
        App(id: id, name: name, environment: .production, createdAt: epoch)
    }

    private static func key(_ id: String, app: String, hash: String, scopes: [String] = ["a", "b"]) -> APIKey {
        APIKey(id: id, appID: app, hash: hash, prefix: "lango_live_abcd", scopes: scopes, createdAt: epoch)
    }

    private static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw Violation(description: message()) }
    }

    private static func expectIdentityError(_ expected: IdentityError, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as IdentityError {
            try check(error == expected, "expected \(expected), got \(error)")
            return
        }
        throw Violation(description: "expected \(expected), but nothing was thrown")
    }

    private static func appsRoundTrip(_ store: any IdentityStore) async throws {
        try await store.insertApp(app("app_zeta", "Zeta"))
        var alpha = App(
            id: "app_alpha", name: "Alpha", environment: .sandbox, status: .active, createdAt: epoch.addingTimeInterval(0.25),
            plan: "startup", partner: "Alpha Labs Ltd")
        try await store.insertApp(alpha)
        try check(try await store.app(id: "app_alpha") == alpha, "app_alpha does not read back as stored")
        try check(try await store.app(id: "app_missing") == nil, "a missing app must read as nil")
        try check(try await store.apps().map(\.id) == ["app_alpha", "app_zeta"], "apps() must be ordered by id")
        alpha.status = .suspended
        alpha.name = "Alpha 2"
        alpha.plan = nil
        alpha.partner = nil
        try await store.updateApp(alpha)
        try check(try await store.app(id: "app_alpha") == alpha, "updateApp must replace status, name, plan and partner")
        alpha.plan = "enterprise"
        try await store.updateApp(alpha)
        try check(try await store.app(id: "app_alpha")?.plan == "enterprise", "updateApp must set a plan")
    }

    private static func duplicateAndUnknownApps(_ store: any IdentityStore) async throws {
        try await store.insertApp(app("app_one"))
        try await expectIdentityError(.duplicateApp("app_one")) { try await store.insertApp(app("app_one", "Other")) }
        try await expectIdentityError(.unknownApp("app_two")) { try await store.updateApp(app("app_two")) }
        try check(try await store.app(id: "app_one")?.name == "App", "a refused duplicate must not change the stored app")
    }

    private static func keysRoundTrip(_ store: any IdentityStore) async throws {
        try await store.insertApp(app("app_one"))
        try await store.insertApp(app("app_two"))
        var first = key("key_1", app: "app_one", hash: "h1")
        first.expiresAt = epoch.addingTimeInterval(3600)
        let second = APIKey(
            id: "key_2", appID: "app_two", hash: "h2", prefix: "p", scopes: [], createdAt: epoch.addingTimeInterval(1))
        let third = key("key_0", app: "app_one", hash: "h3")
        try await store.insertKey(first)
        try await store.insertKey(second)
        try await store.insertKey(third)
        try check(try await store.key(id: "key_1") == first, "key_1 does not read back as stored")
        try check(try await store.key(hash: "h2") == second, "lookup by hash must find key_2")
        try check(try await store.key(hash: "nope") == nil, "an unknown hash must read as nil")
        try check(try await store.keys(appID: "app_one").map(\.id) == ["key_0", "key_1"], "keys of an app: by creation, then id")
        try check(try await store.keys(appID: nil).map(\.id) == ["key_0", "key_1", "key_2"], "all keys: by creation, then id")
        first.revokedAt = epoch.addingTimeInterval(10)
        first.replacedBy = "key_2"
        first.expiresAt = nil
        try await store.updateKey(first)
        try check(try await store.key(id: "key_1") == first, "updateKey must replace revocation, expiry and replacement")
    }

    private static func keyConstraints(_ store: any IdentityStore) async throws {
        try await expectIdentityError(.unknownApp("app_none")) {
            try await store.insertKey(key("key_1", app: "app_none", hash: "h1"))
        }
        try await store.insertApp(app("app_one"))
        try await store.insertKey(key("key_1", app: "app_one", hash: "h1"))
        try await expectIdentityError(.duplicateKey("key_1")) { try await store.insertKey(key("key_1", app: "app_one", hash: "h9")) }
        try await expectIdentityError(.duplicateKey("key_9")) { try await store.insertKey(key("key_9", app: "app_one", hash: "h1")) }
        try await expectIdentityError(.unknownKey("key_5")) { try await store.updateKey(key("key_5", app: "app_one", hash: "h5")) }
    }

    private static func rotationIsAtomic(_ store: any IdentityStore) async throws {
        try await store.insertApp(app("app_one"))
        var old = key("key_old", app: "app_one", hash: "h-old")
        try await store.insertKey(old)
        try await store.insertKey(key("key_other", app: "app_one", hash: "h-other"))
        old.replacedBy = "key_new"
        old.expiresAt = epoch.addingTimeInterval(60)
        // A replacement whose hash clashes must leave the old key untouched.
        try await expectIdentityError(.duplicateKey("key_new")) {
            try await store.replaceKey(old, with: key("key_new", app: "app_one", hash: "h-other"))
        }
        try check(try await store.key(id: "key_old")?.replacedBy == nil, "a failed rotation must not change the old key")
        try await store.replaceKey(old, with: key("key_new", app: "app_one", hash: "h-new"))
        try check(try await store.key(id: "key_old") == old, "rotation must store the old key's new state")
        try check(try await store.key(hash: "h-new")?.id == "key_new", "rotation must insert the replacement")
    }
}
