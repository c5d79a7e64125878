import LangoJSON

/// One case of a fixture file: a request, its credential, and the decision it must get.
public struct PolicyFixture: Sendable {
    /// The case name, unique within its file.
    public let name: String
    /// The fixture file it came from.
    public let file: String
    /// Where the case sits in that file, e.g. `$.cases[3]`.
    public let location: JSONPath
    /// The request method.
    public let method: String
    /// The request path as a client sends it.
    public let path: String
    /// The credential and customer header of the request.
    public let facts: RequestFacts
    /// What the rule's fraud hook does (`fraud`), applied after an allow decision of a rule
    /// with `fraud`; `nil` when the case mocks none.
    public let fraud: FraudOutcome?
    /// What the decision must be.
    public let expectation: PolicyFixtureExpectation
}
