import ArgumentParser
import Foundation
import LangoGateway
import LangoJSON

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway.",
        discussion: """
            On embedded defaults: SQLite under .lango/, the sandbox bank in-process, policies from \
            ./policies, listening on 127.0.0.1:8080. Decision log lines go to standard output, \
            operational logs (JSON) to standard error. SIGHUP reloads the policies; SIGTERM and \
            SIGINT shut down gracefully.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (default 8080).")
    var port: Int?

    @Option(name: .long, help: "The policy directory (default policies).")
    var policies: String?

    @Option(name: .customLong("core-url"), help: "Route the core adapter to a core-banking service over HTTP (such as lango core-sim) instead of the in-process sandbox.")
    var coreURL: String?

    @Option(name: .customLong("public-url"), help: "The URL clients reach the gateway at, for links in responses.")
    var publicURL: String?

    @Option(name: .customLong("decision-log"), help: "Decision log destination: - (standard output), off, or a file.")
    var decisionLog: String?

    @Option(name: .customLong("sandbox-anchor"), help: "The date the seeded sandbox history ends (first run only), e.g. 2026-11-01.")
    var sandboxAnchor: String?

    @Option(name: .long, help: "The plan directory (default plans).")
    var plans: String?

    @Option(name: .long, help: "Share rate-limit and quota counters with other gateway nodes through Redis, e.g. redis://127.0.0.1:6379/0.")
    var redis: String?

    @Option(name: .long, help: "How many gateway nodes share the limits (for the local Redis-loss mode).")
    var nodes: Int?

    @Option(name: .customLong("admin-port"), help: "Port of the admin listener (/metrics); 0 picks a free one, -1 turns it off (default 8081).")
    var adminPort: Int?

    func validate() throws {
        func check(_ value: Int?, in range: ClosedRange<Int>, _ option: String) throws {
            guard let value, !range.contains(value) else { return }
            throw ValidationError("\(option) must be \(range.lowerBound) to \(range.upperBound)")
        }
        try check(port, in: GatewayConfiguration.portRange, "--port")
        try check(adminPort, in: GatewayConfiguration.adminPortRange, "--admin-port")
        try check(nodes, in: GatewayConfiguration.nodesRange, "--nodes")
        if let redis, !GatewayConfiguration.looksLikeRedisURL(redis) {
            throw ValidationError("--redis must look like redis://127.0.0.1:6379/0")
        }
    }

    func run() async throws {
        try await reporting {
            var configuration = try common.configuration()
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if let policies { configuration.policyDirectory = policies }
            if let coreURL {
                // A configured core-http service keeps its connections, token and TLS at the new URL.
                let configured: HTTPServiceConfiguration =
                    if case .coreHTTP(let service)? = configuration.adapters["core"] { service } else { HTTPServiceConfiguration(url: coreURL) }
                do {
                    configuration.adapters["core"] = .coreHTTP(try configured.moved(to: coreURL))
                } catch {
                    throw CommandFailure.cannotRun("--core-url: \(error)")
                }
            }
            if let publicURL { configuration.publicURL = publicURL }
            if let decisionLog { configuration.decisionLog = decisionLog }
            if let plans { configuration.planDirectory = plans }
            if let redis { configuration.redisURL = redis }
            if let nodes { configuration.nodes = nodes }
            if let adminPort { configuration.adminPort = adminPort }
            if let sandboxAnchor {
                guard let anchor = ISO8601.parse(sandboxAnchor) else {
                    throw CommandFailure.cannotRun("--sandbox-anchor must be a date such as 2026-11-01")
                }
                configuration.sandboxAnchor = anchor
            }
            do {
                try await GatewayServer.run(configuration: configuration, logger: makeLogger(label: "lango.gateway"))
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure.cannotRun("\(error)")
            }
        }
    }
}
