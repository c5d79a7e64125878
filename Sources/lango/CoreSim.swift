import ArgumentParser
import Foundation
import Hummingbird
import LangoBank
import LangoCoreSim
import LangoJSON
import LangoStore
import Logging

struct CoreSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core-sim",
        abstract: "Serve the sandbox bank as a standalone core-banking service (see docs/core-contract.md).",
        discussion: """
            Its state lives in its own SQLite file, so it behaves like a separate system: point \
            the gateway at it with `lango serve --core-url http://127.0.0.1:9090`.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 9090

    @Option(help: "The simulator's SQLite file.")
    var database = ".lango/core-sim.db"

    @Option(name: .customLong("latency-ms"), help: "Delay every answer by this many milliseconds, to imitate a slow core.")
    var latencyMilliseconds = 0

    @Option(name: .customLong("sandbox-anchor"), help: "The date the seeded history ends (first run only), e.g. 2026-11-01.")
    var sandboxAnchor: String?

    func validate() throws {
        guard latencyMilliseconds >= 0 else { throw ValidationError("--latency-ms cannot be negative") }
    }

    func run() async throws {
        try await reporting {
            let logger = makeLogger(label: "lango.core-sim")
            let anchor: Date
            if let sandboxAnchor {
                guard let parsed = ISO8601.parse(sandboxAnchor) else {
                    throw CommandFailure.cannotRun("--sandbox-anchor must be a date such as 2026-11-01")
                }
                anchor = parsed
            } else {
                anchor = Date()  // the history ends on the anchor's UTC day
            }
            let store: Store
            do {
                store = try await Store.openSQLite(path: database, logger: logger)
            } catch {
                throw CommandFailure.cannotRun("\(error)")
            }
            let bank = SandboxBank(ledger: store.sandboxLedger)
            if try await bank.bootstrap(anchor: anchor) {
                logger.notice("sandbox bank seeded", metadata: ["anchor": "\(ISO8601.formatDate(anchor))"])
            }
            let application = Application(
                router: CoreSimRouter.make(bank: bank, latency: .milliseconds(latencyMilliseconds)),
                configuration: .init(address: .hostname(host, port: port), serverName: nil),
                onServerRunning: { channel in
                    logger.notice("listening", metadata: ["host": "\(host)", "port": "\(channel.localAddress?.port ?? port)"])
                },
                logger: logger
            )
            try await application.runService()
            try await store.close()
        }
    }
}
