import LangoPolicy

/// A fraud hook's answer: how risky the request looks, from 0 (no risk) to 100, and why.
public struct FraudAssessment: Sendable, Hashable {
    /// The risk score, within ``LangoPolicy/FraudRequirement/scores``.
    public let score: Int
    /// Short codes or sentences saying what raised the score, for the decision log.
    public let reasons: [String]

    /// An assessment; a score outside 0...100 is an invalid answer.
    public init(score: Int, reasons: [String] = []) throws(FraudHookError) {
        guard FraudRequirement.scores.contains(score) else {
            throw .invalidAnswer("the score \(score) is outside 0...100")
        }
        self.score = score
        self.reasons = reasons
    }
}
