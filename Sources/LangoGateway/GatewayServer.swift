import Foundation
import Hummingbird
import LangoBank
import LangoIdentity
import LangoJSON
import LangoPolicy
import LangoStore
import Logging
import ServiceLifecycle

/// `lango serve`: opens the store, seeds the sandbox bank on first run, loads the policies,
/// and serves until SIGTERM or SIGINT (SIGHUP reloads the policies).
public enum GatewayServer {
    public static func run(configuration: GatewayConfiguration, logger: Logger) async throws {
        let dataDirectory = DataDirectory(path: configuration.dataDirectory)
        try dataDirectory.prepare()
        let hasher = try KeyHasher(pepper: try dataDirectory.apiKeyPepper())
        let policies = try PolicyLoader.load(from: configuration.policyDirectory, configuration: configuration)
        for warning in policies.warnings {
            logger.warning("policy warning", metadata: ["diagnostic": "\(warning)"])
        }

        let store = try await Store.openSQLite(path: configuration.effectiveDatabasePath, logger: logger)
        let sandbox = SandboxBank(ledger: store.sandboxLedger)
        // The seeded history ends on the anchor's UTC day; by default, today.
        let anchor = configuration.sandboxAnchor ?? Date()
        if try await sandbox.bootstrap(anchor: anchor) {
            logger.notice("sandbox bank seeded", metadata: ["anchor": "\(ISO8601.formatDate(anchor))"])
        }

        let decisionLog: any DecisionLog & Service =
            configuration.decisionLog == "off" ? DisabledDecisionLog() : try JSONLinesDecisionLog(path: configuration.decisionLog)
        let keys = APIKeyAuthenticator(
            store: store.identity, hasher: hasher, cacheTTL: .milliseconds(configuration.apiKeyCacheMilliseconds))
        let gateway = Gateway(
            configuration: configuration, policies: policies, keys: keys, sandbox: sandbox, decisionLog: decisionLog,
            logger: logger)

        let application = Application(
            router: gateway.makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: [decisionLog, gateway.reloadService(directory: configuration.policyDirectory)],
            onServerRunning: { channel in
                gateway.listening(onPort: channel.localAddress?.port ?? configuration.port)
                logger.notice(
                    "listening",
                    metadata: [
                        "host": "\(configuration.host)", "port": "\(channel.localAddress?.port ?? configuration.port)",
                        "policy_revision": "\(policies.revision)", "rules": "\(policies.rules.count)",
                    ])
            },
            logger: logger
        )
        do {
            try await application.runService()
        } catch {
            try? await gateway.shutdown()
            try? await store.close()
            throw error
        }
        try await gateway.shutdown()
        try await store.close()
    }
}

extension DisabledDecisionLog: Service {
    public func run() async throws {}
}
