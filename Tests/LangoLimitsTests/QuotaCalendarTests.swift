import Foundation
import LangoLimits
import Testing

@Suite struct QuotaCalendarTests {
    private static func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    private static func calendar(_ zone: String) throws -> QuotaCalendar {
        QuotaCalendar(timeZone: try #require(TimeZone(identifier: zone)))
    }

    private func expectInterval(
        _ calendar: QuotaCalendar, _ period: QuotaPeriod, at instant: String, from start: String, to end: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let interval = calendar.interval(of: period, containing: try Self.instant(instant))
        #expect(interval.start == (try Self.instant(start)), sourceLocation: sourceLocation)
        #expect(interval.end == (try Self.instant(end)), sourceLocation: sourceLocation)
    }

    @Test func windowsFollowTheQuotasInOrder() throws {
        let calendar = try Self.calendar("UTC")
        let quotas = [Quota(period: .month, limit: 1_200_000), Quota(period: .day, limit: 50_000)]
        let windows = calendar.windows(for: quotas, at: try Self.instant("2026-03-10T09:30:00Z"))
        #expect(
            windows == [
                QuotaWindow(
                    name: "month", limit: 1_200_000, start: try Self.instant("2026-03-01T00:00:00Z"),
                    end: try Self.instant("2026-04-01T00:00:00Z")),
                QuotaWindow(
                    name: "day", limit: 50_000, start: try Self.instant("2026-03-10T00:00:00Z"),
                    end: try Self.instant("2026-03-11T00:00:00Z")),
            ])
        #expect(calendar.windows(for: [], at: .now).isEmpty)
        #expect(try Self.calendar("Africa/Nairobi").timeZone.identifier == "Africa/Nairobi")
    }

    @Test func windowsIncludeTheirStartAndExcludeTheirEnd() throws {
        let calendar = try Self.calendar("UTC")
        try expectInterval(calendar, .day, at: "2026-03-10T00:00:00Z", from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z")
        try expectInterval(
            calendar, .day, at: "2026-03-10T23:59:59.999Z", from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z")
        try expectInterval(calendar, .day, at: "2026-03-11T00:00:00Z", from: "2026-03-11T00:00:00Z", to: "2026-03-12T00:00:00Z")
        try expectInterval(calendar, .month, at: "2026-04-01T00:00:00Z", from: "2026-04-01T00:00:00Z", to: "2026-05-01T00:00:00Z")
    }

    @Test func londonDaysFollowDaylightSaving() throws {
        let london = try Self.calendar("Europe/London")
        // Clocks go forward on Sunday 29 March 2026: a 23-hour day.
        try expectInterval(london, .day, at: "2026-03-29T12:00:00Z", from: "2026-03-29T00:00:00Z", to: "2026-03-29T23:00:00Z")
        try expectInterval(london, .day, at: "2026-03-29T23:30:00Z", from: "2026-03-29T23:00:00Z", to: "2026-03-30T23:00:00Z")
        // And back on Sunday 25 October 2026: a 25-hour day.
        try expectInterval(london, .day, at: "2026-10-25T12:00:00Z", from: "2026-10-24T23:00:00Z", to: "2026-10-26T00:00:00Z")
        let day = london.interval(of: .day, containing: try Self.instant("2026-10-25T00:30:00Z"))
        #expect(day.duration == 25 * 3_600)
    }

    @Test func londonMonthsStartAtLocalMidnight() throws {
        let london = try Self.calendar("Europe/London")
        try expectInterval(london, .month, at: "2026-03-31T22:59:59Z", from: "2026-03-01T00:00:00Z", to: "2026-03-31T23:00:00Z")
        try expectInterval(london, .month, at: "2026-03-31T23:00:00Z", from: "2026-03-31T23:00:00Z", to: "2026-04-30T23:00:00Z")
        try expectInterval(london, .month, at: "2026-10-15T12:00:00Z", from: "2026-09-30T23:00:00Z", to: "2026-11-01T00:00:00Z")
    }

    @Test func nairobiMonthEnds() throws {
        let nairobi = try Self.calendar("Africa/Nairobi")
        // East Africa Time is UTC+3 all year: months turn at 21:00 UTC the evening before.
        try expectInterval(nairobi, .month, at: "2026-02-28T20:59:59Z", from: "2026-01-31T21:00:00Z", to: "2026-02-28T21:00:00Z")
        try expectInterval(nairobi, .month, at: "2026-02-28T21:00:00Z", from: "2026-02-28T21:00:00Z", to: "2026-03-31T21:00:00Z")
        try expectInterval(nairobi, .month, at: "2028-02-29T12:00:00Z", from: "2028-01-31T21:00:00Z", to: "2028-02-29T21:00:00Z")
        try expectInterval(nairobi, .month, at: "2026-12-31T21:00:00Z", from: "2026-12-31T21:00:00Z", to: "2027-01-31T21:00:00Z")
        try expectInterval(nairobi, .day, at: "2026-12-31T20:00:00Z", from: "2026-12-30T21:00:00Z", to: "2026-12-31T21:00:00Z")
    }
}
