import HTTPTypes
import Hummingbird
import LangoJSON
import LangoOpenBanking

/// A JSON body with `status` and `headers`, for the gateway's own routes.
func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json"
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded())))
}

/// An OBIE resource body with `status`.
func obieResponse(_ body: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.encoded())))
}

/// Error bodies: OBIE `OBErrorResponse1` on the open banking API, RFC 9457 problem+json on
/// platform routes.
enum ErrorResponses {
    /// An `OBErrorResponse1` with one error.
    static func obie(
        status: Int, interactionID: String, code: String, message: String, path: String? = nil,
        headers: HTTPFields = [:]
    ) -> Response {
        let body = OBIEErrorResponse(
            status: status, id: interactionID, message: message,
            errors: [OBIEErrorDetail(errorCode: OBIEErrorCode(rawValue: code), message: message, path: path)]
        ).json
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }

    /// The 500 `UK.OBIE.UnexpectedError`: a fault of the gateway or its store, not of the request.
    static func unexpected(interactionID: String, message: String) -> Response {
        obie(status: 500, interactionID: interactionID, code: "UK.OBIE.UnexpectedError", message: message)
    }

    /// The 400 for a request the OBIE rules refuse, naming the field at fault.
    static func obie(_ error: OBIERequestError, interactionID: String) -> Response {
        obie(status: 400, interactionID: interactionID, code: error.errorCode.rawValue, message: error.message, path: error.path)
    }

    /// An RFC 9457 problem document.
    static func problem(status: Int, detail: String, interactionID: String) -> Response {
        let responseStatus = HTTPResponse.Status(code: status)
        let body: JSONValue = [
            "type": "about:blank",
            "title": .string(responseStatus.reasonPhrase),
            "status": .integer(Int64(status)),
            "detail": .string(detail),
            "instance": .string("urn:lango:interaction:\(interactionID)"),
        ]
        return Response(
            status: responseStatus, headers: [.contentType: "application/problem+json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }
}
