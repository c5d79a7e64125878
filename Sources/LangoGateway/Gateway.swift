import AsyncHTTPClient
import Foundation
import Hummingbird
import LangoBank
import LangoConsent
import LangoCrypto
import LangoFraud
import LangoIdempotency
import LangoIdentity
import LangoJSON
import LangoLimits
import LangoMetering
import LangoOAuth
import LangoPlans
import LangoPayments
import LangoPolicy
import LangoWebhooks
import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The gateway's parts, assembled: policies, key verification, upstreams and the decision log,
/// and the router that runs the pipeline over them.
///
/// Built from real components by ``GatewayServer``, and from in-memory twins by tests.
public final class Gateway: Sendable {
    let policies: PolicyHolder
    private let keys: APIKeyAuthenticator
    private let limits: LimitEnforcer
    private let upstreams: Upstreams
    private let fraudHooks: FraudHooks
    private let clients: [HTTPClient]
    private let decisionLog: any DecisionLog
    /// Usage recorded on the request path, waiting for ``usageFlushService(store:)``.
    public let usage = UsageMeter()
    public let metrics: GatewayMetrics
    private let configuration: GatewayConfiguration
    private let publicAddress: PublicAddress
    private let authorizationServer: AuthorizationServerRoutes?
    private let bearer: AccessTokenVerifier?
    private let consents: GatewayConsents?
    private let payments: GatewayPayments?
    private let idempotency: any IdempotencyStore
    /// Apps' webhook endpoints and the outbox; `nil` when the gateway sends none.
    private let webhooks: WebhookRegistry?
    private let adminAPI: AdminAPI?
    private let clock: @Sendable () -> Date
    private let logger: Logger

    /// `sandbox` serves every `sandbox` adapter; each HTTP adapter gets its own connection pool.
    /// `sharedLimiter` is the Redis limiter when one is configured; without it, limits are
    /// counted in this process. With `authorization`, the gateway is also the OAuth
    /// authorization server, and `adminToken` (at least 32 characters) opens its admin API.
    /// `idempotency` keeps the keys of `idempotency` rules: the store's, so that every node
    /// shares them (the in-memory default serves one process). The configured fraud hooks are
    /// built here; `fraudHooks` replaces those of the same name (tests' twins). `serviceCredentials`
    /// are the tokens and TLS of the services the configuration names. `clock` is the
    /// limiter's time (tests move it by hand).
    public init(
        configuration: GatewayConfiguration, policies: PolicySet, plans: PlanCatalog, keys: APIKeyAuthenticator,
        sandbox: SandboxBank, sharedLimiter: (any Limiter)? = nil, authorization: AuthorizationServerSetup? = nil,
        adminToken: String? = nil, idempotency: any IdempotencyStore = InMemoryIdempotencyStore(), webhooks: WebhookRegistry? = nil,
        fraudHooks: [String: any FraudHook] = [:], serviceCredentials: ServiceCredentials = ServiceCredentials(), decisionLog: any DecisionLog,
        metrics: GatewayMetrics = GatewayMetrics(), logger: Logger, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.idempotency = idempotency
        self.webhooks = webhooks
        let publicAddress = PublicAddress(configuration.effectivePublicURL)
        self.publicAddress = publicAddress
        var clients: [HTTPClient] = []
        let makeClient = { (service: HTTPServiceConfiguration) -> HTTPClient in
            var settings = HTTPClient.Configuration()
            settings.tlsConfiguration = serviceCredentials.tlsConfiguration(for: service)
            settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: service.connections)
            settings.timeout.connect = .seconds(2)
            // A refused connection fails the request at once (502) instead of being retried
            // until the rule's deadline.
            settings.connectionPool.retryConnectionEstablishment = false
            // A gateway passes redirects back to its caller rather than following them.
            settings.redirectConfiguration = .disallow
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: settings)
            clients.append(client)
            return client
        }
        let adapters = Upstreams.make(from: configuration, sandbox: sandbox, credentials: serviceCredentials, makeClient: makeClient)
        self.fraudHooks = FraudHooks.make(
            from: configuration, overrides: fraudHooks, metrics: metrics, credentials: serviceCredentials, makeClient: makeClient)
        self.clients = clients
        let consents = authorization.map {
            GatewayConsents(
                store: $0.consents, rules: configuration.consentRules,
                bank: adapters.bank(named: configuration.consentAccountsAdapter), clock: clock)
        }
        self.consents = consents
        let payments = authorization.flatMap { setup in
            consents.map { GatewayPayments(store: setup.payments, consents: $0, clock: clock) }
        }
        self.payments = payments
        self.upstreams = payments.map(adapters.adding) ?? adapters
        let authorizationServer = authorization.map {
            AuthorizationServerRoutes(
                setup: $0, consents: consents, issuer: publicAddress, scopes: configuration.policyVocabulary().scopes,
                signingAlgorithm: configuration.tokenSigningAlgorithm.rawValue,
                appCacheTTL: .milliseconds(configuration.apiKeyCacheMilliseconds),
                bindsTokensToCertificates: configuration.tls?.clientCAFile != nil, logger: logger)
        }
        self.authorizationServer = authorizationServer
        self.bearer = authorizationServer?.verifier
        self.adminAPI = authorization.map {
            AdminAPI(
                token: adminToken.map { Array($0.utf8) },
                registry: ClientRegistry(
                    clients: $0.clients, identity: $0.identity, hasher: $0.hasher, knownScopes: configuration.policyVocabulary().scopes),
                clients: $0.clients, keys: $0.keys, identity: $0.identity, webhooks: webhooks,
                payments: payments.map { PaymentReconciler(store: $0.store, logger: logger) })
        }
        self.policies = PolicyHolder(PolicySnapshot(set: policies, plans: plans))
        self.keys = keys
        self.decisionLog = decisionLog
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        self.limits = LimitEnforcer(
            calendar: QuotaCalendar(timeZone: TimeZone(identifier: configuration.quotaTimeZone) ?? .gmt),
            shared: sharedLimiter,
            // Alone it counts everything; as the fallback, this node's share of each limit.
            local: InProcessLimiter(share: sharedLimiter == nil ? 1 : configuration.nodes),
            defaultPlan: configuration.defaultPlan, metrics: metrics, logger: logger, clock: clock)
    }

    /// The revision of the policy set in force.
    public var policyRevision: String { policies.snapshot.set.revision }

    /// The admin listener's routes: `/metrics`, `/health`, and the admin API when the gateway is
    /// the authorization server.
    public func makeAdminRouter() -> Router<BasicRequestContext> {
        let router = AdminServer.router(metrics: metrics)
        adminAPI?.add(to: router)
        return router
    }

    /// The platform routes (`/health`, `/ready`) behind the edge middleware and the pipeline.
    public func makeRouter() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: EdgeMiddleware(logger: logger))
        router.add(
            middleware: GatewayPipeline(
                policies: policies, keys: keys, bearer: bearer, consents: consents, idempotency: idempotency, limits: limits,
                upstreams: upstreams, fraudHooks: fraudHooks, decisionLog: decisionLog,
                usage: usage, metrics: metrics,
                settings: .init(
                    publicAddress: publicAddress, maxBodyBytes: configuration.maxBodyBytes,
                    transactionPageSize: configuration.transactionPageSize),
                clock: clock))
        router.get("/health") { _, _ in
            jsonResponse(["status": "ok"])
        }
        router.get("/ready") { [policies] _, _ in
            let snapshot = policies.snapshot
            return jsonResponse([
                "status": "ready", "policy_revision": .string(snapshot.set.revision), "plans_revision": .string(snapshot.plans.revision),
            ])
        }
        authorizationServer?.add(to: router)
        return router
    }

    /// Tells the gateway the port it is listening on; without a configured `public_url`, links
    /// in responses use it (it differs from the configured one when that is 0).
    public func listening(onPort port: Int) {
        if configuration.publicURL == nil {
            publicAddress.url = configuration.listenerURL(port: port)
        }
    }

    /// A service that reloads the policies and plans on SIGHUP.
    func reloadService() -> PolicyReloadService {
        PolicyReloadService(holder: policies, configuration: configuration, metrics: metrics, logger: logger)
    }

    /// A service that writes the metered usage to `store` in batches.
    public func usageFlushService(store: any UsageStore) -> some Service {
        UsageFlushService(
            meter: usage, store: store, interval: .milliseconds(configuration.usageFlushMilliseconds), metrics: metrics,
            logger: logger)
    }

    /// The service that writes consents' last use and records their expiries; `nil` when the
    /// gateway is not an authorization server.
    public func consentUpkeepService() -> (any Service)? {
        consents.map { ConsentUpkeepService(consents: $0, interval: .seconds(5), logger: logger) }
    }

    /// The service that turns consents' revocations and expiries into webhooks, from the audit
    /// trail; `nil` without consents or webhooks.
    public func consentAnnouncementService() -> (any Service)? {
        guard let consents, let webhooks else { return nil }
        let announcer = ConsentAnnouncer(consents: consents.service.store, webhooks: webhooks, clock: clock)
        return RepeatingPassService(
            name: "consent announcements", interval: .milliseconds(500), batchSize: ConsentAnnouncer.batchSize, logger: logger,
            pass: announcer.announceDue)
    }

    /// The service that delivers due webhook messages through `transport`; `nil` without webhooks.
    public func webhookDeliveryService(transport: any WebhookTransport, vault: WebhookSecretVault, isProduction: @escaping @Sendable (String) async -> Bool)
        -> (any Service)?
    {
        webhooks.map {
            let dispatcher = WebhookDispatcher(store: $0.store, transport: transport, vault: vault, isProduction: isProduction)
            return RepeatingPassService(
                name: "webhook delivery", interval: .seconds(1), batchSize: dispatcher.batchSize, logger: logger, pass: dispatcher.deliverDue)
        }
    }

    /// The service that executes due payments on the consents' core bank, then writes the
    /// webhook events their outcomes (and reconciled ones) owe to the outbox; `nil` when the
    /// gateway takes no payments.
    public func paymentExecutionService() -> (any Service)? {
        guard let payments, let bank = payments.consents.bank else { return nil }
        let executor = PaymentExecutor(
            store: payments.store, bank: bank, clock: clock, logger: logger, authorisation: payments.authorisation(of:))
        let announcer = PaymentAnnouncer(store: payments.store, clock: clock, logger: logger) {
            [webhooks, thresholds = configuration.lowBalanceThresholds] payment in
            guard let webhooks else { return }
            try await payments.announce(payment, lowBalanceThresholds: thresholds, to: webhooks)
        }
        return RepeatingPassService(
            name: "payment execution", interval: .milliseconds(500), batchSize: PaymentExecutor.batchSize, logger: logger,
            pass: { [logger] in
                // Each half runs whatever the other did: a failing execution must not hold up the webhooks.
                var handled = 0
                do { handled += try await executor.executeDue() } catch { logger.error("payment execution failed", metadata: ["error": "\(error)"]) }
                do { handled += try await announcer.announceDue() } catch { logger.error("payment announcement failed", metadata: ["error": "\(error)"]) }
                return handled
            })
    }

    /// Closes the HTTP adapters' connection pools.
    public func shutdown() async throws {
        for client in clients { try await client.shutdown() }
    }
}

/// The base of absolute links in responses.
final class PublicAddress: Sendable {
    private let current: Mutex<String>

    init(_ url: String) {
        current = Mutex(url)
    }

    var url: String {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
