import LangoBank

/// What one overage band adds to a charge.
public struct OverageCharge: Sendable, Hashable {
    /// The band the calls fell in.
    public let band: OverageBand
    /// How many of the overage calls fell in it.
    public let calls: Int
    /// `calls × per1000 / 1000`, rounded half up to the minor unit.
    public let amount: Money
}
