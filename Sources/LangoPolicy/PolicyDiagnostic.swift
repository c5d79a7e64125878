import LangoJSON

/// One problem (or warning) found while checking policy or fixture files.
///
/// `description` reads like a compiler message:
/// `policies/internal.json:$.rules[2].upstream.adapter: error: unknown adapter "cor" (hint: did you mean "core"?)`.
public struct PolicyDiagnostic: Sendable, CustomStringConvertible, Hashable {
    /// Whether the diagnostic stops the set from compiling.
    public enum Severity: String, Sendable, Hashable {
        /// The set (or fixture suite) is rejected.
        case error
        /// The set compiles, but the rule probably does not do what its author wants.
        case warning
    }

    /// Where in the file the diagnostic points.
    public enum Location: Hashable, Sendable, CustomStringConvertible {
        /// A value inside the parsed document, e.g. `$.rules[2].upstream.adapter`.
        case path(JSONPath)
        /// A place in the raw text (1-based), for documents that are not valid JSON.
        case position(line: Int, column: Int)
        /// The file as a whole (or the whole set, when `file` is empty).
        case file

        /// The JSON path, `line:column`, or empty for the whole file.
        public var description: String {
            switch self {
            case .path(let path): path.description
            case .position(let line, let column): "\(line):\(column)"
            case .file: ""
            }
        }
    }

    /// Error or warning.
    public let severity: Severity
    /// The source name the diagnostic belongs to; empty for problems of the set as a whole.
    public let file: String
    /// Where in the file.
    public let location: Location
    /// What is wrong, without the location.
    public let message: String
    /// A suggestion for fixing the problem, such as "did you mean \"core\"?".
    public let hint: String?

    /// A diagnostic; most callers get them from ``PolicyCheckFailure`` or ``PolicySet/warnings``.
    public init(severity: Severity, file: String, location: Location, message: String, hint: String? = nil) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:location: severity: message (hint: …)`, leaving out empty parts.
    public var description: String {
        let place = [file, location.description].filter { !$0.isEmpty }.joined(separator: ":")
        var text = place.isEmpty ? "" : place + ": "
        text += "\(severity.rawValue): \(message)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
