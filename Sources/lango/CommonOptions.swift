import ArgumentParser
import Foundation
import LangoGateway
import LangoIdentity
import LangoStore
import Logging

/// Options every command that reads the configuration or the store accepts.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "A JSON configuration file (see docs/configuration.md).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Where Lango keeps its state (default .lango).")
    var dataDirectory: String?

    @Option(name: .long, help: "The SQLite database file (default <data-dir>/lango.db).")
    var database: String?

    /// The configuration file (if any) with these options applied on top.
    func configuration() throws -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        if let config {
            do {
                configuration = try GatewayConfiguration.load(contentsOf: config)
            } catch {
                throw CommandFailure.cannotRun("\(error)")
            }
        }
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        if let database { configuration.databasePath = database }
        return configuration
    }

    /// What the admin commands work on.
    struct Administration {
        let store: Store
        let manager: APIKeyManager
        let configuration: GatewayConfiguration
        /// The installation secret (the API key pepper).
        let pepper: [UInt8]
        let hasher: KeyHasher
    }

    /// Opens the store and the key manager, runs `body`, and closes the store again.
    func administer(_ body: (Administration) async throws -> Void) async throws {
        let configuration = try configuration()
        let administration: Administration
        do {
            let directory = DataDirectory(path: configuration.dataDirectory)
            let pepper = try directory.apiKeyPepper()
            let hasher = try KeyHasher(pepper: pepper)
            let store = try await Store.openSQLite(path: configuration.effectiveDatabasePath, logger: Logger(label: "lango.admin"))
            administration = Administration(
                store: store, manager: APIKeyManager(store: store.identity, hasher: hasher), configuration: configuration, pepper: pepper,
                hasher: hasher)
        } catch {
            throw CommandFailure.cannotRun("\(error)")
        }
        do {
            try await body(administration)
        } catch {
            try? await administration.store.close()
            throw error
        }
        try await administration.store.close()
    }
}

/// A command's failure, with the exit status it maps to.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    let exitCode: ExitCode

    static func problems(_ message: String) -> Self { Self(description: message, exitCode: ExitStatus.problems) }
    static func cannotRun(_ message: String) -> Self { Self(description: message, exitCode: ExitStatus.cannotRun) }
}

/// Runs `body`, printing a failure to standard error and exiting with its status.
func reporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CommandFailure {
        FileHandle.standardError.write(Data("lango: \(failure.description)\n".utf8))
        throw failure.exitCode
    } catch let error as IdentityError {
        FileHandle.standardError.write(Data("lango: \(error)\n".utf8))
        throw ExitStatus.problems
    }
}

/// Parses `30d`, `12h`, `90m` or `45s`.
func parseDuration(_ text: String, option: String) throws -> Duration {
    guard let unit = text.last, let amount = Int(text.dropLast()), amount >= 0 else {
        throw ValidationError("\(option) must look like 30d, 12h, 90m or 45s")
    }
    switch unit {
    case "d": return .seconds(amount * 86_400)
    case "h": return .seconds(amount * 3_600)
    case "m": return .seconds(amount * 60)
    case "s": return .seconds(amount)
    default: throw ValidationError("\(option) must look like 30d, 12h, 90m or 45s")
    }
}

func makeLogger(label: String) -> Logger {
    Logger(label: label) { JSONLogHandler(label: $0) }
}
