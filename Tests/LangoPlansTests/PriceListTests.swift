import LangoBank
import LangoPlans
import Testing

@Suite struct PriceListTests {
    private static func kes(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: "KES") }

    /// The Startup seed's price: KES 2,500.00 a month with 100,000 calls, then 40.00 per 1,000
    /// for the first million overage calls and 25.00 beyond.
    private static let startup = PriceList(
        currency: "KES", monthlyFee: kes(2_500_00), includedCalls: 100_000,
        overage: [OverageBand(upTo: 1_000_000, per1000: kes(40_00)), OverageBand(upTo: nil, per1000: kes(25_00))])

    @Test func withinTheIncludedCallsOnlyTheFeeIsCharged() {
        for calls in [0, 1, 99_999, 100_000] {
            let charge = Self.startup.charge(forBillableCalls: calls)
            #expect(charge.total == Self.kes(2_500_00))
            #expect(charge.overage.isEmpty)
            #expect(charge.overageCalls == 0)
            #expect(charge.billableCalls == calls)
            #expect(charge.includedCalls == 100_000)
            #expect(charge.monthlyFee == Self.kes(2_500_00))
        }
    }

    @Test func overageFillsTheBandsInOrder() {
        let first = Self.startup.charge(forBillableCalls: 100_001)
        #expect(first.overage.map(\.band) == [Self.startup.overage[0]])
        #expect(first.overage.map(\.calls) == [1])
        #expect(first.overage.map(\.amount) == [Self.kes(4)])
        #expect(first.total == Self.kes(2_500_04))

        let fullFirstBand = Self.startup.charge(forBillableCalls: 1_100_000)
        #expect(fullFirstBand.overage.map(\.calls) == [1_000_000])
        #expect(fullFirstBand.total == Self.kes(42_500_00))

        let intoSecondBand = Self.startup.charge(forBillableCalls: 1_100_001)
        #expect(intoSecondBand.overage.map(\.calls) == [1_000_000, 1])
        // 1 call at 25.00 per 1,000 is 2.5 cents: rounded half up.
        #expect(intoSecondBand.overage.map(\.amount) == [Self.kes(40_000_00), Self.kes(3)])
        #expect(intoSecondBand.total == Self.kes(42_500_03))

        let worked = Self.startup.charge(forBillableCalls: 1_300_000)
        #expect(worked.overageCalls == 1_200_000)
        #expect(worked.overage.map(\.amount) == [Self.kes(40_000_00), Self.kes(5_000_00)])
        #expect(worked.total == Self.kes(47_500_00))
    }

    @Test(arguments: [(499, 0), (500, 1), (1_499, 1), (1_500, 2), (2_000, 2)] as [(Int, Int64)])
    func eachBandRoundsHalfUpToTheMinorUnit(calls: Int, minorUnits: Int64) {
        let tiny = PriceList(
            currency: "KES", monthlyFee: Self.kes(0), includedCalls: 0, overage: [OverageBand(upTo: nil, per1000: Self.kes(1))])
        let charge = tiny.charge(forBillableCalls: calls)
        #expect(charge.overage.map(\.amount) == [Self.kes(minorUnits)])
        #expect(charge.total == Self.kes(minorUnits))
    }

    @Test func linesAlwaysAddUpToTheTotal() {
        let bands = PriceList(
            currency: "KES", monthlyFee: Self.kes(99), includedCalls: 7,
            overage: [
                OverageBand(upTo: 333, per1000: Self.kes(1_11)), OverageBand(upTo: 4_444, per1000: Self.kes(77)),
                OverageBand(upTo: nil, per1000: Self.kes(3)),
            ])
        for calls in stride(from: 0, through: 20_000, by: 97) {
            let charge = bands.charge(forBillableCalls: calls)
            #expect(charge.total.minorUnits == 99 + charge.overage.map(\.amount.minorUnits).reduce(0, +))
            #expect(charge.overage.map(\.calls).reduce(0, +) == charge.overageCalls)
        }
    }

    @Test func withoutBandsCallsBeyondTheIncludedOnesCostNothing() {
        let flat = PriceList(currency: "KES", monthlyFee: Self.kes(0), includedCalls: 0, overage: [])
        let charge = flat.charge(forBillableCalls: 31_000)
        #expect(charge.total == Self.kes(0))
        #expect(charge.overage.isEmpty)
        #expect(charge.overageCalls == 31_000)
    }

    @Test func hugeChargesClampInsteadOfOverflowing() {
        let charge = Self.startup.charge(forBillableCalls: .max)
        #expect(charge.overage.last?.amount == Self.kes(.max))
        #expect(charge.total == Self.kes(.max))
    }
}
