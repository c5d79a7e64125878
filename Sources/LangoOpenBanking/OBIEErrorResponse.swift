import LangoJSON

/// An OBIE error body (`OBErrorResponse1`), sent with a 4xx or 5xx status.
///
/// ``json`` always satisfies the schema: `Code` is the status and its reason phrase
/// (`403 Forbidden`), `Id` is cut to 40 code points (left out when empty), `Message` to 500, and
/// `Errors` is never empty (an empty list becomes one `UK.OBIE.UnexpectedError` carrying the message).
public struct OBIEErrorResponse: Sendable, Hashable {
    /// The HTTP status the body goes with.
    public var status: Int
    /// The request's `x-fapi-interaction-id`, so the caller can quote it.
    public var id: String
    /// A summary of the problem for the developer.
    public var message: String
    /// The individual problems; see the type's summary for an empty list.
    public var errors: [OBIEErrorDetail]

    /// A response with every part given; cutting to length happens in ``json``.
    public init(status: Int, id: String, message: String, errors: [OBIEErrorDetail]) {
        self.status = status
        self.id = id
        self.message = message
        self.errors = errors
    }

    /// The `OBErrorResponse1` body.
    public var json: JSONValue {
        let code = OBIEText.clipped(Self.reasonPhrase(status).map { "\(status) \($0)" } ?? "\(status)", to: 40)
        let summary = OBIEText.value(message, maxLength: 500) ?? .string(code)
        var object: JSONObject = ["Code": .string(code)]
        object["Id"] = OBIEText.value(id, maxLength: 40)
        object["Message"] = summary
        let details = errors.isEmpty ? [OBIEErrorDetail(errorCode: .unexpectedError, message: message)] : errors
        object["Errors"] = .array(details.map(\.json))
        return .object(object)
    }

    /// The standard reason phrase of the statuses an API gateway sends.
    static func reasonPhrase(_ status: Int) -> String? {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: nil
        }
    }
}
