/// What a fraud hook did when the gateway asked it about a request: the value the gateway's
/// hook runner produces, and fixtures mock (`"fraud"` in a case).
public enum FraudOutcome: Sendable, Hashable {
    /// The hook answered: a score from 0 (no risk) to 100, and the reasons it gave.
    case scored(score: Int, reasons: [String])
    /// The hook did not answer within the rule's `timeout_ms`.
    case timedOut
    /// The hook could not be asked, or its answer was not usable; the text says why.
    case failed(String)

    /// What happened, for traces and logs: `scored 85 (reasons: new_creditor)`.
    var words: String {
        switch self {
        case .scored(let score, let reasons):
            "scored \(score)" + (reasons.isEmpty ? "" : " (reasons: \(reasons.joined(separator: ", ")))")
        case .timedOut:
            "did not answer in time"
        case .failed(let reason):
            "failed: \(reason)"
        }
    }
}
