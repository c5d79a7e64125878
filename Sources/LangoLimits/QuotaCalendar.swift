import Foundation

/// Places quotas on the calendar of one time zone: the day or month around an instant.
///
/// Windows are whole calendar days and months of the zone's civil time, so they follow its
/// daylight-saving changes: in `Europe/London` the last Sunday of March is a 23-hour day.
/// Each window starts at its first instant (inclusive) and ends where the next one starts
/// (exclusive).
public struct QuotaCalendar: Sendable {
    private let calendar: Calendar

    /// A calendar for `timeZone` (the gateway's configured zone; plans do not carry one).
    public init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The zone whose days and months the windows follow.
    public var timeZone: TimeZone { calendar.timeZone }

    /// The calendar day or month that contains `date`.
    public func interval(of period: QuotaPeriod, containing date: Date) -> DateInterval {
        let component: Calendar.Component =
            switch period {
            case .day: .day
            case .month: .month
            }
        // A Gregorian calendar has a day and a month around every representable instant.
        return calendar.dateInterval(of: component, for: date)!
    }

    /// The windows in force at `date`, one per quota in the same order, named after their period.
    public func windows(for quotas: [Quota], at date: Date) -> [QuotaWindow] {
        quotas.map { quota in
            let interval = interval(of: quota.period, containing: date)
            return QuotaWindow(name: quota.period.rawValue, limit: quota.limit, start: interval.start, end: interval.end)
        }
    }
}
