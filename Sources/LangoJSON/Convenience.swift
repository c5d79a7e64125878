extension JSONValueDecoder {
    /// Parses `bytes` strictly and decodes a `T` from them.
    ///
    /// Throws ``JSONSyntaxError`` for text that is not JSON and ``JSONDecodingError`` for JSON
    /// of the wrong shape.
    public func decode<T: Decodable>(_ type: T.Type, fromJSON bytes: some Collection<UInt8>) throws -> T {
        try decode(T.self, from: JSONValue.parse(bytes))
    }
}

extension JSONValueEncoder {
    /// Encodes `value` straight to JSON text.
    public func encodeJSON(_ value: some Encodable, _ options: JSONEncodingOptions = .compact) throws -> [UInt8] {
        try encode(value).encoded(options)
    }
}
