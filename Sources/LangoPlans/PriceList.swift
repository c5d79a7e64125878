import LangoBank

/// A plan's published price: a monthly fee that covers some calls, and banded prices for
/// the calls beyond them.
public struct PriceList: Sendable, Hashable {
    /// ISO 4217 code of every amount in the list.
    public let currency: String
    /// Charged every month, whatever the usage.
    public let monthlyFee: Money
    /// Calls per month the fee covers.
    public let includedCalls: Int
    /// Bands in ascending order of ``OverageBand/upTo``, the last open-ended; empty when calls
    /// beyond the included ones cost nothing more (a plan whose quotas refuse them).
    public let overage: [OverageBand]

    /// A price list; plans build theirs from `price`, which has checked that the bands ascend
    /// and end open-ended, and that every amount is in `currency`.
    public init(currency: String, monthlyFee: Money, includedCalls: Int, overage: [OverageBand]) {
        self.currency = currency
        self.monthlyFee = monthlyFee
        self.includedCalls = includedCalls
        self.overage = overage
    }

    /// The month's charge for `billableCalls` calls (≥ 0).
    ///
    /// The calls beyond ``includedCalls`` fill the bands in order: with bands up to 1,000,000
    /// at 40.00 and beyond at 25.00 per 1,000, 1,200,000 overage calls cost 40,000.00 +
    /// 5,000.00. Each band's amount is `calls × per1000 / 1000` rounded half up to the minor
    /// unit; the total is the fee plus those amounts (so the lines always add up to it).
    /// Amounts beyond the range of `Int64` minor units are clamped to it.
    public func charge(forBillableCalls billableCalls: Int) -> PlanCharge {
        precondition(billableCalls >= 0, "a count of calls cannot be negative")
        let overageCalls = max(0, billableCalls - includedCalls)
        var lines: [OverageCharge] = []
        var total = Int128(monthlyFee.minorUnits)
        var filled = 0
        for band in overage where overageCalls > filled {
            let ceiling = min(band.upTo ?? overageCalls, overageCalls)
            let calls = ceiling - filled
            let amount = (Int128(calls) * Int128(band.per1000.minorUnits) + 500) / 1_000
            lines.append(OverageCharge(band: band, calls: calls, amount: money(amount)))
            total += amount
            filled = ceiling
        }
        return PlanCharge(
            billableCalls: billableCalls, includedCalls: includedCalls, monthlyFee: monthlyFee, overage: lines,
            total: money(total))
    }

    private func money(_ minorUnits: Int128) -> Money {
        Money(minorUnits: Int64(clamping: minorUnits), currency: currency)
    }
}
