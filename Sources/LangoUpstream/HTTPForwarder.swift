import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Passes requests through to an HTTP upstream unchanged but for the target: the `http`
/// adapter kind, for internal services the gateway fronts without translating.
///
/// The response comes back as AsyncHTTPClient gives it, body still streaming, so large
/// answers are not buffered in the gateway. Hop-by-hop headers are the caller's to strip.
public struct HTTPForwarder: Sendable {
    private let client: HTTPClient
    private let baseURL: String
    private let authorization: String?

    /// `baseURL` is the upstream's root, such as `http://10.0.4.7:8080`; request paths are
    /// appended. `authorization`, when given, is sent as the `Authorization` header of every
    /// request (the caller's own credentials are never passed on).
    public init(client: HTTPClient, baseURL: String, authorization: String? = nil) {
        self.client = client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.authorization = authorization
    }

    /// Sends `method pathAndQuery` with `headers` and `body` upstream; the whole exchange,
    /// body included, must finish within `timeout`.
    public func forward(
        method: HTTPMethod, pathAndQuery: String, headers: HTTPHeaders, body: ByteBuffer?, timeout: Duration
    ) async throws(UpstreamError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: baseURL + pathAndQuery)
        request.method = method
        request.headers = headers
        if let authorization { request.headers.replaceOrAdd(name: "authorization", value: authorization) }
        if let body { request.body = .bytes(body) }
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        do {
            return try await client.execute(request, deadline: deadline)
        } catch {
            throw UpstreamError.classifying(error, limit: timeout, upstream: baseURL)
        }
    }
}
