/// A decision together with the trace of how it was reached, for `lango policy explain` and fixtures.
public struct Explanation: Sendable, CustomStringConvertible {
    /// The request method and path explained.
    public let method: String
    /// The request path explained, as given.
    public let path: String
    /// The decision, identical to what ``PolicySet/decide(method:path:facts:)`` returns.
    public let decision: Decision
    /// The evaluation steps in order, ending where the decision was made.
    public let steps: [TraceStep]

    /// The request, one line per step, then the outcome.
    public var description: String {
        var lines = ["\(method) \(path)"]
        lines += steps.map { "  \($0)" }
        var outcome = "=> \(decision.outcome.rawValue) \(decision.status)"
        if let reason = decision.reason { outcome += " \(reason.code): \(reason.message)" }
        if let rule = decision.rule { outcome += " (rule \(rule.id), \(decision.mode.rawValue))" }
        if !decision.shadowedDenials.isEmpty {
            outcome += "; shadowed: " + decision.shadowedDenials.map(\.code).joined(separator: ", ")
        }
        if let error = decision.errorOverridden { outcome += "; error overridden: \(error.code)" }
        lines.append(outcome)
        return lines.joined(separator: "\n")
    }
}
