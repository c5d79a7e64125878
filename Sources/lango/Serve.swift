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

    func run() async throws {
        try await reporting {
            var configuration = try common.configuration()
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if let policies { configuration.policyDirectory = policies }
            if let coreURL { configuration.adapters["core"] = .coreHTTP(url: coreURL, connections: 64) }
            if let publicURL { configuration.publicURL = publicURL }
            if let decisionLog { configuration.decisionLog = decisionLog }
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
