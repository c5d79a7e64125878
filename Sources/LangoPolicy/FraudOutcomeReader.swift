import LangoJSON

/// Reads the fraud hook outcome a fixture or `lango policy explain --fraud` mocks:
///
/// ```json
/// {"score": 85, "reasons": ["new_creditor"]}
/// {"outcome": "timeout"}
/// {"outcome": "error", "reason": "connection refused"}
/// ```
///
/// `outcome` is `scored` (the default, with a `score` from 0 to 100 and optional `reasons`),
/// `timeout`, or `error` (with an optional `reason`).
struct FraudOutcomeReader {
    let diagnostics: DiagnosticCollector

    static let fields = ["outcome", "score", "reasons", "reason"]

    private enum Kind: String, CaseIterable {
        case scored, timeout, error
    }

    func read(_ value: JSONValue, at path: JSONPath) -> FraudOutcome? {
        let errorsBefore = diagnostics.errorCount
        guard let reader = ObjectReader(value, at: path, fields: Self.fields, diagnostics: diagnostics),
            let kind: Kind = reader.contains("outcome") ? reader.choice("outcome") : .scored
        else { return nil }
        let outcome: FraudOutcome?
        switch kind {
        case .scored:
            reader.reject(["reason"], message: { "\"\($0)\" applies only to outcome error" }, hint: "remove it, or set \"outcome\": \"error\"")
            let score = reader.integer("score", in: FraudRequirement.scores, required: true, hint: "scores run from 0 (no risk) to 100")
            let reasons = reader.strings("reasons")?.map(\.value) ?? []
            outcome = score.map { .scored(score: $0, reasons: reasons) }
        case .timeout, .error:
            reader.reject(
                ["score", "reasons"], message: { "\"\($0)\" applies only to a scored outcome" },
                hint: "a hook that \(kind == .timeout ? "timed out" : "failed") gave no score")
            if kind == .timeout {
                reader.reject(["reason"], message: { "\"\($0)\" applies only to outcome error" }, hint: "remove it")
                outcome = .timedOut
            } else {
                outcome = .failed(reader.string("reason") ?? "the fraud hook failed")
            }
        }
        return diagnostics.errorCount == errorsBefore ? outcome : nil
    }
}

extension FraudOutcome {
    /// Reads a mocked fraud hook outcome from JSON text, as `lango policy explain --fraud '{...}'`
    /// gives it (see docs/policies.md).
    public static func parse(_ source: PolicySource) throws(PolicyCheckFailure) -> FraudOutcome {
        let diagnostics = DiagnosticCollector(file: source.name)
        guard let value = diagnostics.parseJSON(source), let outcome = FraudOutcomeReader(diagnostics: diagnostics).read(value, at: .root)
        else { throw PolicyCheckFailure(diagnostics: diagnostics.diagnostics) }
        return outcome
    }
}
