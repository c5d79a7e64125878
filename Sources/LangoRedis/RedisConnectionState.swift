import NIOCore

/// The client's connection lifecycle as a value: which connection to use, when to connect,
/// when to fail fast. The client applies the returned actions; tests drive it without sockets.
///
/// - idle → (a command) → connecting → connected, or → backing off when the attempt fails;
/// - connected → (the connection closes) → idle: the next command reconnects at once;
/// - backing off → (a command after the delay) → connecting; before the delay commands fail
///   at once; each consecutive failure lengthens the delay (see ``RedisReconnectBackoff``), a
///   success resets it;
/// - any state → closed, for good.
struct RedisConnectionState<Connection: AnyObject, Attempt> {
    private enum State {
        case idle
        case connecting(Attempt, failures: Int)
        case connected(Connection)
        case backingOff(until: NIODeadline, failures: Int, lastFailure: String)
        case closed
    }

    /// What a command should do to get a connection.
    enum Acquisition {
        /// Use this open connection.
        case ready(Connection)
        /// Wait for the attempt already under way.
        case join(Attempt)
        /// Connect now, reporting the outcome with ``attemptSucceeded(_:)`` or ``attemptFailed(reason:now:)``.
        case start(Attempt)
        /// Fail at once: waiting out the backoff after `lastFailure`.
        case backingOff(lastFailure: String)
        /// Fail: the client is closed.
        case closed
    }

    /// What closing the client leaves to clean up.
    enum Shutdown {
        case nothing
        case closeConnection(Connection)
        /// An attempt is under way; its connection is closed when it reports success.
        case awaitAttempt(Attempt)
    }

    private let backoff: RedisReconnectBackoff
    private var state = State.idle

    init(backoff: RedisReconnectBackoff) {
        self.backoff = backoff
    }

    /// A command needs a connection at `now`; `makeAttempt` is called only when a new attempt starts.
    mutating func acquire(now: NIODeadline, makeAttempt: () -> Attempt) -> Acquisition {
        switch state {
        case .connected(let connection):
            return .ready(connection)
        case .connecting(let attempt, _):
            return .join(attempt)
        case .backingOff(let until, let failures, let lastFailure):
            guard now >= until else { return .backingOff(lastFailure: lastFailure) }
            return startAttempt(failures: failures, makeAttempt)
        case .idle:
            return startAttempt(failures: 0, makeAttempt)
        case .closed:
            return .closed
        }
    }

    /// The attempt connected. Returns `false` when the client was closed meanwhile: the caller
    /// then closes `connection`.
    mutating func attemptSucceeded(_ connection: Connection) -> Bool {
        guard case .connecting = state else { return false }
        state = .connected(connection)
        return true
    }

    /// The attempt failed at `now`: wait before the next one.
    mutating func attemptFailed(reason: String, now: NIODeadline) {
        guard case .connecting(_, let failures) = state else { return }
        let delay = TimeAmount(backoff.delay(afterFailures: failures + 1))
        state = .backingOff(until: now + delay, failures: failures + 1, lastFailure: reason)
    }

    /// `connection` closed; if it was the current one, the next command reconnects.
    mutating func connectionClosed(_ connection: Connection) {
        guard case .connected(let current) = state, current === connection else { return }
        state = .idle
    }

    /// Closes the client for good.
    mutating func close() -> Shutdown {
        defer { state = .closed }
        switch state {
        case .connected(let connection): return .closeConnection(connection)
        case .connecting(let attempt, _): return .awaitAttempt(attempt)
        case .idle, .backingOff, .closed: return .nothing
        }
    }

    private mutating func startAttempt(failures: Int, _ makeAttempt: () -> Attempt) -> Acquisition {
        let attempt = makeAttempt()
        state = .connecting(attempt, failures: failures)
        return .start(attempt)
    }
}
