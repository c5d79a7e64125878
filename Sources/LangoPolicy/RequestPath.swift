/// A request path split into percent-decoded segments, the form routes are matched against.
///
/// Anything from the first `?` or `#` on is ignored. A path is unroutable (`nil`) when it does
/// not start with "/", has an empty segment (including a trailing slash), has a malformed
/// percent escape or bytes that are not UTF-8, or a segment that decodes to "." or "..", or
/// contains an encoded "/" or NUL: such paths match no route, so they cannot smuggle a
/// traversal or an extra segment past a template into an upstream path.
struct RequestPath: Sendable {
    let segments: [Substring]

    init?(_ path: String) {
        let withoutQuery = path.prefix { $0 != "?" && $0 != "#" }
        guard withoutQuery.first == "/" else { return nil }
        let rest = withoutQuery.dropFirst()
        guard !rest.isEmpty else {
            segments = []
            return
        }
        var segments: [Substring] = []
        for raw in rest.split(separator: "/", omittingEmptySubsequences: false) {
            guard let segment = Self.decoded(raw), !segment.isEmpty, segment != ".", segment != ".." else { return nil }
            segments.append(segment)
        }
        self.segments = segments
    }

    /// The segment with its percent escapes decoded; `nil` if it cannot be routed.
    private static func decoded(_ raw: Substring) -> Substring? {
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            let decoded = high << 4 | low
            guard decoded != UInt8(ascii: "/"), decoded != 0 else { return nil }
            bytes.append(decoded)
        }
        return String(validating: bytes, as: UTF8.self).map { Substring($0) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
