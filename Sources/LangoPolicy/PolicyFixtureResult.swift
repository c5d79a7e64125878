/// The outcome of running one fixture.
public struct PolicyFixtureResult: Sendable, CustomStringConvertible {
    /// The fixture that ran.
    public let fixture: PolicyFixture
    /// The decision and its trace.
    public let explanation: Explanation
    /// How the decision differed from the expectation; empty when the fixture passed.
    public let mismatches: [String]

    /// Whether the decision met every expectation.
    public var passed: Bool { mismatches.isEmpty }

    /// For a failure: expected versus actual, then the trace; `nil` when the fixture passed.
    public var failureMessage: String? {
        guard !passed else { return nil }
        let trace = explanation.description.split(separator: "\n").map { "    \($0)" }
        return (mismatches.map { "  \($0)" } + ["  trace:"] + trace).joined(separator: "\n")
    }

    /// `PASS policies/tests/x.json: name`, or `FAIL …` followed by the failure message.
    public var description: String {
        let header = "\(passed ? "PASS" : "FAIL") \(fixture.file): \(fixture.name)"
        return failureMessage.map { header + "\n" + $0 } ?? header
    }
}
