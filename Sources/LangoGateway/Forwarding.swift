import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import LangoPolicy
import LangoUpstream
import NIOHTTP1

/// Passes one request through an `http` adapter (operation `forward`): the path rewritten
/// by the rule's `upstream.path` if it has one, query and body unchanged, credentials and
/// hop-by-hop headers removed, identity added as headers. The response streams back.
struct Forwarding {
    static let operation = "forward"

    /// Connection-level headers (RFC 9110 §7.6.1) and the credentials the gateway consumed.
    private static let dropped: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length", "x-api-key", "authorization",
        "x-lango-app-id", "x-lango-customer-id", "x-fapi-interaction-id",
    ]

    let forwarder: HTTPForwarder
    let target: UpstreamTarget
    let parameters: PathParameters
    let limit: Int
    let timeout: Duration
    let interactionID: String
    let appID: String?
    let customerID: String?

    func perform(_ request: Request) async -> UpstreamOutcome {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            return UpstreamOutcome(
                response: ErrorResponses.obie(
                    status: 413, interactionID: interactionID, code: "LANGO.BodyTooLarge",
                    message: "the request body exceeds \(limit) bytes"),
                failure: "body_too_large")
        }
        var path = request.uri.path
        if target.pathTemplate != nil {
            // A rewrite that cannot be filled (an empty, "." or ".." segment) is refused, never
            // replaced by the raw path.
            guard let rewritten = target.rewrittenPath(parameters) else {
                return UpstreamOutcome(
                    response: ErrorResponses.obie(
                        status: 400, interactionID: interactionID, code: "UK.OBIE.Resource.InvalidFormat",
                        message: "the request path cannot be mapped to the upstream"),
                    failure: "path_unmappable")
            }
            path = rewritten
        }
        if let query = request.uri.query { path += "?" + query }

        var headers = HTTPHeaders()
        for field in request.headers where !Self.dropped.contains(field.name.canonicalName) {
            headers.add(name: field.name.rawName, value: field.value)
        }
        headers.add(name: "x-fapi-interaction-id", value: interactionID)
        headers.add(name: "x-forwarded-proto", value: "http")
        if let host = request.head.authority { headers.add(name: "x-forwarded-host", value: host) }
        if let appID { headers.add(name: "x-lango-app-id", value: appID) }
        if let customerID { headers.add(name: "x-lango-customer-id", value: customerID) }

        let upstreamResponse: HTTPClientResponse
        do {
            upstreamResponse = try await forwarder.forward(
                method: HTTPMethod(rawValue: request.method.rawValue), pathAndQuery: path, headers: headers,
                body: body.readableBytes > 0 ? body : nil, timeout: timeout)
        } catch {
            let (status, code, reason, message) =
                error.isTimeout
                ? (504, "LANGO.UpstreamTimeout", "upstream_timeout", "the upstream did not answer in time")
                : (502, "LANGO.UpstreamUnavailable", "upstream_unavailable", "the upstream is unavailable")
            return UpstreamOutcome(
                response: ErrorResponses.obie(status: status, interactionID: interactionID, code: code, message: message),
                failure: reason)
        }
        var responseHeaders = HTTPFields()
        for (name, value) in upstreamResponse.headers where !Self.dropped.contains(name.lowercased()) {
            if let fieldName = HTTPField.Name(name) { responseHeaders.append(HTTPField(name: fieldName, value: value)) }
        }
        if let length = upstreamResponse.headers.first(name: "content-length") {
            responseHeaders[.contentLength] = length
        }
        return UpstreamOutcome(
            response: Response(
                status: HTTPResponse.Status(code: Int(upstreamResponse.status.code)), headers: responseHeaders,
                body: ResponseBody(asyncSequence: upstreamResponse.body)),
            failure: upstreamResponse.status.code >= 500 ? "upstream_error" : nil)
    }
}
