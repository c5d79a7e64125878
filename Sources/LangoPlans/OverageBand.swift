import LangoBank

/// One band of a plan's overage pricing: the calls beyond the included ones, up to `upTo`
/// of them counted from the first overage call, cost `per1000` per 1,000 calls.
public struct OverageBand: Sendable, Hashable {
    /// The band's upper end, in overage calls (inclusive); `nil` for the last, open-ended band.
    public let upTo: Int?
    /// The price of 1,000 calls in this band.
    public let per1000: Money

    /// A band up to `upTo` overage calls (`nil`: open-ended) at `per1000` per 1,000 calls.
    public init(upTo: Int?, per1000: Money) {
        self.upTo = upTo
        self.per1000 = per1000
    }
}
