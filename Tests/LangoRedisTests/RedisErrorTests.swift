import LangoRedis
import Testing

@Suite struct RedisErrorTests {
    @Test func classifiesConnectionProblems() {
        let connectionProblems: [RedisError] = [
            .connectionFailed("refused"), .backingOff(lastFailure: "refused"), .connectionLost("reset"),
        ]
        let others: [RedisError] = [
            .timeout, .closed, .protocolError("junk"), .invalidCommand("empty"), .invalidConfiguration("bad url"),
        ]
        #expect(connectionProblems.allSatisfy { $0.isConnectionProblem })
        #expect(!others.contains { $0.isConnectionProblem })
        #expect((connectionProblems + others).filter { $0.isBackingOff } == [.backingOff(lastFailure: "refused")])
    }

    @Test func describesWhatHappened() {
        #expect(RedisError.timeout.description == "Redis command timed out")
        #expect(RedisError.closed.description == "Redis client is closed")
        #expect(RedisError.connectionFailed("h:1: refused").description == "cannot connect to Redis: h:1: refused")
        #expect(
            RedisError.backingOff(lastFailure: "x").description
                == "not reconnecting to Redis yet (backing off after: x)"
        )
        #expect(RedisError.connectionLost("reset").description == "Redis connection lost: reset")
        #expect(RedisError.protocolError("junk").description == "Redis protocol error: junk")
    }
}
