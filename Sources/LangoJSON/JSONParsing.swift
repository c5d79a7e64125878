import CJansson

/// A document that is not JSON, or breaks one of the strict rules (duplicate keys, bad UTF-8).
///
/// `line` and `column` are 1-based, as jansson counts them; `description` reads
/// `3:14: duplicate object key near '"scopes"'`.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    /// Byte offset into the input where jansson stopped.
    public let offset: Int
    public let message: String

    public var description: String { "\(line):\(column): \(message)" }
}

extension JSONValue {
    /// Parses a complete JSON text strictly: duplicate object keys, invalid UTF-8, trailing
    /// data and NUL bytes are errors. Any value is accepted at the top level.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> =
            bytes.withContiguousStorageIfAvailable { buffer in
                parseBuffer(UnsafeRawBufferPointer(buffer))
            } ?? Array(bytes).withUnsafeBytes { parseBuffer($0) }
        return try result.get()
    }

    /// Parses JSON text held in a string; see ``parse(_:)-(Collection<UInt8>)``.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private static func parseBuffer(_ buffer: UnsafeRawBufferPointer) -> Result<JSONValue, JSONSyntaxError> {
        var error = json_error_t()
        let flags = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY
        // An empty buffer has no base address; jansson still wants a valid pointer.
        let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
        let root = withUnsafePointer(to: CChar(0)) { empty in
            json_loadb(base ?? empty, buffer.count, size_t(flags), &error)
        }
        guard let root else {
            let message = withUnsafeBytes(of: error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return .failure(
                JSONSyntaxError(line: Int(error.line), column: Int(error.column), offset: Int(error.position), message: message)
            )
        }
        defer { lango_json_decref(root) }
        return .success(JSONValue(borrowing: root))
    }

    /// Copies a jansson tree into a Swift value. `node` stays owned by the caller.
    init(borrowing node: UnsafeMutablePointer<json_t>) {
        switch json_type(UInt32(lango_json_typeof(node))) {
        case JSON_OBJECT:
            var object = JSONObject()
            var iterator = json_object_iter(node)
            while let current = iterator {
                let keyPointer = json_object_iter_key(current)!
                let keyLength = json_object_iter_key_len(current)
                let key = keyPointer.withMemoryRebound(to: UInt8.self, capacity: keyLength) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: keyLength), as: UTF8.self)
                }
                object[key] = JSONValue(borrowing: json_object_iter_value(current)!)
                iterator = json_object_iter_next(node, current)
            }
            self = .object(object)
        case JSON_ARRAY:
            let count = json_array_size(node)
            var elements: [JSONValue] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                elements.append(JSONValue(borrowing: json_array_get(node, index)!))
            }
            self = .array(elements)
        case JSON_STRING:
            let length = json_string_length(node)
            let text = json_string_value(node)!.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            self = .string(text)
        case JSON_INTEGER:
            self = .integer(Int64(json_integer_value(node)))
        case JSON_REAL:
            self = .number(json_real_value(node))
        case JSON_TRUE:
            self = .bool(true)
        case JSON_FALSE:
            self = .bool(false)
        default:
            self = .null
        }
    }
}
