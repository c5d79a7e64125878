/// A request's route: the allow rule whose template matched, and the parameter values.
public struct RouteMatch: Sendable {
    /// The matched allow rule.
    public let rule: Rule
    /// The values of the template's parameters.
    public let parameters: PathParameters
    /// The request method.
    public let method: String
    /// The request path as given.
    public let path: String
    /// The decoded segments, for matching deny rules.
    let segments: [Substring]
    /// The rule's index in the set.
    let ruleIndex: Int
}
