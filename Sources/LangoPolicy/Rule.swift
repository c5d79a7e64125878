import LangoJSON

/// One compiled rule of a policy set, allow or deny.
///
/// Allow rules carry `auth` and `upstream` (and the optional obligations); deny rules carry
/// `deny` and `conditions` and nothing else. Copies share one immutable storage object.
public struct Rule: Sendable {
    let definition: RuleDefinition

    init(_ definition: RuleDefinition) {
        self.definition = definition
    }

    /// Unique across the whole set, e.g. `internal.balances.read`.
    public var id: String { definition.id }
    /// The `policy` name of the file that defines the rule.
    public var policyID: String { definition.policyID }
    /// The source name of that file.
    public var file: String { definition.file }
    /// Where the rule sits in its file, e.g. `$.rules[2]`.
    public var location: JSONPath { definition.location }
    /// The rule's own `description`, if it has one.
    public var description: String? { definition.description }
    /// `internal.balances.read (GET /internal/v1/accounts/{AccountId}/balances)`, for messages and traces.
    public var label: String { "\(definition.id) (\(definition.methods) \(definition.template.text))" }
    /// Allow or deny.
    public var effect: RuleEffect { definition.effect }
    /// The API product the rule belongs to (`product`): plans include products, and usage is
    /// metered per product.
    public var product: String? { definition.product }
    /// The methods the rule matches (`match.method`).
    public var methods: HTTPMethodSet { definition.methods }
    /// The route template as written, e.g. `/internal/v1/accounts/{AccountId}`.
    public var pathTemplate: String { definition.template.text }
    /// The parameter names of the template, in order.
    public var pathParameterNames: [String] { definition.template.parameterNames }
    /// The effective mode: the rule's own, else the policy default, else enforce.
    public var mode: EnforcementMode { definition.mode }
    /// The effective error fallback: the rule's own, else the policy default, else deny.
    public var onError: ErrorFallback { definition.onError }
    /// Allow rules only.
    public var auth: AuthRequirement? { definition.auth }
    /// The consent an allow rule needs, if any.
    public var consent: ConsentRequirement? { definition.consent }
    /// The fraud hook an allow rule calls, if any.
    public var fraud: FraudRequirement? { definition.fraud }
    /// The rate-limit cost of an allow rule, if it is charged.
    public var limits: LimitsRequirement? { definition.limits }
    /// Idempotent replay for an allow rule, if required.
    public var idempotency: IdempotencyRequirement? { definition.idempotency }
    /// Allow rules only.
    public var upstream: UpstreamTarget? { definition.upstream }
    /// The largest request body accepted (`body.max_bytes`), if limited.
    public var maxBodyBytes: Int? { definition.maxBodyBytes }
    /// Deny rules only: the answer they give.
    public var deny: DenyAction? { definition.deny }
    /// Deny rules only: when they apply (`when`); `nil` means always.
    public var conditions: DenyConditions? { definition.conditions }
    /// What the rule needs beyond routing and API-key checks.
    public var obligations: Set<Obligation> { definition.obligations }
}
