/// A quota: at most `limit` cost units per calendar `period`.
///
/// A ``QuotaCalendar`` turns it into the ``QuotaWindow`` in force at an instant.
public struct Quota: Sendable, Hashable {
    /// The calendar unit the quota counts in; it also names the window (`day`, `month`).
    public var period: QuotaPeriod
    /// The cost units allowed per period.
    public var limit: Int

    /// A quota of `limit` units per `period`.
    public init(period: QuotaPeriod, limit: Int) {
        self.period = period
        self.limit = limit
    }
}
