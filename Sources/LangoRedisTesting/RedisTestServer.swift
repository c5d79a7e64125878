import Foundation
import LangoRedis
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A throwaway `redis-server` on a free loopback port, for tests.
///
/// It runs without persistence (`--save '' --appendonly no`) in a temporary directory, can be
/// stopped (`SIGTERM`, then waiting for the exit) and started again on the same port mid-test,
/// and is shut down by ``withRedisServer(password:arguments:_:)`` when the test ends. When
/// `redis-server` is not installed, starting fails with a message saying so: tests that need
/// Redis fail, never skip.
public actor RedisTestServer {
    /// The loopback port the server listens on.
    public nonisolated let port: Int
    /// The `requirepass` password, if any.
    public nonisolated let password: String?
    private let executable: String
    private let directory: URL
    private let extraArguments: [String]
    private var process: ChildProcess?

    /// `redis://[:password@]127.0.0.1:port/database`.
    public nonisolated func url(database: Int = 0) -> String {
        let credentials = password.map { ":\($0)@" } ?? ""
        return "redis://\(credentials)127.0.0.1:\(port)/\(database)"
    }

    /// A client configuration for this server with short timeouts and backoff, suited to tests.
    public nonisolated func configuration(database: Int = 0) throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: url(database: database))
        configuration.connectTimeout = .seconds(2)
        configuration.commandTimeout = .seconds(5)
        configuration.reconnectBackoff = RedisReconnectBackoff(
            initialDelay: .milliseconds(10), maximumDelay: .milliseconds(50))
        return configuration
    }

    /// Starts a server and waits until it answers `PING`; `arguments` are extra `redis-server`
    /// options (e.g. `["--enable-debug-command", "local"]`).
    public static func start(password: String? = nil, arguments: [String] = []) async throws -> RedisTestServer {
        let executable = try redisServerExecutable()
        var lastError: RedisTestServerError?
        // Another process may take the port between the check and Redis binding it: try another.
        for _ in 0..<5 {
            let server = RedisTestServer(
                port: try await freeLoopbackPort(), password: password, executable: executable,
                extraArguments: arguments
            )
            do {
                try await server.start()
                return server
            } catch let error as RedisTestServerError where error.portWasTaken {
                await server.shutDown()
                lastError = error
            } catch {
                await server.shutDown()
                throw error
            }
        }
        throw lastError ?? RedisTestServerError("could not start redis-server")
    }

    private init(port: Int, password: String?, executable: String, extraArguments: [String]) {
        self.port = port
        self.password = password
        self.executable = executable
        self.extraArguments = extraArguments
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lango-redis-\(port)-\(UUID().uuidString)")
    }

    /// Starts the server (again, after ``stop()``) on its port and waits until it answers `PING`.
    public func start() async throws {
        guard process == nil else { return }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", directory.path, "--logfile", logFile.path,
            ] + (password.map { ["--requirepass", $0] } ?? []) + extraArguments
        let process = try ChildProcess.spawn(executable, arguments: arguments)
        self.process = process
        try await waitUntilAnswering(process)
    }

    /// Stops the server (`SIGTERM`) and waits for it to exit.
    public func stop() async {
        guard let process else { return }
        self.process = nil
        await process.terminate()
    }

    /// Stops the server and removes its directory.
    public func shutDown() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private var logFile: URL { directory.appendingPathComponent("redis.log") }

    private func waitUntilAnswering(_ process: ChildProcess) async throws {
        var configuration = try self.configuration()
        configuration.commandTimeout = .seconds(1)
        for _ in 0..<500 {
            guard process.isRunning() else { break }
            let client = RedisClient(configuration: configuration, logger: Self.probeLogger)
            let reply = try? await client.send(["PING"])
            await client.close()
            if reply == .simpleString("PONG") { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
        await stop()
        throw RedisTestServerError(
            "redis-server on port \(port) did not answer PING; its log:\n\(log)",
            portWasTaken: log.contains("Address already in use")
        )
    }

    /// Keeps the refused connections of the start-up probes out of the test output.
    private static let probeLogger: Logger = {
        var logger = Logger(label: "lango.redis.test-server")
        logger.logLevel = .critical
        return logger
    }()

    private static func redisServerExecutable() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"]
        let candidates = directories.map { "\($0)/redis-server" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw RedisTestServerError(
                "redis-server is not installed, and these tests need a real Redis: install it (apt-get install redis-server)"
            )
        }
        return found
    }

    /// Ports this process handed out already, so parallel tests never share one.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A loopback port that is free now: one below Linux's ephemeral range (32768–60999), so
    /// the kernel does not give it to an outgoing connection meanwhile, never handed out
    /// before by this process, and bindable without `SO_REUSEADDR`.
    private static func freeLoopbackPort() async throws -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: 20_000..<32_768)
            guard handedOut.withLock({ $0.insert(candidate).inserted }) else { continue }
            let probe = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 0)
                .bind(host: "127.0.0.1", port: candidate).get()
            if let probe {
                try await probe.close()
                return candidate
            }
        }
        throw RedisTestServerError("could not find a free loopback port")
    }
}

/// Runs `body` with a fresh ``RedisTestServer`` and shuts the server down afterwards, whether
/// `body` returns or throws.
public func withRedisServer<Result>(
    password: String? = nil, arguments: [String] = [], _ body: (RedisTestServer) async throws -> Result
) async throws -> Result {
    let server = try await RedisTestServer.start(password: password, arguments: arguments)
    do {
        let result = try await body(server)
        await server.shutDown()
        return result
    } catch {
        await server.shutDown()
        throw error
    }
}

/// Why a test server could not be provided.
public struct RedisTestServerError: Error, CustomStringConvertible {
    /// What is missing or what went wrong, with the server's log where there is one.
    public let description: String
    /// Redis could not bind its port: another process took it.
    let portWasTaken: Bool

    init(_ description: String, portWasTaken: Bool = false) {
        self.description = description
        self.portWasTaken = portWasTaken
    }
}
