/// Why a policy set or fixture suite was rejected: every error found, plus the warnings.
///
/// `description` lists one diagnostic per line followed by a count, ready for `lango policy check`.
public struct PolicyCheckFailure: Error, Sendable, CustomStringConvertible {
    /// Errors and warnings, in file order and then in the order the checks found them.
    public let diagnostics: [PolicyDiagnostic]

    /// A failure carrying `diagnostics` (at least one of them an error).
    public init(diagnostics: [PolicyDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The diagnostics that reject the input.
    public var errors: [PolicyDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The diagnostics that do not.
    public var warnings: [PolicyDiagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// Every diagnostic on its own line, then "N errors, M warnings".
    public var description: String {
        let errorCount = errors.count
        let warningCount = diagnostics.count - errorCount
        let summary = "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
        return (diagnostics.map(\.description) + [summary]).joined(separator: "\n")
    }
}
