import LangoRedis
import LangoRedisTesting
import Testing

@Suite struct RedisScriptTests {
    private static let incrementBy = RedisScript(
        """
        local value = redis.call('INCRBY', KEYS[1], ARGV[1])
        return {value, ARGV[2]}
        """
    )

    @Test func runsWithEVALSHAAfterLoadingOnce() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            let script = RedisScript("return {KEYS[1], ARGV[1], #ARGV}")
            #expect(
                try await client.evaluate(script, keys: ["k"], arguments: ["a", "b"])
                    == .array([.bulkString(Array("k".utf8)), .bulkString(Array("a".utf8)), .integer(2)])
            )
            for _ in 0..<5 {
                _ = try await client.evaluate(script, keys: ["k"], arguments: ["a"])
            }
            let stats = try await client.send(["INFO", "commandstats"])
            #expect(infoField("cmdstat_evalsha", in: stats)?.hasPrefix("calls=6,") == true)
            #expect(infoField("cmdstat_script|load", in: stats)?.hasPrefix("calls=1,") == true)
            #expect(infoField("cmdstat_eval", in: stats) == nil)
            await client.close()
        }
    }

    @Test func reloadsTransparentlyAfterScriptFlush() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            #expect(
                try await client.evaluate(Self.incrementBy, keys: ["n"], arguments: ["2", "x"])
                    == .array([.integer(2), .bulkString([120])]))
            #expect(try await client.send(["SCRIPT", "FLUSH"]) == .simpleString("OK"))
            #expect(
                try await client.evaluate(Self.incrementBy, keys: ["n"], arguments: ["3", "y"])
                    == .array([.integer(5), .bulkString([121])]))
            let stats = try await client.send(["INFO", "commandstats"])
            #expect(infoField("cmdstat_script|load", in: stats)?.hasPrefix("calls=2,") == true)
            await client.close()
        }
    }

    @Test func survivesAServerRestart() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            #expect(
                try await client.evaluate(Self.incrementBy, keys: ["n"], arguments: ["1", "-"])
                    == .array([.integer(1), .bulkString([45])]))
            await server.stop()
            try await server.start()
            var reply: RedisValue?
            for _ in 0..<500 where reply == nil {
                do {
                    reply = try await client.evaluate(Self.incrementBy, keys: ["n"], arguments: ["1", "-"])
                } catch let error as RedisError where error.isConnectionProblem {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(reply == .array([.integer(1), .bulkString([45])]))
            await client.close()
        }
    }

    @Test func returnsTheServersErrorForABrokenScript() async throws {
        try await withRedisServer { server in
            let client = try makeClient(for: server)
            let syntax = try await client.evaluate(RedisScript("return {"), keys: [], arguments: [])
            #expect(syntax.errorMessage?.contains("Error compiling script") == true)
            let runtime = try await client.evaluate(
                RedisScript("return redis.call('INCR', KEYS[1])"), keys: ["list"], arguments: [])
            #expect(runtime == .integer(1))
            _ = try await client.send(["RPUSH", "l", "x"])
            let wrongType = try await client.evaluate(
                RedisScript("return redis.call('INCR', KEYS[1])"), keys: ["l"], arguments: [])
            #expect(wrongType.errorMessage?.contains("WRONGTYPE") == true)
            await client.close()
        }
    }
}
