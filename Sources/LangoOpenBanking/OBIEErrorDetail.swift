import LangoJSON

/// One entry of an error response's `Errors` list (`OBError1`).
public struct OBIEErrorDetail: Sendable, Hashable {
    /// What kind of error it is.
    public var errorCode: OBIEErrorCode
    /// What is wrong, for the developer (at most 500 code points are sent).
    public var message: String
    /// The request field at fault, such as `fromBookingDateTime` or `Data.Initiation.InstructedAmount`.
    public var path: String?
    /// A link to documentation about the error.
    public var url: String?

    /// An entry with every field given.
    public init(errorCode: OBIEErrorCode, message: String, path: String? = nil, url: String? = nil) {
        self.errorCode = errorCode
        self.message = message
        self.path = path
        self.url = url
    }

    /// The `OBError1` object; an empty message is replaced by the error code.
    var json: JSONValue {
        var object: JSONObject = [
            "ErrorCode": .string(errorCode.rawValue),
            "Message": OBIEText.value(message, maxLength: 500) ?? .string(errorCode.rawValue),
        ]
        object["Path"] = OBIEText.value(path, maxLength: 500)
        object["Url"] = OBIEText.value(url, maxLength: .max)
        return .object(object)
    }
}
