import Foundation
import Testing

@testable import LangoGateway

@Suite struct SharedLimiterHealthTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    private func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    /// The ticket a request gets at `seconds`; fails the test when it must fall back.
    private func ticket(_ health: inout SharedLimiterHealth, at seconds: TimeInterval) throws -> SharedLimiterHealth.Ticket {
        guard case .ask(let ticket) = health.permission(at: at(seconds)) else {
            throw HealthTestFailure("expected to ask the shared limiter at +\(seconds) s")
        }
        return ticket
    }

    @Test func asksWhileUpAndReportsTheLossOnce() throws {
        var health = SharedLimiterHealth(initialBackoff: 1, maximumBackoff: 4)
        let first = try ticket(&health, at: 0)
        let second = try ticket(&health, at: 0)
        #expect(health.succeeded(first, at: at(0)) == .none)
        #expect(health.failed(second, at: at(0)) == .reportLost)
        #expect(health.state == .down(since: start, retryAt: at(1), backoff: 1))
        #expect(health.permission(at: at(0.5)) == .fallBack)
    }

    @Test func inFlightFailuresFromBeforeTheLossChangeNothing() throws {
        var health = SharedLimiterHealth(initialBackoff: 1, maximumBackoff: 4)
        let tickets = try (0..<50).map { _ in try ticket(&health, at: 0) }
        #expect(health.failed(tickets[0], at: at(0.1)) == .reportLost)
        for ticket in tickets.dropFirst() {
            #expect(health.failed(ticket, at: at(0.2)) == .none)
        }
        #expect(health.state == .down(since: at(0.1), retryAt: at(1.1), backoff: 1))
    }

    @Test func aSlowSuccessFromBeforeTheLossIsNoRecovery() throws {
        var health = SharedLimiterHealth(initialBackoff: 1, maximumBackoff: 4)
        let slow = try ticket(&health, at: 0)
        let failing = try ticket(&health, at: 0)
        #expect(health.failed(failing, at: at(0.1)) == .reportLost)
        #expect(health.succeeded(slow, at: at(0.2)) == .none)
        #expect(health.state == .down(since: at(0.1), retryAt: at(1.1), backoff: 1))
    }

    @Test func oneProbeAtATimeAndTheBackoffDoublesPerFailedProbeUpToTheCeiling() throws {
        var health = SharedLimiterHealth(initialBackoff: 1, maximumBackoff: 4)
        #expect(health.failed(try ticket(&health, at: 0), at: at(0)) == .reportLost)
        var now: TimeInterval = 0
        var waits: [TimeInterval] = []
        for _ in 0..<4 {
            guard case .down(_, let retryAt, _) = health.state else { return }
            now = retryAt.timeIntervalSince(start)
            let probe = try ticket(&health, at: now)
            #expect(health.permission(at: at(now)) == .fallBack)
            #expect(health.failed(probe, at: at(now)) == .none)
            guard case .down(_, let next, _) = health.state else { return }
            waits.append(next.timeIntervalSince(at(now)))
        }
        #expect(waits == [2, 4, 4, 4])
    }

    @Test func aSuccessfulProbeRecoversAndReportsTheOutage() throws {
        var health = SharedLimiterHealth(initialBackoff: 1, maximumBackoff: 4)
        #expect(health.failed(try ticket(&health, at: 0), at: at(0)) == .reportLost)
        let probe = try ticket(&health, at: 1)
        #expect(health.succeeded(probe, at: at(7)) == .reportRecovered(outage: 7))
        #expect(health.state == .up)
        #expect(health.failed(try ticket(&health, at: 8), at: at(8)) == .reportLost)
    }

    @Test func aProbeThatNeverAnswersIsReplacedAfterTheCeiling() throws {
        var health = SharedLimiterHealth(initialBackoff: 1, maximumBackoff: 4)
        #expect(health.failed(try ticket(&health, at: 0), at: at(0)) == .reportLost)
        let abandoned = try ticket(&health, at: 1)
        #expect(health.permission(at: at(4.9)) == .fallBack)
        let replacement = try ticket(&health, at: 5)
        #expect(health.succeeded(abandoned, at: at(5.5)) == .none)
        #expect(health.succeeded(replacement, at: at(6)) == .reportRecovered(outage: 6))
    }
}

private struct HealthTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
