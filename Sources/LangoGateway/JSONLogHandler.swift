import Foundation
import LangoJSON
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line (time, level, label, message,
/// metadata) to standard error, for log shippers.
public struct JSONLogHandler: LogHandler {
    private let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private static let output = Mutex(FileHandle.standardError)

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: JSONObject = [
            "time": .string(ISO8601.format(Date(), fractionalSeconds: true)),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "message": .string(event.message.description),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            object[key] = Self.json(merged[key]!)
        }
        var line = JSONValue.object(object).encoded()
        line.append(UInt8(ascii: "\n"))
        Self.output.withLock { $0.write(Data(line)) }
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(JSONObject(values.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }))
        }
    }
}
