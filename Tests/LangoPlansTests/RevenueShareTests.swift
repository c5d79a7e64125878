import LangoPlans
import Testing

@Suite struct RevenueShareTests {
    @Test(arguments: [(1_500, "15"), (1_250, "12.5"), (1_205, "12.05"), (25, "0.25"), (999, "9.99"), (10_000, "100"), (0, "0")])
    func percentIsWrittenAsInPlans(basisPoints: Int, percent: String) {
        #expect(RevenueShare(product: "payments", basisPoints: basisPoints).percent == percent)
    }
}
