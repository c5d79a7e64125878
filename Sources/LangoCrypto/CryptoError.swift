import COpenSSL

/// A key or signature operation that could not be done: bad key material, a key of the wrong
/// kind for the algorithm, or OpenSSL refusing an operation.
public struct CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case invalidKey(String)
        case wrongKeyType(expected: String)
        case openSSL(operation: String, detail: String)
        case sealedBoxRejected
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Key material that does not describe a usable key, with why.
    public static func invalidKey(_ reason: String) -> Self { Self(.invalidKey(reason)) }

    /// A key that is not of the kind an algorithm needs, such as an RSA key for ES256.
    public static func wrongKeyType(expected: String) -> Self { Self(.wrongKeyType(expected: expected)) }

    /// A sealed box that does not open: the wrong key or associated data, or altered bytes.
    public static let sealedBoxRejected = Self(.sealedBoxRejected)

    /// OpenSSL failed `operation`; the detail is its error queue, which this call empties.
    static func openSSL(_ operation: String) -> Self {
        var details: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            details.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return Self(.openSSL(operation: operation, detail: details.joined(separator: "; ")))
    }

    public var description: String {
        switch kind {
        case .invalidKey(let reason): "invalid key: \(reason)"
        case .wrongKeyType(let expected): "wrong key type: expected \(expected)"
        case .openSSL(let operation, let detail): "\(operation) failed" + (detail.isEmpty ? "" : ": \(detail)")
        case .sealedBoxRejected: "the sealed box does not open: wrong key or associated data, or altered"
        }
    }
}
