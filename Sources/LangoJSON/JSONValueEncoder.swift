import Foundation

/// Encodes `Encodable` models into a ``JSONValue``.
///
/// Keys keep the order the model encodes them in; `nil` optionals encoded with
/// `encodeIfPresent` (what synthesized conformances do) are left out. `Date` encodes as an
/// RFC 3339 string in UTC (see ``ISO8601/format(_:fractionalSeconds:)``), with milliseconds
/// when it is not a whole second; a ``JSONValue`` property is inserted as is.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try ValueEncoder(node: root, codingPath: []).encodeValue(value)
        return root.value
    }
}

/// A mutable slot in the tree being built; containers fill their slot as children are added.
private final class Node {
    enum Content {
        case value(JSONValue)
        case object([(String, Node)])
        case array([Node])
    }

    var content: Content = .value(.null)

    var value: JSONValue {
        switch content {
        case .value(let value): value
        case .object(let members): .object(JSONObject(members.map { ($0.0, $0.1.value) }))
        case .array(let elements): .array(elements.map(\.value))
        }
    }

    func member(_ key: String) -> Node {
        if case .object(var members) = content {
            if let existing = members.first(where: { $0.0 == key }) { return existing.1 }
            let node = Node()
            members.append((key, node))
            content = .object(members)
            return node
        }
        let node = Node()
        content = .object([(key, node)])
        return node
    }

    func appendElement() -> Node {
        let node = Node()
        if case .array(var elements) = content {
            elements.append(node)
            content = .array(elements)
        } else {
            content = .array([node])
        }
        return node
    }
}

private struct ValueEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let raw as JSONValue: node.content = .value(raw)
        case let date as Date:
            // Whole seconds stay short; anything finer keeps its milliseconds.
            let fractional = date.timeIntervalSince1970.rounded(.down) != date.timeIntervalSince1970
            node.content = .value(.string(ISO8601.format(date, fractionalSeconds: fractional)))
        default: try value.encode(to: self)
        }
    }
}

extension ValueEncoder: SingleValueEncodingContainer {
    func encodeNil() { node.content = .value(.null) }
    func encode(_ value: Bool) { node.content = .value(.bool(value)) }
    func encode(_ value: String) { node.content = .value(.string(value)) }
    func encode(_ value: Double) { node.content = .value(.number(value)) }
    func encode(_ value: Float) { node.content = .value(.number(Double(value))) }
    func encode(_ value: Int) { node.content = .value(.integer(Int64(value))) }
    func encode(_ value: Int8) { node.content = .value(.integer(Int64(value))) }
    func encode(_ value: Int16) { node.content = .value(.integer(Int64(value))) }
    func encode(_ value: Int32) { node.content = .value(.integer(Int64(value))) }
    func encode(_ value: Int64) { node.content = .value(.integer(value)) }
    func encode(_ value: UInt) throws { try encodeUnsigned(value) }
    func encode(_ value: UInt8) { node.content = .value(.integer(Int64(value))) }
    func encode(_ value: UInt16) { node.content = .value(.integer(Int64(value))) }
    func encode(_ value: UInt32) { node.content = .value(.integer(Int64(value))) }
    func encode(_ value: UInt64) throws { try encodeUnsigned(value) }
    func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }

    private func encodeUnsigned(_ value: some UnsignedInteger) throws {
        guard let signed = Int64(exactly: value) else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) does not fit a JSON integer")
            )
        }
        node.content = .value(.integer(signed))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func child(_ key: Key) -> ValueEncoder {
        ValueEncoder(node: encoder.node.member(key.stringValue), codingPath: codingPath + [key])
    }

    func encodeNil(forKey key: Key) { child(key).encodeNil() }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try child(key).encodeValue(value)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        child(key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        child(key).unkeyedContainer()
    }

    func superEncoder() -> any Encoder { encoder }
    func superEncoder(forKey key: Key) -> any Encoder { child(key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    var count: Int {
        if case .array(let elements) = encoder.node.content { return elements.count }
        return 0
    }

    private func next() -> ValueEncoder {
        let index = count
        return ValueEncoder(node: encoder.node.appendElement(), codingPath: codingPath + [IndexKey(index)])
    }

    mutating func encodeNil() { next().encodeNil() }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try next().encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        next().container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        next().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { next() }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            let members = try container.decode([String: JSONValue].self)
            self = .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value):
            try container.encode(Dictionary(value.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
        }
    }
}
