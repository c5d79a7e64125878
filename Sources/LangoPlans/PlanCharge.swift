import LangoBank

/// What a plan charges for one month: the monthly fee plus the overage bands, exactly.
public struct PlanCharge: Sendable, Hashable {
    /// The calls the charge is for.
    public let billableCalls: Int
    /// The calls the monthly fee covers.
    public let includedCalls: Int
    /// The plan's monthly fee.
    public let monthlyFee: Money
    /// One line per band that calls reached, in band order; empty when none went beyond the
    /// included calls (or the plan has no overage pricing).
    public let overage: [OverageCharge]
    /// The monthly fee plus every overage line.
    public let total: Money

    /// The calls beyond the included ones.
    public var overageCalls: Int { max(0, billableCalls - includedCalls) }
}
