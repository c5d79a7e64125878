import LangoJSON

/// The immutable storage behind ``Rule``: one allocation per rule, shared by every copy, so
/// handing a rule around on the request path costs a single retain.
final class RuleDefinition: Sendable {
    let id: String
    let policyID: String
    let file: String
    let location: JSONPath
    let description: String?
    let effect: RuleEffect
    let product: String?
    let methods: HTTPMethodSet
    let template: PathTemplate
    let mode: EnforcementMode
    let onError: ErrorFallback
    let auth: AuthRequirement?
    let consent: ConsentRequirement?
    let fraud: FraudRequirement?
    let limits: LimitsRequirement?
    let idempotency: IdempotencyRequirement?
    let upstream: UpstreamTarget?
    let maxBodyBytes: Int?
    let deny: DenyAction?
    let conditions: DenyConditions?
    let obligations: Set<Obligation>

    init(
        id: String, policyID: String, file: String, location: JSONPath, description: String?,
        effect: RuleEffect, product: String?, methods: HTTPMethodSet, template: PathTemplate, mode: EnforcementMode,
        onError: ErrorFallback, auth: AuthRequirement?, consent: ConsentRequirement?, fraud: FraudRequirement?,
        limits: LimitsRequirement?, idempotency: IdempotencyRequirement?, upstream: UpstreamTarget?,
        maxBodyBytes: Int?, deny: DenyAction?, conditions: DenyConditions?
    ) {
        self.id = id
        self.policyID = policyID
        self.file = file
        self.location = location
        self.description = description
        self.effect = effect
        self.product = product
        self.methods = methods
        self.template = template
        self.mode = mode
        self.onError = onError
        self.auth = auth
        self.consent = consent
        self.fraud = fraud
        self.limits = limits
        self.idempotency = idempotency
        self.upstream = upstream
        self.maxBodyBytes = maxBodyBytes
        self.deny = deny
        self.conditions = conditions
        var obligations: Set<Obligation> = []
        if case .bearer? = auth?.kind { obligations.insert(.bearer) }
        if consent != nil { obligations.insert(.consent) }
        if fraud != nil { obligations.insert(.fraud) }
        if limits != nil { obligations.insert(.limits) }
        if idempotency != nil { obligations.insert(.idempotency) }
        self.obligations = obligations
    }
}
