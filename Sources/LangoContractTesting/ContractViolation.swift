/// A way an implementation broke a behavioural contract (the sandbox ledger's, the limiter's…):
/// which contract and check, what was looked at, and what was expected instead.
public struct ContractViolation: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case mismatch(expected: String, actual: String)
        case missingError(expected: String)
        case wrongError(expected: String, actual: String)
        case unexpectedError(String)
    }

    /// The contract, such as `sandbox ledger`.
    public let contract: String
    /// The name of the contract check that failed, such as `insufficient funds`.
    public let check: String
    /// What was being examined, such as `balance of K0001-KES-1`.
    public let subject: String
    private let kind: Kind

    private init(contract: String, check: String, subject: String, _ kind: Kind) {
        self.contract = contract
        self.check = check
        self.subject = subject
        self.kind = kind
    }

    /// `subject` had the value `actual` where the contract requires `expected`.
    public static func mismatch(contract: String, check: String, subject: String, expected: some Any, actual: some Any) -> Self {
        Self(contract: contract, check: check, subject: subject, .mismatch(expected: "\(expected)", actual: "\(actual)"))
    }

    /// `subject` succeeded where the contract requires it to throw `expected`.
    public static func missingError(contract: String, check: String, subject: String, expected: String) -> Self {
        Self(contract: contract, check: check, subject: subject, .missingError(expected: expected))
    }

    /// `subject` threw `actual` where the contract requires `expected`.
    public static func wrongError(contract: String, check: String, subject: String, expected: String, actual: any Error) -> Self {
        Self(contract: contract, check: check, subject: subject, .wrongError(expected: expected, actual: "\(actual)"))
    }

    /// `subject` threw where the contract requires it to succeed.
    public static func unexpectedError(contract: String, check: String, subject: String, _ error: any Error) -> Self {
        Self(contract: contract, check: check, subject: subject, .unexpectedError("\(error)"))
    }

    /// The check, the subject and what was expected, on one line.
    public var description: String {
        let detail =
            switch kind {
            case .mismatch(let expected, let actual): "expected \(expected), got \(actual)"
            case .missingError(let expected): "expected it to throw \(expected), but it succeeded"
            case .wrongError(let expected, let actual): "expected it to throw \(expected), but it threw \(actual)"
            case .unexpectedError(let error): "it threw \(error)"
            }
        return "\(contract) contract, check \"\(check)\": \(subject): \(detail)"
    }
}

extension ContractViolation {
    /// Throws a ``mismatch(contract:check:subject:expected:actual:)`` unless `actual == expected`.
    public static func expect<Value: Equatable>(
        _ actual: Value, equals expected: Value, contract: String, check: String, subject: String
    ) throws {
        guard actual == expected else {
            throw mismatch(contract: contract, check: check, subject: subject, expected: expected, actual: actual)
        }
    }
}
