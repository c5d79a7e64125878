import Hummingbird

/// A request a test's server received: its headers by canonical name, and its body.
struct ReceivedRequest: Sendable {
    var headers: [String: String]
    var body: [UInt8]

    /// Reads `request` whole (up to 64 KiB of body).
    init(_ request: Request) async throws {
        body = Array(try await request.body.collect(upTo: 65_536).readableBytesView)
        headers = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
    }
}
