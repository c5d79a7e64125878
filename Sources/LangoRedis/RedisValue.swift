/// One Redis reply (RESP2), as the server sent it.
///
/// Server error replies are values (`.error`), not thrown errors: a command that the server
/// refuses still got its answer.
public enum RedisValue: Sendable, Hashable {
    /// A status reply such as `OK` or `PONG`.
    case simpleString(String)
    /// An error reply such as `ERR unknown command` or `NOSCRIPT …`.
    case error(String)
    /// An integer reply.
    case integer(Int64)
    /// A binary-safe bulk string.
    case bulkString([UInt8])
    /// A null bulk string or null array (a missing key, a timed-out blocking pop).
    case null
    /// An array of replies, possibly nested.
    case array([RedisValue])
}

extension RedisValue {
    /// The text of a status or bulk string reply (bulk bytes decoded as UTF-8), else `nil`.
    public var stringValue: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes of a bulk string reply, else `nil`.
    public var bytesValue: [UInt8]? {
        if case .bulkString(let bytes) = self { return bytes }
        return nil
    }

    /// The number of an integer reply, else `nil`.
    public var integerValue: Int64? {
        if case .integer(let number) = self { return number }
        return nil
    }

    /// The elements of an array reply, else `nil`.
    public var arrayValue: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The message of an error reply, else `nil`.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }

    /// Whether this is the null reply.
    public var isNull: Bool { self == .null }
}

extension RedisValue: CustomStringConvertible {
    /// A short, human-readable rendering for logs and error messages (bulk strings shown as
    /// UTF-8 text, or their length when they are not text).
    public var description: String {
        switch self {
        case .simpleString(let text): "+\(text)"
        case .error(let message): "-\(message)"
        case .integer(let number): ":\(number)"
        case .bulkString(let bytes):
            if let text = String(validating: bytes, as: UTF8.self) { "\"\(text)\"" } else { "<\(bytes.count) bytes>" }
        case .null: "(null)"
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
