import Foundation
import LangoLimits
import Testing

@Suite struct LimiterTimeTests {
    @Test func microsecondsRoundTripThroughDates() {
        for microseconds: Int64 in [
            0, 1, 999_999, 1_773_100_800_000_001, 1_773_100_800_060_000, 1_773_100_800_999_999, -1_500_000,
        ] {
            #expect(LimiterTime.microseconds(LimiterTime.date(microseconds: microseconds)) == microseconds)
        }
    }

    @Test func instantsRoundToTheNearestMicrosecond() {
        #expect(LimiterTime.microseconds(Date(timeIntervalSince1970: 1.000_000_4)) == 1_000_000)
        #expect(LimiterTime.microseconds(Date(timeIntervalSince1970: 1.000_000_6)) == 1_000_001)
        #expect(LimiterTime.microseconds(Date(timeIntervalSince1970: 1_773_100_800)) == 1_773_100_800_000_000)
    }

    @Test func durationsTruncateToMicrosecondsAndSaturate() {
        #expect(LimiterTime.microseconds(Duration.milliseconds(60)) == 60_000)
        #expect(LimiterTime.microseconds(Duration.nanoseconds(1_999)) == 1)
        #expect(LimiterTime.microseconds(Duration.seconds(Int64.max / 100)) == .max)
        #expect(LimiterTime.microseconds(Duration.seconds(-Int64.max / 100)) == .min)
        #expect(RateLimit(limit: 1, period: .seconds(Int64.max), burst: 1).emissionIntervalMicroseconds == .max)
        #expect(RateLimit(limit: 1_000_000_000, period: .seconds(1), burst: 1).emissionIntervalMicroseconds == 1)
    }
}
