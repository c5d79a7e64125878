import Hummingbird

/// A request a test's server received: the host it named, its headers by canonical name, and
/// its body.
struct ReceivedRequest: Sendable {
    /// The `Host` header (HTTP/1.1), which HTTP types keep apart from the other fields.
    var authority: String?
    var headers: [String: String]
    var body: [UInt8]

    /// Reads `request` whole (up to 64 KiB of body).
    init(_ request: Request) async throws {
        body = Array(try await request.body.collect(upTo: 65_536).readableBytesView)
        authority = request.head.authority
        headers = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
    }
}
