import CJansson

/// How ``JSONValue/encoded(_:)`` lays out its output.
public struct JSONEncodingOptions: Sendable, Hashable {
    /// Indent nested values by this many spaces; `nil` for compact output.
    public var indent: Int?
    /// Write object keys in sorted order instead of insertion order.
    public var sortedKeys: Bool

    public init(indent: Int? = nil, sortedKeys: Bool = false) {
        self.indent = indent
        self.sortedKeys = sortedKeys
    }

    /// One line, keys in insertion order: what goes on the wire.
    public static let compact = JSONEncodingOptions()
    /// Two-space indentation, keys in insertion order: for people and files.
    public static let pretty = JSONEncodingOptions(indent: 2)
    /// Compact and sorted: the same value always gives the same bytes, whatever its key order.
    public static let canonical = JSONEncodingOptions(sortedKeys: true)

    var janssonFlags: Int32 {
        var flags = JSON_ENCODE_ANY | (17 << 11)  // JSON_REAL_PRECISION(17): reals round-trip
        if let indent { flags |= Int32(min(max(indent, 0), 31)) } else { flags |= JSON_COMPACT }
        if sortedKeys { flags |= JSON_SORT_KEYS }
        return flags
    }
}

extension JSONValue {
    /// Encodes the value as UTF-8 JSON text. Output is deterministic: the same value and
    /// options always give the same bytes. Non-finite reals, which JSON cannot express,
    /// encode as `null`.
    public func encoded(_ options: JSONEncodingOptions = .compact) -> [UInt8] {
        let node = makeJanssonNode()
        defer { lango_json_decref(node) }
        var output: [UInt8] = []
        withUnsafeMutablePointer(to: &output) { outputPointer in
            _ = json_dump_callback(
                node,
                { buffer, size, context in
                    guard let buffer, let context else { return -1 }
                    let output = context.assumingMemoryBound(to: [UInt8].self)
                    buffer.withMemoryRebound(to: UInt8.self, capacity: size) {
                        output.pointee.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
                    }
                    return 0
                },
                outputPointer,
                size_t(options.janssonFlags)
            )
        }
        return output
    }

    /// The encoded text as a string; see ``encoded(_:)``.
    public func encodedString(_ options: JSONEncodingOptions = .compact) -> String {
        String(decoding: encoded(options), as: UTF8.self)
    }

    /// Builds a jansson tree with one reference owned by the caller.
    private func makeJanssonNode() -> UnsafeMutablePointer<json_t> {
        switch self {
        case .null:
            return json_null()
        case .bool(let value):
            return value ? json_true() : json_false()
        case .integer(let value):
            return json_integer(json_int_t(value))
        case .number(let value):
            return value.isFinite ? json_real(value) : json_null()
        case .string(let value):
            var text = value
            return text.withUTF8 { utf8 in
                guard let base = utf8.baseAddress, !utf8.isEmpty else { return json_string_nocheck("") }
                return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    json_stringn_nocheck($0, utf8.count)
                }
            }
        case .array(let elements):
            let array = json_array()!
            for element in elements {
                json_array_append_new(array, element.makeJanssonNode())
            }
            return array
        case .object(let object):
            let node = json_object()!
            for (key, value) in object {
                var key = key
                let member = value.makeJanssonNode()
                key.withUTF8 { utf8 in
                    guard let base = utf8.baseAddress, !utf8.isEmpty else {
                        _ = json_object_setn_new_nocheck(node, "", 0, member)
                        return
                    }
                    base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        _ = json_object_setn_new_nocheck(node, $0, utf8.count, member)
                    }
                }
            }
            return node
        }
    }
}
