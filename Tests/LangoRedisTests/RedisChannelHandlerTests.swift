import NIOCore
import NIOEmbedded
import Testing

@testable import LangoRedis

/// The handler on an `EmbeddedChannel`: virtual time, no sockets.
@Suite struct RedisChannelHandlerTests {
    private let channel = EmbeddedChannel()
    private let handler = RedisChannelHandler(commandTimeout: .seconds(1), logger: quietLogger)

    init() throws {
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
    }

    /// Submits `arguments` and returns the reply's future, its bytes already flushed.
    private func submit(_ arguments: String...) throws -> EventLoopFuture<RedisValue> {
        let promise = channel.eventLoop.makePromise(of: RedisValue.self)
        handler.submit(try RedisCommandEncoder.encode(arguments.lazy.map(\.utf8)), promise: promise)
        channel.embeddedEventLoop.run()
        return promise.futureResult
    }

    private func receive(_ wire: String) throws {
        try channel.writeInbound(ByteBuffer(string: wire))
    }

    /// How each future has completed so far: the reply, `error: …`, or `pending`.
    private func outcomes(_ futures: [EventLoopFuture<RedisValue>]) -> [String] {
        var outcomes = Array(repeating: "pending", count: futures.count)
        for (index, future) in futures.enumerated() {
            future.assumeIsolated().whenComplete { result in
                switch result {
                case .success(let value): outcomes[index] = value.description
                case .failure(let error): outcomes[index] = "error: \(error)"
                }
            }
        }
        return outcomes
    }

    private func written() throws -> String {
        var wire = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            wire += String(buffer: buffer)
        }
        return wire
    }

    @Test func writesCommandsAndMatchesRepliesInOrder() throws {
        let replies = [try submit("GET", "a"), try submit("INCR", "n"), try submit("PING")]
        #expect(try written() == "*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*1\r\n$4\r\nPING\r\n")
        try receive("$1\r\nx\r\n:4")
        #expect(outcomes(replies) == ["\"x\"", "pending", "pending"])
        try receive("2\r\n+PONG\r\n")
        #expect(outcomes(replies) == ["\"x\"", ":42", "+PONG"])
    }

    @Test func aTimedOutCommandKeepsItsSlotAndItsLateReplyIsDropped() throws {
        let slow = try submit("DEBUG", "SLEEP", "5")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
        let next = try submit("ECHO", "mine")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        #expect(outcomes([slow, next]) == ["error: Redis command timed out", "pending"])

        try receive("+OK\r\n")
        #expect(outcomes([next]) == ["pending"])
        try receive("$4\r\nmine\r\n")
        #expect(outcomes([next]) == ["\"mine\""])

        let after = try submit("PING")
        try receive("+PONG\r\n")
        #expect(outcomes([after]) == ["+PONG"])
    }

    @Test func timesOutEveryOverdueCommandAtOnce() throws {
        let first = try submit("PING")
        let second = try submit("PING")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(999))
        #expect(outcomes([first, second]) == ["pending", "pending"])
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(outcomes([first, second]) == ["error: Redis command timed out", "error: Redis command timed out"])
    }

    @Test func closesTheConnectionWhenTheOldestCommandStaysUnanswered() throws {
        let lost = try submit("PING")
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        // Written after the first timed out: it must still time out on time, not with the close.
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(3_500))
        let later = try submit("PING")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(499))
        #expect(channel.isActive)
        #expect(outcomes([lost, later]) == ["error: Redis command timed out", "pending"])
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
        #expect(
            outcomes([later, try submit("PING")]) == [
                "error: Redis connection lost: no reply within 5.0 seconds",
                "error: Redis connection lost: no reply within 5.0 seconds",
            ])
    }

    @Test func aLateReplyKeepsTheConnection() throws {
        let slow = try submit("DEBUG", "SLEEP", "3")
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        try receive("+OK\r\n")
        let next = try submit("PING")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(900))
        try receive("+PONG\r\n")
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(channel.isActive)
        #expect(outcomes([slow, next]) == ["error: Redis command timed out", "+PONG"])
    }

    @Test func aProtocolErrorFailsEveryWaitingCommandAndClosesTheChannel() throws {
        let replies = [try submit("PING"), try submit("PING")]
        try receive("+OK\r\n?bogus\r\n")
        let failure = "error: Redis protocol error: Protocol error, got \"?\" as reply type byte"
        #expect(outcomes(replies) == ["+OK", failure])
        #expect(!channel.isActive)
        #expect(outcomes([try submit("PING")]) == [failure])
    }

    @Test func aReplyNobodyAskedForIsAProtocolError() throws {
        try receive("+OK\r\n")
        #expect(!channel.isActive)
        #expect(
            outcomes([try submit("PING")]) == [
                "error: Redis protocol error: a reply arrived with no command waiting: +OK"
            ])
    }

    @Test func closingFailsWaitingCommandsWithClosed() throws {
        let waiting = try submit("BLPOP", "list", "0")
        handler.close()
        channel.embeddedEventLoop.run()
        #expect(
            outcomes([waiting, try submit("PING")]) == [
                "error: Redis client is closed", "error: Redis client is closed",
            ])
        #expect(!channel.isActive)
    }

    @Test func losingTheConnectionFailsWaitingCommandsOnce() throws {
        let expired = try submit("PING")
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        let waiting = try submit("PING")
        channel.pipeline.fireChannelInactive()
        #expect(
            outcomes([expired, waiting]) == [
                "error: Redis command timed out", "error: Redis connection lost: the server closed the connection",
            ]
        )
    }
}
