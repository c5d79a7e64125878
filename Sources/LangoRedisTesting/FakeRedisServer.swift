import NIOCore
import NIOPosix

/// A loopback TCP server that stands in for a broken or hung Redis: it answers every chunk of
/// bytes it receives with the same canned bytes, or never answers when they are empty.
public final class FakeRedisServer: Sendable {
    /// The loopback port it listens on.
    public let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Starts listening; `answer` is sent back for each read (e.g. `Array("?bogus\r\n".utf8)`).
    public static func start(answer: [UInt8]) async throws -> FakeRedisServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(CannedAnswerHandler(answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw RedisTestServerError("the fake Redis server has no port")
        }
        return FakeRedisServer(port: port, channel: channel)
    }

    /// A redis:// URL for it.
    public var url: String { "redis://127.0.0.1:\(port)" }

    /// Stops listening (connections already accepted stay open until their clients close them).
    public func close() async {
        try? await channel.close()
    }
}

private final class CannedAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answer: [UInt8]

    init(answer: [UInt8]) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answer.isEmpty else { return }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: answer)), promise: nil)
    }
}
