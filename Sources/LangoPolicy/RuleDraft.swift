import LangoJSON

/// One rule as far as it could be read. `definition` is set only when the rule had no error;
/// the other parts feed the set-wide duplicate and route checks even when it had some.
struct RuleDraft {
    let file: String
    let location: JSONPath
    var id: String?
    var effect: RuleEffect?
    var methods: HTTPMethodSet?
    var template: PathTemplate?
    var definition: RuleDefinition?

    /// `GET /a/{x}`, for messages.
    var routeLabel: String {
        "\(methods?.description ?? "?") \(template?.text ?? "?")"
    }
}
