import Foundation
import LangoJSON

/// The `fromBookingDateTime` / `toBookingDateTime` filter of a transactions request.
public struct OBIEBookingWindow: Sendable, Hashable {
    /// Earliest booking time included; `nil` when not given.
    public var from: Date?
    /// Latest booking time included; `nil` when not given.
    public var to: Date?

    /// A window between `from` and `to`, either end open when `nil`.
    public init(from: Date? = nil, to: Date? = nil) {
        self.from = from
        self.to = to
    }

    /// Parses the two query parameters the way OBIE specifies: the time part is optional (a
    /// date alone means 00:00:00), and a zone in the value is ignored, its wall-clock time read
    /// as UTC.
    ///
    /// Throws ``OBIERequestError/invalidDate(parameter:value:)`` (`UK.OBIE.Field.InvalidDate`,
    /// with the parameter as `Path`) for a value that is not a date, and
    /// ``OBIERequestError/reversedWindow`` when `from` is later than `to`.
    public static func parse(from: String?, to: String?) throws(OBIERequestError) -> OBIEBookingWindow {
        let window = OBIEBookingWindow(
            from: try parseDate(from, parameter: "fromBookingDateTime"),
            to: try parseDate(to, parameter: "toBookingDateTime"))
        if let start = window.from, let end = window.to, start > end { throw .reversedWindow }
        return window
    }

    /// The part of this window that is also in `other`; `nil` when they share no instant.
    public func intersection(_ other: OBIEBookingWindow) -> OBIEBookingWindow? {
        let start = [from, other.from].compactMap { $0 }.max()
        let end = [to, other.to].compactMap { $0 }.min()
        if let start, let end, start > end { return nil }
        return OBIEBookingWindow(from: start, to: end)
    }

    private static func parseDate(_ raw: String?, parameter: String) throws(OBIERequestError) -> Date? {
        guard let raw else { return nil }
        guard let date = ISO8601.parse(raw, ignoringTimeZone: true) else {
            throw .invalidDate(parameter: parameter, value: raw)
        }
        return date
    }
}
