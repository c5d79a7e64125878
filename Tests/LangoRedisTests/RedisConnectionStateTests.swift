import NIOCore
import Testing

@testable import LangoRedis

@Suite struct RedisConnectionStateTests {
    private final class Connection {}
    private typealias State = RedisConnectionState<Connection, Int>

    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private var backoff: RedisReconnectBackoff {
        RedisReconnectBackoff(initialDelay: .milliseconds(100), maximumDelay: .milliseconds(300))
    }

    private func acquire(_ state: inout State, at now: NIODeadline, attempt: Int = 0) -> String {
        switch state.acquire(now: now, makeAttempt: { attempt }) {
        case .ready: "ready"
        case .join(let joined): "join \(joined)"
        case .start(let started): "start \(started)"
        case .backingOff(let lastFailure): "backing off: \(lastFailure)"
        case .closed: "closed"
        }
    }

    @Test func connectsOnceForConcurrentCommands() {
        var state = State(backoff: backoff)
        #expect(acquire(&state, at: start, attempt: 1) == "start 1")
        #expect(acquire(&state, at: start, attempt: 2) == "join 1")
        let connection = Connection()
        let kept = state.attemptSucceeded(connection)
        #expect(kept)
        guard case .ready(let ready) = state.acquire(now: start, makeAttempt: { 3 }) else {
            Issue.record("expected the open connection")
            return
        }
        #expect(ready === connection)
    }

    @Test func failsFastDuringABackoffThatDoublesUntilItsCap() {
        var state = State(backoff: backoff)
        var now = start
        var waits: [Int64] = []
        #expect(acquire(&state, at: now, attempt: 1) == "start 1")
        for failure in 1...4 {
            state.attemptFailed(reason: "refused \(failure)", now: now)
            // Commands fail at once until the delay is over; then one starts the next attempt.
            var probe = now
            while acquire(&state, at: probe, attempt: failure + 1) == "backing off: refused \(failure)" {
                probe = probe + .milliseconds(10)
            }
            waits.append((probe - now).nanoseconds / 1_000_000)
            now = probe
        }
        #expect(waits == [100, 200, 300, 300])
        #expect(acquire(&state, at: now) == "join 5")
    }

    @Test func aSuccessfulReconnectResetsTheBackoff() {
        var state = State(backoff: backoff)
        var now = start
        for _ in 1...3 {
            _ = acquire(&state, at: now)
            state.attemptFailed(reason: "refused", now: now)
            now = now + .seconds(1)
        }
        #expect(acquire(&state, at: now, attempt: 9) == "start 9")
        let connection = Connection()
        let kept = state.attemptSucceeded(connection)
        #expect(kept)
        state.connectionClosed(connection)
        // Closed while connected: reconnect at once, and a failure now waits the initial delay.
        #expect(acquire(&state, at: now, attempt: 10) == "start 10")
        state.attemptFailed(reason: "refused again", now: now)
        #expect(acquire(&state, at: now + .milliseconds(99)) == "backing off: refused again")
        #expect(acquire(&state, at: now + .milliseconds(100), attempt: 11) == "start 11")
    }

    @Test func ignoresTheCloseOfAConnectionThatIsNoLongerCurrent() {
        var state = State(backoff: backoff)
        _ = acquire(&state, at: start)
        let current = Connection()
        let kept = state.attemptSucceeded(current)
        #expect(kept)
        state.connectionClosed(Connection())
        #expect(acquire(&state, at: start) == "ready")
    }

    @Test func closingIsFinalAndHandsBackWhatToCleanUp() {
        var state = State(backoff: backoff)
        _ = acquire(&state, at: start, attempt: 5)
        guard case .awaitAttempt(5) = state.close() else {
            Issue.record("expected the attempt under way")
            return
        }
        let kept = state.attemptSucceeded(Connection())
        #expect(!kept)
        #expect(acquire(&state, at: start) == "closed")

        var connected = State(backoff: backoff)
        _ = acquire(&connected, at: start)
        let connection = Connection()
        _ = connected.attemptSucceeded(connection)
        guard case .closeConnection(let toClose) = connected.close() else {
            Issue.record("expected the open connection")
            return
        }
        #expect(toClose === connection)
        guard case .nothing = connected.close() else {
            Issue.record("a second close has nothing left to do")
            return
        }
    }
}
