import LangoRedis
import LangoRedisTesting
import NIOCore
import NIOPosix
import Testing

@Suite struct RedisClientTests {
    @Test func answersWithEveryKindOfValue() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            #expect(try await client.send(["SET", "greeting", "jambo"]) == .simpleString("OK"))
            #expect(try await client.send(["PING"]) == .simpleString("PONG"))
            #expect(try await client.send(["GET", "greeting"]) == .bulkString(Array("jambo".utf8)))
            #expect(try await client.send(["INCRBY", "counter", "-7"]) == .integer(-7))
            #expect(try await client.send(["GET", "missing"]) == .null)
            #expect(try await client.send(["RPUSH", "list", "a", "", "c"]) == .integer(3))
            #expect(
                try await client.send(["LRANGE", "list", "0", "-1"])
                    == .array([.bulkString([97]), .bulkString([]), .bulkString([99])])
            )
            #expect(
                try await client.send(["MGET", "greeting", "missing"])
                    == .array([.bulkString(Array("jambo".utf8)), .null]))
            #expect(try await client.send(["LRANGE", "missing", "0", "-1"]) == .array([]))
            let unknown = try await client.send(["NOSUCHCOMMAND", "x"])
            #expect(unknown.errorMessage?.hasPrefix("ERR unknown command") == true)
            let wrongType = try await client.send(["INCR", "list"])
            #expect(wrongType.errorMessage?.hasPrefix("WRONGTYPE") == true)
            await client.close()
        }
    }

    @Test func carriesBinaryAndLargeValuesAndNestedArrays() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            let binary = (0...255).map { UInt8($0) }
            #expect(try await client.send(bytes: [Array("SET".utf8), binary, binary]) == .simpleString("OK"))
            #expect(try await client.send(bytes: [Array("GET".utf8), binary]) == .bulkString(binary))

            var generator = SystemRandomNumberGenerator()
            let large = (0..<(8 << 20)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            #expect(
                try await client.send(bytes: [Array("SET".utf8), Array("large".utf8), large]) == .simpleString("OK"))
            #expect(try await client.send(["STRLEN", "large"]) == .integer(Int64(large.count)))
            #expect(try await client.send(["GET", "large"]) == .bulkString(large))

            let items = (0..<10_000).map { "item-\($0)" }
            #expect(try await client.send(["RPUSH", "items"] + items) == .integer(10_000))
            #expect(
                try await client.send(["LRANGE", "items", "0", "-1"])
                    == .array(items.map { .bulkString(Array($0.utf8)) }))

            let nested = try await client.send(["EVAL", "return {1, {2, {3, {'deep', {}}}}, 'top'}", "0"])
            #expect(
                nested
                    == .array([
                        .integer(1),
                        .array([
                            .integer(2), .array([.integer(3), .array([.bulkString(Array("deep".utf8)), .array([])])]),
                        ]),
                        .bulkString(Array("top".utf8)),
                    ])
            )
            await client.close()
        }
    }

    @Test func pipelinesAThousandConcurrentCommandsOnOneConnection() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            let results = try await withThrowingTaskGroup(of: RedisValue.self) { group in
                for _ in 0..<1_000 {
                    group.addTask { try await client.send(["INCR", "hits"]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.compactMap(\.integerValue).sorted() == Array(1...1_000))

            let connectionIDs = try await withThrowingTaskGroup(of: RedisValue.self) { group in
                for _ in 0..<100 {
                    group.addTask { try await client.send(["CLIENT", "ID"]) }
                }
                return try await group.reduce(into: Set()) { $0.insert($1) }
            }
            #expect(connectionIDs.count == 1)
            await client.close()
        }
    }

    @Test func matchesEachConcurrentCallerWithItsOwnReply() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            try await withThrowingTaskGroup(of: (String, RedisValue).self) { group in
                for index in 0..<500 {
                    let payload = "caller-\(index)-" + String(repeating: "x", count: index % 37)
                    group.addTask { (payload, try await client.send(["ECHO", payload])) }
                }
                for try await (payload, reply) in group {
                    #expect(reply == .bulkString(Array(payload.utf8)))
                }
            }
            await client.close()
        }
    }

    @Test func aTimedOutCommandDoesNotShiftLaterReplies() async throws {
        try await withRedisServer(arguments: ["--enable-debug-command", "local"]) { server in
            let client = try makeClient(for: server) { $0.commandTimeout = .milliseconds(200) }
            #expect(try await client.send(["PING"]) == .simpleString("PONG"))
            #expect(await redisError { try await client.send(["DEBUG", "SLEEP", "0.5"]) } == .timeout)

            // (It sleeps less than the five timeouts after which the client gives the connection up.)
            // Probes sent while the server sleeps time out too; the first answered one must
            // carry its own reply, not the sleep's late "OK" or an earlier probe's.
            var answered = false
            for index in 0..<200 where !answered {
                do {
                    #expect(
                        try await client.send(["ECHO", "probe-\(index)"]) == .bulkString(Array("probe-\(index)".utf8)))
                    answered = true
                } catch let error as RedisError where error == .timeout {
                    continue
                }
            }
            #expect(answered)
            for index in 0..<20 {
                #expect(try await client.send(["ECHO", "after-\(index)"]) == .bulkString(Array("after-\(index)".utf8)))
            }
            await client.close()
        }
    }

    @Test func timesOutWhenTheServerNeverAnswers() async throws {
        let silent = try await FakeRedisServer.start(answer: [])
        var configuration = try RedisConfiguration(url: silent.url)
        configuration.commandTimeout = .milliseconds(100)
        let client = RedisClient(configuration: configuration, logger: quietLogger)
        let errors = await withTaskGroup(of: RedisError?.self) { group in
            for _ in 0..<10 {
                group.addTask { await redisError { try await client.send(["PING"]) } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // Every command fails rather than hang: by its own timeout, or — when a loaded machine
        // runs the timers late — because the stuck connection was closed under it.
        #expect(errors.count == 10)
        #expect(errors.contains(.timeout))
        #expect(errors.allSatisfy { $0 == .timeout || $0?.isConnectionProblem == true }, "\(errors)")
        await client.close()
        await silent.close()
    }

    @Test func failsToConnectWithinTheConnectTimeout() async throws {
        // A listener that never accepts, its one-connection backlog already taken: new
        // connection attempts get no answer at all.
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 0)
            .serverChannelOption(.autoRead, value: false)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(listener.localAddress?.port)
        let filler = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()

        var configuration = RedisConfiguration(host: "127.0.0.1", port: port)
        configuration.connectTimeout = .milliseconds(200)
        let client = RedisClient(configuration: configuration, logger: quietLogger)
        let error = try #require(await redisError { try await client.send(["PING"]) })
        #expect(error == .connectionFailed("127.0.0.1:\(port): no connection within 0.2 seconds"))
        #expect(error.isConnectionProblem)
        await client.close()
        try await filler.close()
        try await listener.close()
    }

    @Test func failsWaitingCommandsAtOnceWhenTheServerGoesAway() async throws {
        try await withRedisServer { server in
            let (client, blocked) = try await blockedCommand(on: server)
            await server.stop()
            let error = try #require(await blocked.value)
            #expect(error.isConnectionProblem)
            #expect(error != .timeout)
            let next = try #require(await redisError { try await client.send(["PING"]) })
            #expect(next.isConnectionProblem)
            await client.close()
        }
    }

    @Test func failsFastWhileBackingOffInsteadOfPilingUp() async throws {
        try await withRedisServer { server in
            await server.stop()
            let client = try makeClient(for: server) {
                $0.reconnectBackoff = RedisReconnectBackoff(
                    initialDelay: .seconds(3_600), maximumDelay: .seconds(3_600))
            }
            let first = try #require(await redisError { try await client.send(["PING"]) })
            #expect(first.isConnectionProblem)
            #expect(!first.isBackingOff)
            let later = await withTaskGroup(of: RedisError?.self) { group in
                for _ in 0..<50 {
                    group.addTask { await redisError { try await client.send(["PING"]) } }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(later.allSatisfy { $0?.isBackingOff == true })
            #expect(later.first??.description.contains("backing off after: cannot connect to Redis") == true)
            await client.close()
        }
    }

    @Test func recoversByItselfWhenTheServerComesBack() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            #expect(try await client.send(["SET", "before", "1"]) == .simpleString("OK"))
            await server.stop()
            #expect(await redisError { try await client.send(["PING"]) }?.isConnectionProblem == true)
            #expect(await redisError { try await client.send(["PING"]) }?.isConnectionProblem == true)
            try await server.start()

            var reply: RedisValue?
            for _ in 0..<500 where reply == nil {
                do {
                    reply = try await client.send(["PING"])
                } catch let error as RedisError where error.isConnectionProblem {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(reply == .simpleString("PONG"))
            // A new server process: the data did not survive, the client works on.
            #expect(try await client.send(["GET", "before"]) == .null)
            #expect(try await client.send(["SET", "after", "2"]) == .simpleString("OK"))
            await client.close()
        }
    }

    @Test func authenticatesAndSelectsTheDatabaseFromTheURL() async throws {
        try await withRedisServer(password: "s3cret") { server in
            let third = RedisClient(
                configuration: try RedisConfiguration(url: server.url(database: 3)), logger: quietLogger)
            #expect(try await third.send(["SET", "where", "three"]) == .simpleString("OK"))
            #expect(try await third.send(["CLIENT", "INFO"]).stringValue?.contains(" db=3 ") == true)

            let first = RedisClient(
                configuration: try RedisConfiguration(url: server.url(database: 0)), logger: quietLogger)
            #expect(try await first.send(["GET", "where"]) == .null)

            let aclUser = RedisClient(
                configuration: try RedisConfiguration(url: "redis://default:s3cret@127.0.0.1:\(server.port)/3"),
                logger: quietLogger
            )
            #expect(try await aclUser.send(["GET", "where"]) == .bulkString(Array("three".utf8)))

            let anonymous = RedisClient(configuration: RedisConfiguration(port: server.port), logger: quietLogger)
            #expect(try await anonymous.send(["GET", "where"]).errorMessage?.hasPrefix("NOAUTH") == true)

            for client in [third, first, aclUser, anonymous] {
                await client.close()
            }
        }
    }

    @Test func refusesAWrongPasswordOrDatabaseWhenConnecting() async throws {
        try await withRedisServer(password: "s3cret") { server in
            let wrong = RedisClient(
                configuration: try RedisConfiguration(url: "redis://:nope@127.0.0.1:\(server.port)"),
                logger: quietLogger)
            let authError = try #require(await redisError { try await wrong.send(["PING"]) })
            #expect(authError.isConnectionProblem)
            #expect(authError.description.hasPrefix("cannot connect to Redis: AUTH refused: WRONGPASS"))

            let outOfRange = RedisClient(
                configuration: try RedisConfiguration(url: server.url(database: 99)), logger: quietLogger)
            let selectError = try #require(await redisError { try await outOfRange.send(["PING"]) })
            #expect(selectError == .connectionFailed("SELECT refused: ERR DB index is out of range"))
            await wrong.close()
            await outOfRange.close()
        }
    }

    @Test func closesTheConnectionOnAProtocolError() async throws {
        let garbage = try await FakeRedisServer.start(answer: Array("?bogus\r\n".utf8))
        let client = RedisClient(configuration: try RedisConfiguration(url: garbage.url), logger: quietLogger)
        let errors = await withTaskGroup(of: RedisError?.self) { group in
            for _ in 0..<5 {
                group.addTask { await redisError { try await client.send(["PING"]) } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // The first garbage reply breaks the connection: every waiting command learns why.
        #expect(
            errors.allSatisfy { $0?.description.hasPrefix("Redis protocol error: Protocol error, got \"?\"") == true })
        #expect(errors.allSatisfy { $0?.isConnectionProblem == false })
        // The next command reconnects (and meets the same garbage).
        let again = await redisError { try await client.send(["PING"]) }
        #expect(again?.description.hasPrefix("Redis protocol error") == true)
        await client.close()
        await garbage.close()
    }

    @Test func closingFailsWaitingAndLaterCommands() async throws {
        try await withRedisServer { server in
            let (client, blocked) = try await blockedCommand(on: server)
            await client.close()
            #expect(await blocked.value == .closed)
            #expect(await redisError { try await client.send(["PING"]) } == .closed)
        }
    }

    @Test func refusesAnEmptyCommand() async throws {
        let client = RedisClient(configuration: RedisConfiguration(), logger: quietLogger)
        #expect(
            await redisError { try await client.send([String]()) }
                == .invalidCommand("a command needs at least its name"))
        await client.close()
    }
}
