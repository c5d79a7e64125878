/// The calendar unit a quota counts in.
public enum QuotaPeriod: String, Sendable, Hashable, CaseIterable {
    /// A calendar day, midnight to midnight in the quota calendar's time zone.
    case day
    /// A calendar month, from midnight on the 1st to midnight on the 1st of the next month.
    case month
}
