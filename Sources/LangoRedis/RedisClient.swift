import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A Redis client: one pipelined connection shared by all callers, reconnecting by itself.
///
/// - Commands from concurrent callers go out on the same connection without waiting for each
///   other; replies are matched to them in order.
/// - Each command has ``RedisConfiguration/commandTimeout`` to be answered (from when it is
///   written), else it fails with ``RedisError/timeout`` and its late reply is discarded. A
///   connection whose oldest command is still unanswered five timeouts after it was written is
///   taken for dead and closed, like a broken one.
/// - When the connection breaks or closes, every waiting command fails at once with a
///   connection error, and the next command reconnects. While the server stays unreachable,
///   attempts are spaced by ``RedisConfiguration/reconnectBackoff`` and commands in between
///   fail at once.
/// - Every error thrown is a ``RedisError``; server error replies are returned as
///   ``RedisValue/error(_:)``.
public final class RedisClient: Sendable {
    private typealias State = RedisConnectionState<RedisConnection, EventLoopPromise<RedisConnection>>

    /// Where and how this client connects.
    public let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state: Mutex<State>

    /// A client for `configuration`; it connects on the first command.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "lango.redis")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        var logger = logger
        logger[metadataKey: "redis"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        self.state = Mutex(State(backoff: configuration.reconnectBackoff))
    }

    deinit {
        if case .closeConnection(let connection) = state.withLock({ $0.close() }) {
            connection.closeNow()
        }
    }

    /// Sends a command (name first, e.g. `["SET", "key", "value"]`) and returns its reply.
    public func send(_ arguments: [String]) async throws(RedisError) -> RedisValue {
        try await send(command: RedisCommandEncoder.encode(arguments.lazy.map(\.utf8)))
    }

    /// Sends a command whose arguments are raw bytes (binary-safe) and returns its reply.
    public func send(bytes arguments: [[UInt8]]) async throws(RedisError) -> RedisValue {
        try await send(command: RedisCommandEncoder.encode(arguments))
    }

    /// Runs `script` with `EVALSHA`: on first use, and whenever the server answers `NOSCRIPT`
    /// (after `SCRIPT FLUSH` or a restart), it loads the script with `SCRIPT LOAD` and runs it
    /// once more. The script's result, or its error reply, is returned.
    public func evaluate(
        _ script: RedisScript, keys: [String], arguments: [String]
    ) async throws(RedisError) -> RedisValue {
        if let sha1 = script.digest.value {
            let reply = try await send(command: Self.evalsha(sha1, keys: keys, arguments: arguments))
            guard reply.errorMessage?.hasPrefix("NOSCRIPT") == true else { return reply }
        }
        let loaded = try await send(["SCRIPT", "LOAD", script.source])
        if loaded.errorMessage != nil { return loaded }
        guard let digest = loaded.bytesValue, Self.isSHA1(digest) else {
            throw .protocolError("SCRIPT LOAD answered \(loaded)")
        }
        let sha1 = String(decoding: digest, as: UTF8.self)
        script.digest.value = sha1
        return try await send(command: Self.evalsha(sha1, keys: keys, arguments: arguments))
    }

    /// Closes the connection; waiting and later commands fail with ``RedisError/closed``.
    public func close() async {
        switch state.withLock({ $0.close() }) {
        case .nothing:
            break
        case .closeConnection(let connection):
            await connection.close()
        case .awaitAttempt(let attempt):
            _ = try? await attempt.futureResult.get()
        }
    }

    /// Whether `digest` is 40 lowercase hex digits, as `SCRIPT LOAD` answers.
    private static func isSHA1(_ digest: [UInt8]) -> Bool {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let letters = UInt8(ascii: "a")...UInt8(ascii: "f")
        return digest.count == 40 && digest.allSatisfy { digits.contains($0) || letters.contains($0) }
    }

    private static func evalsha(_ sha1: String, keys: [String], arguments: [String]) throws(RedisError) -> ByteBuffer {
        let head = ["EVALSHA", sha1, String(keys.count)]
        return try RedisCommandEncoder.encode([head, keys, arguments].joined().lazy.map(\.utf8))
    }

    private func send(command: ByteBuffer) async throws(RedisError) -> RedisValue {
        try await connection().send(command)
    }

    private func connection() async throws(RedisError) -> RedisConnection {
        let eventLoopGroup = self.eventLoopGroup
        let acquisition = state.withLock { state in
            state.acquire(now: .now()) { eventLoopGroup.any().makePromise(of: RedisConnection.self) }
        }
        switch acquisition {
        case .ready(let connection):
            return connection
        case .join(let attempt):
            do {
                return try await attempt.futureResult.get()
            } catch let error as RedisError {
                throw error
            } catch {
                throw .connectionFailed("\(error)")
            }
        case .start(let attempt):
            return try await connect(fulfilling: attempt)
        case .backingOff(let lastFailure):
            throw .backingOff(lastFailure: lastFailure)
        case .closed:
            throw .closed
        }
    }

    private func connect(
        fulfilling attempt: EventLoopPromise<RedisConnection>
    ) async throws(RedisError) -> RedisConnection {
        let connection: RedisConnection
        do {
            connection = try await RedisConnection.connect(
                configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger
            )
        } catch {
            logger.warning("Redis connection attempt failed", metadata: ["error": "\(error)"])
            state.withLock { $0.attemptFailed(reason: "\(error)", now: .now()) }
            attempt.fail(error)
            throw error
        }
        guard state.withLock({ $0.attemptSucceeded(connection) }) else {
            await connection.close()
            attempt.fail(RedisError.closed)
            throw .closed
        }
        logger.debug("connected to Redis")
        let logger = self.logger
        connection.channel.closeFuture.whenComplete { [weak self] _ in
            logger.debug("Redis connection closed")
            self?.state.withLock { $0.connectionClosed(connection) }
        }
        attempt.succeed(connection)
        return connection
    }
}
