/// `application/x-www-form-urlencoded` bodies, read strictly: what OAuth endpoints receive.
public enum FormEncoding {
    /// The name–value pairs of `body` in order, `+` read as a space and `%XX` decoded; `nil`
    /// for a malformed escape or bytes that are not UTF-8 once decoded.
    public static func parse(_ body: some Collection<UInt8>) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for part in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let halves = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(halves[0]), let value = halves.count == 2 ? decode(halves[1]) : "" else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// Decodes one form component: `+` is a space, `%XX` a byte.
    public static func decode(_ component: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.count)
        var index = component.startIndex
        while index != component.endIndex {
            let byte = component[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = component.index(after: index)
                guard high != component.endIndex else { return nil }
                let low = component.index(after: high)
                guard low != component.endIndex, let value = hexValue(component[high], component[low]) else { return nil }
                bytes.append(value)
                index = low
            default:
                bytes.append(byte)
            }
            index = component.index(after: index)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func digit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        guard let high = digit(high), let low = digit(low) else { return nil }
        return high << 4 | low
    }
}
