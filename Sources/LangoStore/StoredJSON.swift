import LangoJSON
import SQLKit

/// Codable values kept as compact JSON text in TEXT columns, the same on SQLite and PostgreSQL.
enum StoredJSON {
    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSONValueEncoder().encodeJSON(value), as: UTF8.self)
    }

    /// The `T` stored in `column` of `row`; ``StoreError/corrupt(_:)`` when it cannot be read.
    static func decode<T: Decodable>(_ type: T.Type, column: String, of row: any SQLRow) throws -> T {
        try value(T.self, from: try row.decode(column: column, as: String.self), column: column)
    }

    /// Like ``decode(_:column:of:)``, for a nullable column: `nil` when it holds NULL.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, column: String, of row: any SQLRow) throws -> T? {
        try row.decode(column: column, as: String?.self).map { try value(T.self, from: $0, column: column) }
    }

    private static func value<T: Decodable>(_ type: T.Type, from text: String, column: String) throws -> T {
        do {
            return try JSONValueDecoder().decode(T.self, fromJSON: Array(text.utf8))
        } catch {
            throw StoreError.corrupt("stored \(T.self) in \(column) cannot be read: \(error)")
        }
    }
}
