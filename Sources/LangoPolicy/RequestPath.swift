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
        // One pass over the bytes into an array sized up front: this runs on every request.
        let utf8 = path.utf8
        let end = utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? utf8.endIndex
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        var segmentStart = utf8.index(after: utf8.startIndex)
        guard segmentStart < end else {
            segments = []
            return
        }
        var segments: [Substring] = []
        segments.reserveCapacity(1 + utf8[segmentStart..<end].lazy.filter { $0 == UInt8(ascii: "/") }.count)
        var index = segmentStart
        while true {
            let atEnd = index == end
            if atEnd || utf8[index] == UInt8(ascii: "/") {
                guard let segment = Self.decoded(path[segmentStart..<index]), !segment.isEmpty, segment != ".", segment != ".."
                else { return nil }
                segments.append(segment)
                if atEnd { break }
                segmentStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
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
