import Foundation
import LangoJSON
import LangoScriptTesting
import Synchronization

/// Where the repository and the built `lango` binary are.
enum Repository {
    /// The package root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `LANGO_BINARY`, or the `lango` built with the tests: next to the test executable (so a
    /// build with `--scratch-path` finds its own), else `.build/debug/lango`.
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["LANGO_BINARY"] { return explicit }
        if let tests = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let sibling = tests.deletingLastPathComponent().appendingPathComponent("lango").path
            if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        }
        return root.appendingPathComponent(".build/debug/lango").path
    }

    static var policies: String { root.appendingPathComponent("policies").path }

    static var plans: String { root.appendingPathComponent("plans").path }
}

/// A scratch directory for one test, removed when the test is done.
final class Scratch: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lango-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A failure of the harness itself (a process that would not start, a missing line).
struct HarnessError: Error, CustomStringConvertible {
    let description: String
}

/// The output of a `lango` command that ran to completion.
struct CommandResult {
    let status: Int32
    let standardOutput: String
    let standardError: String

    var trimmedOutput: String { standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) }
}

enum Lango {
    /// Runs `lango arguments…` to completion, without holding a thread while it runs.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: Repository.binary), arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, directory: Repository.root)
        return CommandResult(status: outcome.status, standardOutput: outcome.output, standardError: outcome.errors)
    }
}

/// What a server process has written to standard error, and the port it announced.
private final class ServerOutput: Sendable {
    let lines = Mutex<[String]>([])
    let port = Mutex<Int?>(nil)
    let adminPort = Mutex<Int?>(nil)
    /// Whether standard error has closed (the process is ending).
    let closed = Mutex(false)
}

/// A long-running `lango` server process (`serve` or `core-sim`) on a port it picked.
///
/// Starting and stopping suspend rather than block: tests share a cooperative thread per core.
/// A start-up holds a place in ``ProcessGate/shared`` until the server listens.
final class ServerProcess: Sendable {
    private let process: Process
    private let output: ServerOutput
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `lango arguments…` (which must include `--port 0`), with `environment` added to
    /// this process's, and waits for its `listening` log line.
    init(_ arguments: [String], environment: [String: String] = [:]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = Repository.root
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let output = ServerOutput()
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                output.closed.withLock { $0 = true }
                return
            }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                output.lines.withLock { $0.append(String(line)) }
                guard let json = try? JSONValue.parse(String(line)), let port = json["port"]?.stringValue.flatMap(Int.init) else {
                    continue
                }
                switch json["message"]?.stringValue {
                case "listening": output.port.withLock { $0 = port }
                case "admin listening": output.adminPort.withLock { $0 = port }
                default: break
                }
            }
        }
        // The start-up (migrations, seeding) is the heavy part; once listening, a server idles.
        do {
            try await ProcessGate.shared.run {
                try process.run()
                let deadline = ContinuousClock.now + .seconds(120)
                while output.port.withLock({ $0 }) == nil, !output.closed.withLock({ $0 }), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        } catch {
            // Cancelled while waiting: a started server is not left behind.
            if process.processIdentifier != 0 { await Self.stop(process) }
            throw error
        }
        guard let port = output.port.withLock({ $0 }) else {
            await Self.stop(process)
            throw HarnessError(
                description: "lango \(arguments.joined(separator: " ")) did not start: \(output.lines.withLock { $0.joined(separator: "\n") })")
        }
        self.process = process
        self.output = output
        self.port = port
    }

    /// The JSON log lines written so far.
    var logs: [String] { output.lines.withLock { $0 } }

    /// The admin listener's port, once it has logged it.
    var adminPort: Int? { output.adminPort.withLock { $0 } }

    var processIdentifier: Int32 { process.processIdentifier }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Stops the process (SIGTERM, then SIGKILL after 10 seconds) and waits for it; returns its
    /// exit status.
    @discardableResult
    func stop() async -> Int32 {
        await Self.stop(process)
    }

    @discardableResult
    private static func stop(_ process: Process) async -> Int32 {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning {
            if ContinuousClock.now >= deadline || Task.isCancelled { kill(process.processIdentifier, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// A process its test did not stop is sent SIGTERM now and waited for in the background,
    /// off the test's threads.
    deinit {
        guard process.isRunning else { return }
        process.terminate()
        let process = self.process
        Task.detached { await Self.stop(process) }
    }
}
