import Foundation
import LangoWebhooks
import Testing

struct DeliveryScheduleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    let schedule = DeliverySchedule.standard

    @Test(arguments: [200, 201, 202, 204, 299])
    func anySuccessIsDelivered(status: Int) {
        #expect(schedule.decide(afterAttempt: 1, result: .answered(status: status, retryAfter: nil), at: Self.now, random: 0.5) == .delivered)
    }

    @Test func goneDisablesTheEndpoint() {
        #expect(schedule.decide(afterAttempt: 3, result: .answered(status: 410, retryAfter: nil), at: Self.now, random: 0.5) == .disableEndpoint)
    }

    @Test(arguments: [
        DeliveryAttemptResult.answered(status: 500, retryAfter: nil), .answered(status: 400, retryAfter: nil),
        .answered(status: 301, retryAfter: nil), .answered(status: 302, retryAfter: nil), .answered(status: 429, retryAfter: nil),
        .failed("connection refused"),
    ])
    func failuresAndRedirectsAreRetriedAfterTheScheduledWait(result: DeliveryAttemptResult) {
        #expect(schedule.decide(afterAttempt: 1, result: result, at: Self.now, random: 0.5) == .retry(at: Self.now.addingTimeInterval(5)))
    }

    @Test func jitterMovesEachWaitByAtMostAFifth() {
        let failure = DeliveryAttemptResult.failed("timeout")
        #expect(schedule.decide(afterAttempt: 4, result: failure, at: Self.now, random: 0) == .retry(at: Self.now.addingTimeInterval(1_440)))
        for random in stride(from: 0.0, to: 1.0, by: 0.05) {
            guard case .retry(let at) = schedule.decide(afterAttempt: 4, result: failure, at: Self.now, random: random) else {
                Issue.record("a failure is retried")
                return
            }
            #expect((1_440...2_160).contains(at.timeIntervalSince(Self.now)), "30 min ± 20 % at \(random)")
        }
    }

    @Test func waitsGrowThenTheMessageIsDeadLetteredAfterAboutThreeDays() {
        var total: TimeInterval = 0
        var previous: TimeInterval = 0
        for attempt in 1..<schedule.attempts {
            guard case .retry(let at) = schedule.decide(afterAttempt: attempt, result: .failed("down"), at: Self.now, random: 0.5) else {
                Issue.record("attempt \(attempt) should be retried")
                return
            }
            let wait = at.timeIntervalSince(Self.now)
            #expect(wait > previous, "attempt \(attempt)")
            previous = wait
            total += wait
        }
        #expect(schedule.attempts == 11)
        #expect((2.5 * 86_400...3.5 * 86_400).contains(total), "\(total / 86_400) days")
        #expect(schedule.decide(afterAttempt: schedule.attempts, result: .failed("down"), at: Self.now, random: 0.5) == .deadLetter)
    }

    @Test func retryAfterIsHonouredWhenLongerAndCappedAtADay() {
        let inSeconds = schedule.decide(afterAttempt: 1, result: .answered(status: 503, retryAfter: "120"), at: Self.now, random: 0.5)
        #expect(inSeconds == .retry(at: Self.now.addingTimeInterval(120)))
        let shorter = schedule.decide(afterAttempt: 3, result: .answered(status: 429, retryAfter: "1"), at: Self.now, random: 0.5)
        #expect(shorter == .retry(at: Self.now.addingTimeInterval(300)), "the schedule's wait when it is longer")
        // 1_800_000_000 is Fri, 15 Jan 2027 08:00:00 GMT.
        let date = schedule.decide(
            afterAttempt: 1, result: .answered(status: 503, retryAfter: "Fri, 15 Jan 2027 09:00:00 GMT"), at: Self.now, random: 0.5)
        #expect(date == .retry(at: Self.now.addingTimeInterval(3_600)))
        let huge = schedule.decide(afterAttempt: 1, result: .answered(status: 503, retryAfter: "9999999"), at: Self.now, random: 0.5)
        #expect(huge == .retry(at: Self.now.addingTimeInterval(86_400)))
        let nonsense = schedule.decide(afterAttempt: 1, result: .answered(status: 503, retryAfter: "later"), at: Self.now, random: 0.5)
        #expect(nonsense == .retry(at: Self.now.addingTimeInterval(5)))
    }
}
