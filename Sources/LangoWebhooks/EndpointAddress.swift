import Foundation

/// What kind of network an IP address belongs to, for deciding where webhooks may be sent:
/// anything but a public address could reach the bank's own network or a cloud metadata
/// service (server-side request forgery).
public enum EndpointAddressKind: String, Sendable, Hashable {
    case `public`
    case loopback
    /// RFC 1918, IPv6 unique-local (fc00::/7), and carrier-grade NAT (100.64.0.0/10).
    case `private`
    /// 169.254.0.0/16 and fe80::/10.
    case linkLocal = "link-local"
    /// Cloud instance metadata services (169.254.169.254, fd00:ec2::254).
    case metadata
    /// Unspecified, multicast, broadcast, reserved, documentation: never a webhook receiver.
    case unroutable

    /// Whether a production app's webhooks may go to an address of this kind.
    public var isAllowedInProduction: Bool { self == .public }

    /// The kind of `address`, an IPv4 or IPv6 literal; `nil` when it is neither.
    public static func of(_ address: String) -> EndpointAddressKind? {
        if let v4 = IPv4(address) { return kind(of: v4) }
        if let v6 = IPv6(address) { return kind(of: v6) }
        return nil
    }

    private static func kind(of address: IPv4) -> EndpointAddressKind {
        let (a, b, c, d) = (address.bytes[0], address.bytes[1], address.bytes[2], address.bytes[3])
        switch (a, b) {
        case (169, 254) where c == 169 && d == 254: return .metadata
        case (127, _): return .loopback
        case (10, _), (172, 16...31), (192, 168), (100, 64...127): return .private
        case (169, 254): return .linkLocal
        case (0, _), (224...255, _): return .unroutable
        case (192, 0) where c == 2, (198, 51) where c == 100, (203, 0) where c == 113, (198, 18...19): return .unroutable
        default: return .public
        }
    }

    private static func kind(of address: IPv6) -> EndpointAddressKind {
        let words = address.words
        if words == [0, 0, 0, 0, 0, 0, 0, 1] { return .loopback }
        if words.allSatisfy({ $0 == 0 }) { return .unroutable }
        // ::ffff:a.b.c.d and the deprecated ::a.b.c.d carry an IPv4 address.
        if words[0..<5].allSatisfy({ $0 == 0 }), words[5] == 0xffff || words[5] == 0 {
            return kind(of: IPv4(bytes: [UInt8(words[6] >> 8), UInt8(words[6] & 0xff), UInt8(words[7] >> 8), UInt8(words[7] & 0xff)]))
        }
        if words == [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254] { return .metadata }
        if words[0] & 0xfe00 == 0xfc00 { return .private }
        if words[0] & 0xffc0 == 0xfe80 { return .linkLocal }
        if words[0] & 0xff00 == 0xff00 || words[0] == 0x2001 && words[1] == 0x0db8 { return .unroutable }
        return .public
    }
}

/// An IPv4 literal in dotted-decimal form.
struct IPv4 {
    let bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            // No leading zeros: "010" would be octal to some resolvers and decimal to others.
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                part == "0" || !part.hasPrefix("0"), let byte = UInt8(part)
            else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }
}

/// An IPv6 literal (RFC 4291 text forms, `::` compression, a trailing dotted IPv4, no zone).
struct IPv6 {
    let words: [UInt16]

    init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard !text.contains("%") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parse(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var words: [UInt16] = []
            let groups = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, group) in groups.enumerated() {
                if index == groups.count - 1, group.contains("."), let v4 = IPv4(String(group)) {
                    words.append(UInt16(v4.bytes[0]) << 8 | UInt16(v4.bytes[1]))
                    words.append(UInt16(v4.bytes[2]) << 8 | UInt16(v4.bytes[3]))
                    continue
                }
                guard (1...4).contains(group.count), let word = UInt16(group, radix: 16) else { return nil }
                words.append(word)
            }
            return words
        }
        guard let head = parse(halves[0]) else { return nil }
        if halves.count == 2 {
            guard let tail = parse(halves[1]), head.count + tail.count <= 7 else { return nil }
            words = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard head.count == 8 else { return nil }
            words = head
        }
    }
}
