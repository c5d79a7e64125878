import LangoJSON

/// Collects the diagnostics of one file while it is checked, so that every problem is
/// reported rather than the first.
package final class DiagnosticCollector {
    package let file: String
    package private(set) var diagnostics: [PolicyDiagnostic] = []
    package private(set) var errorCount = 0

    package init(file: String) {
        self.file = file
    }

    package func error(_ message: String, at location: PolicyDiagnostic.Location, hint: String? = nil) {
        errorCount += 1
        diagnostics.append(PolicyDiagnostic(severity: .error, file: file, location: location, message: message, hint: hint))
    }

    package func error(_ message: String, at path: JSONPath, hint: String? = nil) {
        error(message, at: .path(path), hint: hint)
    }

    package func warning(_ message: String, at path: JSONPath, hint: String? = nil) {
        diagnostics.append(PolicyDiagnostic(severity: .warning, file: file, location: .path(path), message: message, hint: hint))
    }

    /// Parses `source` strictly; a syntax error (including a duplicate key) is reported with its line and column.
    package func parseJSON(_ source: PolicySource) -> JSONValue? {
        do {
            return try JSONValue.parse(source.contents)
        } catch {
            let hint = error.message.contains("duplicate object key") ? "each key may appear only once in an object" : nil
            self.error("invalid JSON: \(error.message)", at: .position(line: error.line, column: error.column), hint: hint)
            return nil
        }
    }
}
