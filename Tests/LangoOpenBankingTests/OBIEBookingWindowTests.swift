import Foundation
import LangoJSON
import LangoOpenBanking
import Testing

struct OBIEBookingWindowTests {
    private func utc(_ text: String) -> Date { ISO8601.parse(text)! }

    @Test func absentParametersLeaveTheWindowOpen() throws {
        #expect(try OBIEBookingWindow.parse(from: nil, to: nil) == OBIEBookingWindow())
        #expect(try OBIEBookingWindow.parse(from: "2026-01-01", to: nil) == OBIEBookingWindow(from: utc("2026-01-01T00:00:00Z")))
    }

    @Test(arguments: [
        ("2026-02-01", "2026-02-01T00:00:00Z"),
        ("2026-02-01T10:15", "2026-02-01T10:15:00Z"),
        ("2026-02-01T10:15:30", "2026-02-01T10:15:30Z"),
        ("2026-02-01T10:15:30.250", "2026-02-01T10:15:30.250Z"),
        ("2026-02-01T10:15:30+03:00", "2026-02-01T10:15:30Z"),
        ("2026-02-01T10:15:30-05:00", "2026-02-01T10:15:30Z"),
        ("2026-02-01T10:15:30Z", "2026-02-01T10:15:30Z"),
    ])
    func readsTheWallClockAsUTCIgnoringAnyZone(raw: String, expected: String) throws {
        #expect(try OBIEBookingWindow.parse(from: raw, to: raw) == OBIEBookingWindow(from: utc(expected), to: utc(expected)))
    }

    @Test(arguments: ["yesterday", "", "2026-13-01", "2026-02-30", "2026-02-01T25:00", "01/02/2026", "2026-02-01T10:15:30+3"])
    func invalidDatesNameTheParameter(raw: String) {
        let from = #expect(throws: OBIERequestError.self) { try OBIEBookingWindow.parse(from: raw, to: nil) }
        #expect(from == .invalidDate(parameter: "fromBookingDateTime", value: raw))
        #expect(from?.errorCode == .fieldInvalidDate && from?.path == "fromBookingDateTime")
        let to = #expect(throws: OBIERequestError.self) { try OBIEBookingWindow.parse(from: "2026-01-01", to: raw) }
        #expect(to == .invalidDate(parameter: "toBookingDateTime", value: raw))
        #expect(to?.path == "toBookingDateTime")
    }

    @Test func fromAfterToIsRefusedAfterDroppingZones() throws {
        #expect(throws: OBIERequestError.reversedWindow) {
            try OBIEBookingWindow.parse(from: "2026-02-02", to: "2026-02-01T23:59:59")
        }
        // 10:00+03:00 is 07:00 UTC, but OBIE says to ignore the zone: 10:00 is after 08:00.
        #expect(throws: OBIERequestError.reversedWindow) {
            try OBIEBookingWindow.parse(from: "2026-02-01T10:00:00+03:00", to: "2026-02-01T08:00:00Z")
        }
        let instant = try OBIEBookingWindow.parse(from: "2026-02-01T08:00:00", to: "2026-02-01T08:00:00+01:00")
        #expect(instant.from == instant.to)
    }

    @Test func intersectionKeepsTheLaterStartAndTheEarlierEnd() {
        let consent = OBIEBookingWindow(from: utc("2026-01-01T00:00:00Z"), to: utc("2026-03-31T23:59:59Z"))
        #expect(consent.intersection(OBIEBookingWindow()) == consent)
        #expect(OBIEBookingWindow().intersection(consent) == consent)
        #expect(
            consent.intersection(OBIEBookingWindow(from: utc("2026-02-01T00:00:00Z")))
                == OBIEBookingWindow(from: utc("2026-02-01T00:00:00Z"), to: utc("2026-03-31T23:59:59Z")))
        #expect(
            consent.intersection(OBIEBookingWindow(from: utc("2025-06-01T00:00:00Z"), to: utc("2026-01-15T00:00:00Z")))
                == OBIEBookingWindow(from: utc("2026-01-01T00:00:00Z"), to: utc("2026-01-15T00:00:00Z")))
        #expect(OBIEBookingWindow().intersection(OBIEBookingWindow()) == OBIEBookingWindow())
    }

    @Test func windowsSharingOnlyAnInstantMeetThere() {
        let first = OBIEBookingWindow(to: utc("2026-02-01T00:00:00Z"))
        let second = OBIEBookingWindow(from: utc("2026-02-01T00:00:00Z"))
        #expect(first.intersection(second) == OBIEBookingWindow(from: utc("2026-02-01T00:00:00Z"), to: utc("2026-02-01T00:00:00Z")))
    }

    @Test func disjointWindowsHaveNoIntersection() {
        let consent = OBIEBookingWindow(from: utc("2026-01-01T00:00:00Z"), to: utc("2026-01-31T00:00:00Z"))
        #expect(consent.intersection(OBIEBookingWindow(from: utc("2026-02-01T00:00:00Z"))) == nil)
        #expect(consent.intersection(OBIEBookingWindow(to: utc("2025-12-31T23:59:59Z"))) == nil)
    }
}
