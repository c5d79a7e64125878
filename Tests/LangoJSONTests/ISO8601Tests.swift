import Foundation
import LangoJSON
import Testing

@Suite struct ISO8601Tests {
    @Test func parsesTheForms() throws {
        let expected = Date(timeIntervalSince1970: 1_772_357_400)  // 2026-03-01T09:30:00Z
        #expect(ISO8601.parse("2026-03-01T09:30:00Z") == expected)
        #expect(ISO8601.parse("2026-03-01T09:30:00+00:00") == expected)
        #expect(ISO8601.parse("2026-03-01T12:30:00+03:00") == expected)
        #expect(ISO8601.parse("2026-03-01T09:30") == expected)
        #expect(ISO8601.parse("2026-03-01") == Date(timeIntervalSince1970: 1_772_323_200))
        let fractional = try #require(ISO8601.parse("2026-03-01T09:30:00.250Z"))
        #expect(fractional.timeIntervalSince1970 == 1_772_357_400.25)
    }

    @Test func canIgnoreTheZone() {
        #expect(ISO8601.parse("2026-03-01T12:30:00+03:00", ignoringTimeZone: true) == ISO8601.parse("2026-03-01T12:30:00Z"))
    }

    @Test func rejectsInvalidDates() {
        for text in ["2026-02-29", "2026-13-01", "2026-03-01T24:00", "2026-3-1", "2026-03-01T09:30:00.Z", "2026-03-01x", ""] {
            #expect(ISO8601.parse(text) == nil, "\(text)")
        }
        #expect(ISO8601.parse("2024-02-29") != nil)
    }

    @Test func formatsInUTC() {
        let date = Date(timeIntervalSince1970: 1_772_357_400.25)
        #expect(ISO8601.format(date) == "2026-03-01T09:30:00+00:00")
        #expect(ISO8601.format(date, fractionalSeconds: true) == "2026-03-01T09:30:00.250+00:00")
        #expect(ISO8601.formatDate(date) == "2026-03-01")
        #expect(ISO8601.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59+00:00")
    }

    @Test func formatAndParseAgreeAcrossYears() {
        // Years 0053 to 9909.
        for day in stride(from: -700_000, through: 2_900_000, by: 9_973) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 3_723)
            #expect(ISO8601.parse(ISO8601.format(date)) == date)
        }
    }
}
