/// Lowercase hexadecimal.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes hex text (either case); `nil` for odd length or a non-hex character.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// RFC 4648 base32 in lowercase, without padding.
public enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        RFC4648.encode(bytes, alphabet: alphabet, bitsPerCharacter: 5)
    }
}

/// Base64 with the URL- and filename-safe alphabet and no padding (RFC 4648 §5), as JOSE
/// writes every binary value.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { values[Int(character)] = UInt8(index) }
        return values
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        RFC4648.encode(bytes, alphabet: alphabet, bitsPerCharacter: 6)
    }

    public static func encode(_ text: String) -> String {
        encode(Array(text.utf8))
    }

    /// Decodes unpadded base64url strictly: `nil` for padding, whitespace, characters outside
    /// the alphabet, an impossible length, or leftover bits that are not zero (so each value has
    /// exactly one encoding).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in utf8 {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return bytes
    }
}

/// The unpadded encoding both base32 and base64url are: each character carries the next
/// `bitsPerCharacter` bits, and the last is filled up with zero bits.
private enum RFC4648 {
    static func encode(_ bytes: some Collection<UInt8>, alphabet: [UInt8], bitsPerCharacter: Int) -> String {
        let mask = UInt32(1) << UInt32(bitsPerCharacter) - 1
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 8 + bitsPerCharacter - 1) / bitsPerCharacter)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= bitsPerCharacter {
                bits -= bitsPerCharacter
                text.append(alphabet[Int(buffer >> UInt32(bits) & mask)])
            }
        }
        if bits > 0 {
            text.append(alphabet[Int(buffer << UInt32(bitsPerCharacter - bits) & mask)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
