import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import LangoBank
import LangoConsent
import LangoCrypto
import LangoIdentity
import LangoJSON
import LangoLimits
import LangoOAuth
import LangoPlans
import LangoPolicy
import LangoRedis
import LangoStore
import LangoUpstream
import LangoWebhooks
import Logging
import NIOSSL
import ServiceLifecycle
import UnixSignals

/// `lango serve`: opens the store, seeds the sandbox bank on first run, loads the policies and
/// plans, connects to Redis when configured, and serves the API and the admin listener until
/// SIGTERM or SIGINT (SIGHUP reloads the policies and plans).
public enum GatewayServer {
    public static func run(configuration: GatewayConfiguration, logger: Logger) async throws {
        let dataDirectory = DataDirectory(path: configuration.dataDirectory)
        try dataDirectory.prepare()
        let pepper = try dataDirectory.apiKeyPepper()
        let hasher = try KeyHasher(pepper: pepper)
        let rules = try PolicyLoader.loadRules(configuration: configuration)
        for warning in rules.policies.warnings + rules.plans.warnings {
            logger.warning("policy warning", metadata: ["diagnostic": "\(warning)"])
        }
        // What the environment and the configuration must supply is checked before the store
        // opens, so a gateway that cannot start says why and leaves nothing open.
        let adminToken = try Self.adminToken(logger: logger)
        let serviceCredentials = try ServiceCredentials.resolve(for: configuration, environment: ProcessInfo.processInfo.environment)
        let listenerTLS = try configuration.tls.map(Self.listenerTLS)
        let redisConfiguration = try configuration.redisURL.map { url in
            var redisConfiguration = try RedisConfiguration(url: url)
            redisConfiguration.commandTimeout = .milliseconds(configuration.redisTimeoutMilliseconds)
            redisConfiguration.connectTimeout = .milliseconds(configuration.redisTimeoutMilliseconds)
            return redisConfiguration
        }
        let decisionLog: any DecisionLog & Service =
            configuration.decisionLog == "off" ? DisabledDecisionLog() : try JSONLinesDecisionLog(path: configuration.decisionLog)

        let store = try await Store.openSQLite(path: configuration.effectiveDatabasePath, logger: logger)
        let sandbox = SandboxBank(ledger: store.sandboxLedger)
        // The seeded history ends on the anchor's UTC day; by default, today.
        let anchor = configuration.sandboxAnchor ?? Date()
        if try await sandbox.bootstrap(anchor: anchor) {
            logger.notice("sandbox bank seeded", metadata: ["anchor": "\(ISO8601.formatDate(anchor))"])
        }
        let seeded = try await SandboxCustomers.seed(store.customers)
        if !seeded.isEmpty {
            logger.notice("sandbox customers can log in", metadata: ["customers": "\(seeded.joined(separator: ","))"])
        }

        let redis = redisConfiguration.map { RedisClient(configuration: $0, logger: logger) }
        let keys = APIKeyAuthenticator(
            store: store.identity, hasher: hasher, cacheTTL: .milliseconds(configuration.apiKeyCacheMilliseconds))
        let signingKeys = SigningKeyManager(
            store: store.signingKeys, vault: SigningKeyVault(installationSecret: pepper), settings: configuration.signingKeySettings)
        if let created = try await signingKeys.bootstrap() {
            logger.notice("token signing key created", metadata: ["kid": "\(created.keyID)", "algorithm": "\(created.algorithm.rawValue)"])
        }
        let unreadable = await signingKeys.unreadableKeyIDs
        if !unreadable.isEmpty {
            logger.error(
                "token signing keys that do not open are left out (sealed under another installation secret, or damaged)",
                metadata: ["kids": "\(unreadable.joined(separator: ","))"])
        }
        let authorization = AuthorizationServerSetup(
            keys: signingKeys, clients: store.oauthClients, identity: store.identity, hasher: hasher,
            replays: redis.map { RedisAssertionReplayCache(client: $0, clock: Date.init) } ?? InMemoryAssertionReplayCache(),
            revokedTokens: store.revokedTokens, grants: store.authorizationGrants, customers: store.customers,
            consents: store.consents, payments: store.payments,
            oneTimeCodes: Self.oneTimeCodeSender(configuration, logger: logger),
            accessTokenLifetime: .seconds(configuration.accessTokenLifetimeSeconds),
            refreshTokenLifetime: .seconds(configuration.refreshTokenLifetimeSeconds),
            requiresPushedRequests: configuration.requirePushedAuthorizationRequests)
        let webhookVault = WebhookSecretVault(installationSecret: pepper)
        let gateway = Gateway(
            configuration: configuration, policies: rules.policies, plans: rules.plans, keys: keys, sandbox: sandbox,
            sharedLimiter: redis.map { RedisLimiter(client: $0) }, authorization: authorization,
            adminToken: adminToken, idempotency: store.idempotency,
            webhooks: WebhookRegistry(store: store.webhooks, vault: webhookVault),
            serviceCredentials: serviceCredentials,
            decisionLog: decisionLog, logger: logger)

        let api = Application(
            router: gateway.makeRouter(),
            server: try listenerTLS.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                gateway.listening(onPort: channel.localAddress?.port ?? configuration.port)
                logger.notice(
                    "listening",
                    metadata: [
                        "host": "\(configuration.host)", "port": "\(channel.localAddress?.port ?? configuration.port)",
                        "tls": "\(Self.listenerTLSMode(configuration.tls))",
                        "policy_revision": "\(rules.policies.revision)", "rules": "\(rules.policies.rules.count)",
                        "plans_revision": "\(rules.plans.revision)", "limiter": "\(redis == nil ? "in-process" : "redis")",
                    ])
            },
            logger: logger
        )
        // A service group stops its services in reverse order: the API first (finishing the
        // requests in flight), then the admin listener, and the usage and decision logs last, so
        // their final flushes see every request.
        var services: [any Service] = [
            decisionLog, gateway.usageFlushService(store: store.usage), gateway.reloadService(),
            PruningService(
                jobs: PruningService.jobs(grants: store.authorizationGrants, idempotency: store.idempotency), interval: .seconds(300),
                logger: logger),
        ]
        if let upkeep = gateway.consentUpkeepService() { services.append(upkeep) }
        if let announcements = gateway.consentAnnouncementService() { services.append(announcements) }
        if let execution = gateway.paymentExecutionService() { services.append(execution) }
        let identity = store.identity
        if let delivery = gateway.webhookDeliveryService(
            transport: HTTPWebhookTransport(configuration: Self.webhookClientConfiguration()), vault: webhookVault,
            isProduction: { appID in (try? await identity.app(id: appID))?.environment != .sandbox })
        {
            services.append(delivery)
        }
        if configuration.adminPort >= 0 {
            services.append(
                Application(
                    router: gateway.makeAdminRouter(),
                    configuration: .init(address: .hostname(configuration.adminHost, port: configuration.adminPort), serverName: nil),
                    onServerRunning: { channel in
                        logger.notice(
                            "admin listening",
                            metadata: ["host": "\(configuration.adminHost)", "port": "\(channel.localAddress?.port ?? configuration.adminPort)"])
                    },
                    logger: logger))
        }
        services.append(api)
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await release(gateway, redis, store)
            throw error
        }
        await release(gateway, redis, store)
    }

    /// The bank's notification service when configured; else codes shown on the page.
    static func oneTimeCodeSender(_ configuration: GatewayConfiguration, logger: Logger) -> any OneTimeCodeSender {
        guard let url = configuration.oneTimeCodeURL else {
            logger.notice("one-time codes are shown on the authorization pages (sandbox): set one_time_code_url in production")
            return DisplayedOneTimeCodes()
        }
        return HTTPOneTimeCodeSender(url: url)
    }

    /// The API listener's TLS from `files`, each read and checked now; with a client CA, a
    /// client certificate must come from it, and is required unless `client_certificates` is
    /// `optional`.
    private static func listenerTLS(_ files: ListenerTLSFiles) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try PEMFiles.certificates(files.certificateFile, at: "tls.certificate_file").map { .certificate($0) },
            privateKey: .privateKey(try PEMFiles.privateKey(files.keyFile, at: "tls.key_file")))
        if let clientCAFile = files.clientCAFile {
            tls.trustRoots = .certificates(try PEMFiles.certificates(clientCAFile, at: "tls.client_ca_file"))
            tls.certificateVerification = files.clientCertificates == .required ? .noHostnameVerification : .optionalVerification
        }
        try PEMFiles.check(tls, at: "tls")
        return tls
    }

    /// The listener's TLS in the `listening` line: `off`, `on`, `mutual` or `mutual-optional`.
    private static func listenerTLSMode(_ files: ListenerTLSFiles?) -> String {
        guard let files else { return "off" }
        guard files.clientCAFile != nil else { return "on" }
        return files.clientCertificates == .required ? "mutual" : "mutual-optional"
    }

    /// How webhook attempts connect (the transport never follows redirects).
    private static func webhookClientConfiguration() -> HTTPClient.Configuration {
        var settings = HTTPClient.Configuration()
        settings.timeout.connect = .seconds(5)
        return settings
    }

    private static func release(_ gateway: Gateway, _ redis: RedisClient?, _ store: Store) async {
        try? await gateway.shutdown()
        await redis?.close()
        try? await store.close()
    }

    /// `LANGO_ADMIN_TOKEN`, when set; a token shorter than 32 characters is refused at start.
    static func adminToken(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) throws -> String? {
        guard let token = environment[AdminAPI.tokenVariable] else {
            logger.notice("admin API off: \(AdminAPI.tokenVariable) is not set")
            return nil
        }
        guard token.count >= 32 else {
            throw ConfigurationError(description: "\(AdminAPI.tokenVariable) must be at least 32 characters")
        }
        return token
    }
}

extension DisabledDecisionLog: Service {
    public func run() async throws {}
}
