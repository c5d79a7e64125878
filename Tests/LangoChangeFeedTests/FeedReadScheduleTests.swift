import Foundation
import LangoChangeFeed
import Testing

struct FeedReadScheduleTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func everyLookupReadsUntilTheFirstReadSucceeds() {
        var schedule = FeedReadSchedule(interval: .seconds(1))
        #expect(!schedule.isTrusted(at: Self.start))
        let first = schedule.shouldRead(at: Self.start)
        let second = schedule.shouldRead(at: Self.start)
        #expect(first)
        #expect(second, "with nothing read yet, a lookup cannot wait for another's read")
        schedule.finished(at: Self.start, succeeded: false)
        #expect(!schedule.isTrusted(at: Self.start))
        schedule.finished(at: Self.start, succeeded: true)
        #expect(schedule.isTrusted(at: Self.start))
    }

    @Test func oneReadAtATimeOncePerInterval() {
        var schedule = FeedReadSchedule(interval: .seconds(1))
        _ = schedule.shouldRead(at: Self.start)
        schedule.finished(at: Self.start, succeeded: true)
        let early = schedule.shouldRead(at: Self.start.addingTimeInterval(0.9))
        let due = schedule.shouldRead(at: Self.start.addingTimeInterval(1))
        let meanwhile = schedule.shouldRead(at: Self.start.addingTimeInterval(1.1))
        #expect(!early)
        #expect(due)
        #expect(!meanwhile, "a read is already running")
        schedule.finished(at: Self.start.addingTimeInterval(1), succeeded: true)
        #expect(schedule.lastRead == Self.start.addingTimeInterval(1))
    }

    @Test func afterAnIdleSpellEveryLookupReadsUntilOneSucceeds() {
        var schedule = FeedReadSchedule(interval: .seconds(1))
        _ = schedule.shouldRead(at: Self.start)
        schedule.finished(at: Self.start, succeeded: true)
        // Nothing asked for ten seconds: what is known is too old, so no lookup may wait on another's read.
        let later = Self.start.addingTimeInterval(10)
        #expect(!schedule.isTrusted(at: later))
        let first = schedule.shouldRead(at: later)
        let second = schedule.shouldRead(at: later)
        #expect(first && second)
        schedule.finished(at: later, succeeded: true)
        #expect(schedule.isTrusted(at: later))
        let again = schedule.shouldRead(at: later.addingTimeInterval(0.5))
        #expect(!again, "trusted again: one read per interval")
    }

    @Test func failedReadsAreToleratedForFiveIntervals() {
        var schedule = FeedReadSchedule(interval: .milliseconds(500))
        _ = schedule.shouldRead(at: Self.start)
        schedule.finished(at: Self.start, succeeded: true)
        for tick in 1...4 {
            let now = Self.start.addingTimeInterval(Double(tick) * 0.5)
            let read = schedule.shouldRead(at: now)
            #expect(read)
            schedule.finished(at: now, succeeded: false)
            #expect(schedule.isTrusted(at: now))
        }
        #expect(!schedule.isTrusted(at: Self.start.addingTimeInterval(2.5)))
        #expect(schedule.lastRead == Self.start)
    }
}
