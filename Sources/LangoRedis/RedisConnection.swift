import Logging
import NIOCore
import NIOPosix

/// One open, authenticated connection: a NIO channel with a ``RedisChannelHandler``.
final class RedisConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<RedisChannelHandler>

    private init(channel: any Channel, handler: RedisChannelHandler) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
    }

    /// Connects, then sends `AUTH` and `SELECT` as configured (pipelined). Throws
    /// ``RedisError/connectionFailed(_:)`` when any step fails; the channel is closed then.
    static func connect(
        configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger
    ) async throws(RedisError) -> RedisConnection {
        let commandTimeout = TimeAmount(configuration.commandTimeout)
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        RedisChannelHandler(commandTimeout: commandTimeout, logger: logger)
                    )
                }
            }
        let connection: RedisConnection
        do {
            connection = try await bootstrap.connect(host: configuration.host, port: configuration.port)
                .flatMapThrowing { channel in
                    RedisConnection(
                        channel: channel,
                        handler: try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self)
                    )
                }
                .get()
        } catch ChannelError.connectTimeout {
            throw .connectionFailed(
                "\(configuration.host):\(configuration.port): no connection within \(configuration.connectTimeout)"
            )
        } catch {
            throw .connectionFailed("\(configuration.host):\(configuration.port): \(error)")
        }
        do {
            try await connection.handshake(configuration)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Sends `command` (already encoded) and waits for its reply.
    func send(_ command: ByteBuffer) async throws(RedisError) -> RedisValue {
        do {
            return try await submit(command).get()
        } catch let error as RedisError {
            throw error
        } catch {
            throw .connectionLost("\(error)")
        }
    }

    /// Fails waiting commands with ``RedisError/closed`` and waits for the channel to close.
    func close() async {
        closeNow()
        try? await channel.closeFuture.get()
    }

    /// Starts closing without waiting.
    func closeNow() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.close() }
    }

    private func submit(_ command: ByteBuffer) -> EventLoopFuture<RedisValue> {
        let promise = channel.eventLoop.makePromise(of: RedisValue.self)
        let handler = self.handler
        channel.eventLoop.execute { handler.value.submit(command, promise: promise) }
        return promise.futureResult
    }

    private func handshake(_ configuration: RedisConfiguration) async throws(RedisError) {
        var steps: [(name: String, reply: EventLoopFuture<RedisValue>)] = []
        if let password = configuration.password {
            let auth = ["AUTH"] + (configuration.username.map { [$0] } ?? []) + [password]
            steps.append(("AUTH", submit(try RedisCommandEncoder.encode(auth.map(\.utf8)))))
        }
        if configuration.database != 0 {
            let select = ["SELECT", String(configuration.database)]
            steps.append(("SELECT", submit(try RedisCommandEncoder.encode(select.map(\.utf8)))))
        }
        for step in steps {
            let reply: RedisValue
            do {
                reply = try await step.reply.get()
            } catch {
                throw .connectionFailed("\(step.name) failed: \(error)")
            }
            if let message = reply.errorMessage {
                throw .connectionFailed("\(step.name) refused: \(message)")
            }
        }
    }
}
