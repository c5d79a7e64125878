/// How long a ``RedisClient`` waits before another connection attempt after failed ones.
///
/// The first failure waits `initialDelay`, each further consecutive failure doubles the wait up
/// to `maximumDelay`; a successful connection starts over. Commands issued while waiting fail at
/// once with ``RedisError/backingOff(lastFailure:)``, so callers never pile up behind a dead
/// server.
public struct RedisReconnectBackoff: Sendable, Hashable {
    /// The wait after the first failed attempt.
    public var initialDelay: Duration
    /// The longest wait between attempts.
    public var maximumDelay: Duration

    /// A backoff from 100 ms doubling to 2 s unless told otherwise.
    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(2)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait after `failures` (≥ 1) consecutive failed attempts.
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(failures, 1) where delay < maximumDelay {
            delay *= 2
        }
        return min(delay, maximumDelay)
    }
}
