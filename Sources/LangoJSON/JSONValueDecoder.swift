import Foundation

/// Decodes `Decodable` models from a ``JSONValue``, strictly.
///
/// Errors are ``JSONDecodingError`` values naming the JSON path. With `rejectUnknownFields`
/// (the default), a member of an object that the model never asked for is an error too, so a
/// misspelled key in a hand-written file is reported instead of silently ignored. `Date`
/// decodes from an RFC 3339 / ISO 8601 string; ``JSONValue`` decodes as the raw subtree.
public struct JSONValueDecoder: Sendable {
    public var rejectUnknownFields: Bool

    public init(rejectUnknownFields: Bool = true) {
        self.rejectUnknownFields = rejectUnknownFields
    }

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(JSONDecodingError) -> T {
        let state = DecodingState()
        let decoded: T
        do {
            decoded = try ValueDecoder(value: value, path: .root, state: state).decode(T.self)
        } catch let error as JSONDecodingError {
            throw error
        } catch let error as DecodingError {
            throw JSONDecodingError(error)
        } catch {
            throw JSONDecodingError.invalidValue("\(error)", at: .root)
        }
        if rejectUnknownFields, let unknown = state.firstUnknownField() {
            throw unknown
        }
        return decoded
    }
}

extension JSONPath {
    /// The path a `Decoder` or `Encoder` coding path denotes; array positions become indices.
    public init(codingPath: [any CodingKey]) {
        self.init(
            codingPath.map { key in
                if let index = key as? IndexKey { return .index(index.index) }
                return .key(key.stringValue)
            }
        )
    }
}

extension JSONDecodingError {
    /// Carries a Swift `DecodingError` (thrown by a model's own `init(from:)`) over to a path.
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            self = .typeMismatch(expected: "\(type)", found: context.debugDescription, at: JSONPath(codingPath: context.codingPath))
        case .valueNotFound(_, let context), .dataCorrupted(let context):
            self = .invalidValue(context.debugDescription, at: JSONPath(codingPath: context.codingPath))
        case .keyNotFound(let key, let context):
            self = .missingField(key.stringValue, at: JSONPath(codingPath: context.codingPath))
        @unknown default:
            self = .invalidValue("\(error)", at: .root)
        }
    }
}

/// A coding key for array positions.
struct IndexKey: CodingKey {
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(intValue: Int) { self.index = intValue }
    init?(stringValue: String) { nil }
    var stringValue: String { "\(index)" }
    var intValue: Int? { index }
}

/// Which members of which objects a decode asked for, to find the ones it did not.
final class DecodingState {
    private var objects: [(path: JSONPath, object: JSONObject)] = []
    private var asked: [JSONPath: Set<String>] = [:]

    func register(_ object: JSONObject, at path: JSONPath) {
        if asked[path] == nil {
            objects.append((path, object))
            asked[path] = []
        }
    }

    func markAsked(_ key: String, in path: JSONPath) {
        asked[path, default: []].insert(key)
    }

    func markAllAsked(in path: JSONPath, _ object: JSONObject) {
        asked[path, default: []].formUnion(object.orderedKeys)
    }

    func firstUnknownField() -> JSONDecodingError? {
        for (path, object) in objects {
            let known = asked[path] ?? []
            if let unknown = object.orderedKeys.first(where: { !known.contains($0) }) {
                return .unknownField(at: path.appending(key: unknown), known: known)
            }
        }
        return nil
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let path: JSONPath
    let state: DecodingState
    var codingPathKeys: [any CodingKey] = []

    init(value: JSONValue, path: JSONPath, state: DecodingState, codingPath: [any CodingKey] = []) {
        self.value = value
        self.path = path
        self.state = state
        self.codingPathKeys = codingPath
    }

    var codingPath: [any CodingKey] { codingPathKeys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw JSONDecodingError.typeMismatch(expected: "object", found: value.typeName, at: path)
        }
        state.register(object, at: path)
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, object: object))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONDecodingError.typeMismatch(expected: "array", found: value.typeName, at: path)
        }
        return UnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func child(_ value: JSONValue, key: any CodingKey, component: JSONPath.Component) -> ValueDecoder {
        ValueDecoder(value: value, path: path.appending(component), state: state, codingPath: codingPathKeys + [key])
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self {
            return value as! T
        }
        if T.self == Date.self {
            return try decodeDate() as! T
        }
        return try T(from: self)
    }

    private func decodeDate() throws -> Date {
        guard case .string(let text) = value else {
            throw JSONDecodingError.typeMismatch(expected: "date-time string", found: value.typeName, at: path)
        }
        guard let date = ISO8601.parse(text) else {
            throw JSONDecodingError.invalidValue(
                "\"\(text)\" is not an RFC 3339 date-time",
                at: path,
                hint: "write it like 2026-03-01T09:30:00Z or 2026-03-01T12:30:00+03:00"
            )
        }
        return date
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard let wide = value.integerValue else {
            throw JSONDecodingError.typeMismatch(expected: "integer", found: value.typeName, at: path)
        }
        guard let narrow = T(exactly: wide) else {
            throw JSONDecodingError.invalidValue("\(wide) is out of range (\(T.min)...\(T.max))", at: path)
        }
        return narrow
    }
}

extension ValueDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else {
            throw JSONDecodingError.typeMismatch(expected: "boolean", found: value.typeName, at: path)
        }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else {
            throw JSONDecodingError.typeMismatch(expected: "string", found: value.typeName, at: path)
        }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let number = value.doubleValue else {
            throw JSONDecodingError.typeMismatch(expected: "number", found: value.typeName, at: path)
        }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ValueDecoder
    let object: JSONObject

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        decoder.state.markAllAsked(in: decoder.path, object)
        return object.orderedKeys.compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        decoder.state.markAsked(key.stringValue, in: decoder.path)
        return object[key.stringValue] != nil
    }

    private func child(for key: Key) throws -> ValueDecoder {
        decoder.state.markAsked(key.stringValue, in: decoder.path)
        guard let value = object[key.stringValue] else {
            throw JSONDecodingError.missingField(key.stringValue, at: decoder.path)
        }
        return decoder.child(value, key: key, component: .key(key.stringValue))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.state.markAsked(key.stringValue, in: decoder.path)
        return object[key.stringValue]?.isNull ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try child(for: key).decode(T.self)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        decoder.state.markAsked(key.stringValue, in: decoder.path)
        guard let value = object[key.stringValue], !value.isNull else { return nil }
        return try decoder.child(value, key: key, component: .key(key.stringValue)).decode(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(for: key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(for: key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ValueDecoder
    let elements: [JSONValue]
    var currentIndex = 0

    init(decoder: ValueDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw JSONDecodingError.invalidValue("expected more elements (array has \(elements.count))", at: decoder.path)
        }
        defer { currentIndex += 1 }
        return decoder.child(elements[currentIndex], key: IndexKey(currentIndex), component: .index(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next().decode(T.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}
