import AsyncHTTPClient
import Foundation
import LangoJSON
import NIOCore
import NIOHTTP1

/// A response as the tests look at it.
struct HTTPResult {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    func header(_ name: String) -> String? { headers.first(name: name) }

    /// The body parsed as JSON (`null` when it is not JSON).
    var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }

    /// The first OBIE error code of an `OBErrorResponse1` body.
    var errorCode: String? { json["Errors"]?[0]?["ErrorCode"]?.stringValue }
}

enum HTTP {
    static func send(
        _ method: HTTPMethod = .GET, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 32 * 1024 * 1024)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }
}
