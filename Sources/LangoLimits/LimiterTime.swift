import Foundation

/// How limiters turn instants into the whole microseconds they count in, and back.
///
/// Every limiter converts with these functions, so the same `Date` gives the same counters on
/// every node and backend.
public enum LimiterTime {
    /// `date` as whole microseconds since 1970-01-01T00:00:00Z, rounded to the nearest.
    ///
    /// Rounding (not truncation) makes the conversion exact for every instant built with
    /// ``date(microseconds:)``, even where a `Date`'s binary fraction falls just below the
    /// microsecond it stands for.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// `duration` in whole microseconds, rounded toward zero; durations beyond `Int64`
    /// microseconds (about 292,000 years) saturate instead of trapping.
    public static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (total, carry) = whole.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        guard !overflow, !carry else { return seconds < 0 ? .min : .max }
        return total
    }

    /// The instant `microseconds` after 1970-01-01T00:00:00Z.
    public static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
}
