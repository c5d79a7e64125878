/// A request the gateway cannot honour as asked; answer with 400 and ``detail`` in an
/// ``OBIEErrorResponse``.
///
/// The static factories cover the query parameters this module parses; ``init(errorCode:message:path:)``
/// covers the rest (request bodies, headers).
public struct OBIERequestError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case invalidPage(String)
        case invalidDate(parameter: String, value: String)
        case reversedWindow
        case other(OBIEErrorCode, message: String, path: String?)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// Any other problem: `errorCode` with a message for the developer and, when it is one
    /// field's fault, that field's path (such as `Data.Amount.Amount`).
    public init(errorCode: OBIEErrorCode, message: String, path: String? = nil) {
        self.init(.other(errorCode, message: message, path: path))
    }

    /// `page` is not a whole number from 1 to ``OBIEPaging/maxPage``.
    public static func invalidPage(_ raw: String) -> Self { Self(.invalidPage(raw)) }

    /// A booking-date parameter is not an ISO 8601 date or date-time.
    public static func invalidDate(parameter: String, value: String) -> Self {
        Self(.invalidDate(parameter: parameter, value: value))
    }

    /// `fromBookingDateTime` is later than `toBookingDateTime`.
    public static let reversedWindow = Self(.reversedWindow)

    /// The OBIE error code to report.
    public var errorCode: OBIEErrorCode {
        switch kind {
        case .invalidPage: .fieldInvalid
        case .invalidDate, .reversedWindow: .fieldInvalidDate
        case .other(let code, _, _): code
        }
    }

    /// What is wrong, for the developer.
    public var message: String {
        switch kind {
        case .invalidPage(let raw):
            "page must be a whole number from 1 to \(OBIEPaging.maxPage), not \"\(OBIEText.clipped(raw, to: 40))\""
        case .invalidDate(let parameter, let value):
            "\(parameter) must be an ISO 8601 date or date-time such as 2026-03-01T09:30:00, not \"\(OBIEText.clipped(value, to: 60))\""
        case .reversedWindow:
            "fromBookingDateTime must not be later than toBookingDateTime"
        case .other(_, let message, _):
            message
        }
    }

    /// The parameter or field at fault, when there is one.
    public var path: String? {
        switch kind {
        case .invalidPage: "page"
        case .invalidDate(let parameter, _): parameter
        case .reversedWindow: "fromBookingDateTime"
        case .other(_, _, let path): path
        }
    }

    /// The error as an `Errors` entry.
    public var detail: OBIEErrorDetail { OBIEErrorDetail(errorCode: errorCode, message: message, path: path) }

    /// The code, the path when there is one, and the message.
    public var description: String {
        guard let path else { return "\(errorCode): \(message)" }
        return "\(errorCode) at \(path): \(message)"
    }
}
