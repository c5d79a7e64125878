import LangoRedis
import Testing

@Suite struct RedisReconnectBackoffTests {
    @Test func doublesFromTheInitialDelayUpToTheMaximum() {
        let backoff = RedisReconnectBackoff()
        let delays = (1...7).map { backoff.delay(afterFailures: $0) }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600),
                .seconds(2), .seconds(2),
            ]
        )
    }

    @Test func neverExceedsAMaximumBelowTheInitialDelay() {
        let backoff = RedisReconnectBackoff(initialDelay: .seconds(5), maximumDelay: .seconds(1))
        #expect(backoff.delay(afterFailures: 1) == .seconds(1))
        #expect(backoff.delay(afterFailures: 1_000) == .seconds(1))
    }
}
