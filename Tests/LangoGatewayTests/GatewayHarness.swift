import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LangoBank
import LangoConsent
import LangoFraud
import LangoGateway
import LangoIdentity
import LangoJSON
import LangoLimits
import LangoOAuth
import LangoPlans
import LangoPayments
import LangoPolicy
import LangoWebhooks
import Logging

/// A gateway on in-memory twins: identity store, sandbox ledger, decision log.
struct GatewayHarness {
    let gateway: Gateway
    let identity: any IdentityStore
    let manager: APIKeyManager
    let decisions: InMemoryDecisionLog
    /// The payments of the authorization server's setup (empty without one).
    let payments: InMemoryPaymentStore
    /// Registers OAuth clients, when the gateway is also the authorization server.
    let clients: ClientRegistry?

    static let pepper = [UInt8](repeating: 42, count: 32)
    static let anchor = ISO8601.parse("2026-11-01")!

    /// A plan for tests: `free`, generous unless told otherwise.
    static func plan(
        id: String = "free", rate: Int = 100_000, per: String = "minute", burst: Int = 100_000, dailyQuota: Int? = nil,
        products: [String] = ["accounts", "sandbox"]
    ) -> String {
        let quotas = dailyQuota.map { #"[{ "requests": \#($0), "per": "day" }]"# } ?? #""unlimited""#
        return """
            { "plan": "\(id)", "version": 1, "name": "\(id)", "rate": { "requests": \(rate), "per": "\(per)", "burst": \(burst) },
              "quotas": \(quotas), "products": [\(products.map { "\"\($0)\"" }.joined(separator: ", "))], "price": "custom" }
            """
    }

    /// Compiles `policies` (file name → JSON text) with the configuration's vocabulary, and
    /// `plans` against their products; `fraudHooks` stand in for configured hooks of their names.
    static func make(
        policies: [String: String], plans: [String: String] = ["free.json": plan()],
        configuration: GatewayConfiguration = GatewayConfiguration(), identity: any IdentityStore = InMemoryIdentityStore(),
        sharedLimiter: (any Limiter)? = nil, authorizationServer: Bool = false, adminToken: String? = nil,
        webhooks: WebhookRegistry? = nil, fraudHooks: [String: any FraudHook] = [:], serviceCredentials: ServiceCredentials = ServiceCredentials(),
        clock: @escaping @Sendable () -> Date = Date.init
    ) async throws -> GatewayHarness {
        let sources = policies.sorted { $0.key < $1.key }.map { PolicySource(name: $0.key, contents: Array($0.value.utf8)) }
        let set = try PolicySet.compile(sources, vocabulary: configuration.policyVocabulary())
        let planSources = plans.sorted { $0.key < $1.key }.map { PolicySource(name: $0.key, contents: Array($0.value.utf8)) }
        let catalog = try PlanCatalog.compile(planSources, products: set.products.union(["accounts", "sandbox"]))
        let hasher = try KeyHasher(pepper: pepper)
        let sandbox = SandboxBank(ledger: InMemorySandboxLedger())
        try await sandbox.bootstrap(anchor: anchor)
        let decisions = InMemoryDecisionLog()
        let clientStore = InMemoryOAuthClientStore()
        let payments = InMemoryPaymentStore()
        var authorization: AuthorizationServerSetup?
        if authorizationServer {
            let keys = SigningKeyManager(store: InMemorySigningKeyStore(), vault: SigningKeyVault(installationSecret: pepper))
            try await keys.bootstrap()
            authorization = AuthorizationServerSetup(
                keys: keys, clients: clientStore, identity: identity, hasher: hasher, replays: InMemoryAssertionReplayCache(),
                revokedTokens: InMemoryRevokedTokenStore(), grants: InMemoryAuthorizationGrantStore(), customers: InMemoryCustomerStore(),
                consents: InMemoryConsentStore(), payments: payments, accessTokenLifetime: .seconds(300))
        }
        let gateway = Gateway(
            configuration: configuration, policies: set, plans: catalog,
            keys: APIKeyAuthenticator(store: identity, hasher: hasher, cacheTTL: .zero), sandbox: sandbox,
            sharedLimiter: sharedLimiter, authorization: authorization, adminToken: adminToken, webhooks: webhooks, fraudHooks: fraudHooks,
            serviceCredentials: serviceCredentials, decisionLog: decisions,
            logger: Logger(label: "test"),
            clock: clock)
        return GatewayHarness(
            gateway: gateway, identity: identity, manager: APIKeyManager(store: identity, hasher: hasher), decisions: decisions,
            payments: payments,
            clients: authorizationServer
                ? ClientRegistry(clients: clientStore, identity: identity, hasher: hasher, knownScopes: configuration.policyVocabulary().scopes)
                : nil)
    }

    /// Registers an app (on `plan`, or the default one) and returns a key secret with `scopes`.
    func key(
        app: String = "app_test", environment: AppEnvironment = .production, plan: String? = nil, scopes: [String]
    ) async throws -> String {
        if try await identity.app(id: app) == nil {
            _ = try await manager.createApp(id: app, name: app, environment: environment, plan: plan)
        }
        return try await manager.issueKey(appID: app, scopes: scopes).secret
    }

    /// Runs `body` against the gateway's router in-process.
    @discardableResult
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let application = Application(router: gateway.makeRouter())
        let value = try await application.test(.router) { client in try await body(client) }
        try await gateway.shutdown()
        return value
    }
}

extension TestResponse {
    var json: JSONValue { (try? JSONValue.parse(body.readableBytesView)) ?? .null }
    var errorCode: String? { json["Errors"]?[0]?["ErrorCode"]?.stringValue }
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}

extension TestClientProtocol {
    /// A GET of `path` by the caller holding `key`, acting for C0001.
    func get(_ path: String = "/internal/v1/accounts", key: String) async throws -> TestResponse {
        try await execute(uri: path, method: .get, headers: .caller(key: key))
    }

    /// The status of ``get(_:key:)``.
    func statusOfGet(_ path: String = "/internal/v1/accounts", key: String) async throws -> HTTPResponse.Status {
        try await get(path, key: key).status
    }
}

extension HTTPFields {
    /// Headers for a call with `key`, acting for `customer`.
    static func caller(key: String?, customer: String? = "C0001") -> HTTPFields {
        var fields = HTTPFields()
        if let key { fields[HTTPField.Name("x-api-key")!] = key }
        if let customer { fields[HTTPField.Name("x-lango-customer-id")!] = customer }
        return fields
    }
}

/// A one-rule policy file routing `method path` to `operation` on adapter `adapter`.
func policy(
    name: String = "test", id: String = "test.rule", method: String = "GET", path: String = "/internal/v1/accounts", scopes: [String] = ["accounts:read"],
    operation: String = "accounts", adapter: String = "core", extraRuleFields: String = "", extraRules: String = "",
    auth: String? = nil
) -> String {
    let scopeList = "[" + scopes.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    let authBlock = auth ?? #"{ "type": "api_key", "scopes": \#(scopeList), "customer": "required" }"#
    return """
        { "policy": "\(name)", "version": 1, "rules": [
          { "id": "\(id)", "match": { "method": "\(method)", "path": "\(path)" },
            "auth": \(authBlock),
            "upstream": { "adapter": "\(adapter)", "operation": "\(operation)" } \(extraRuleFields) }
          \(extraRules)
        ] }
        """
}
