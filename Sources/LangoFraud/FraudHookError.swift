/// Why a fraud hook gave no assessment. The gateway's hook runner turns it into a
/// ``LangoPolicy/FraudOutcome/failed(_:)`` outcome, and the rule's fail mode decides.
public struct FraudHookError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case unavailable(String)
        case invalidAnswer(String)
    }

    private let kind: Kind

    /// The hook could not be asked, or did not answer (refused connection, a non-2xx status, …).
    public static func unavailable(_ reason: String) -> Self { Self(kind: .unavailable(reason)) }
    /// The hook answered something other than an assessment.
    public static func invalidAnswer(_ reason: String) -> Self { Self(kind: .invalidAnswer(reason)) }

    /// What went wrong, in a sentence for logs.
    public var description: String {
        switch kind {
        case .unavailable(let reason): "the fraud hook is unavailable: \(reason)"
        case .invalidAnswer(let reason): "the fraud hook's answer is not valid: \(reason)"
        }
    }
}
