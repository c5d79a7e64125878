/// Evaluates one routed request against its rule, steps 2 to 7 of the evaluation order
/// (routing is step 1). Written once, generic over the tracer.
struct PolicyEvaluation {
    let route: RouteMatch
    let facts: RequestFacts
    let plan: RulePlan
    let rules: [Rule]

    private var shadowed: [DenialReason] = []
    private var errorOverridden: DenialReason?
    private var caller: Caller?

    /// The authenticated identity behind the request.
    private struct Caller {
        let app: AppFacts
        let scopes: [String]
        let grant: BearerGrant?
        let subject: String?
        let clientID: String?
        let consentID: String?
    }

    /// What the credential says, before shadow mode and `on_error` are applied.
    private enum Authentication {
        case notNeeded
        case authenticated(Caller)
        case rejected(DenialReason)
        case failed(DenialReason)
    }

    init(route: RouteMatch, facts: RequestFacts, plan: RulePlan, rules: [Rule]) {
        self.route = route
        self.facts = facts
        self.plan = plan
        self.rules = rules
    }

    mutating func run<Tracer: DecisionTracer>(tracer: inout Tracer) -> Decision {
        let rule = route.rule
        // Routing only yields allow rules, and every allow rule has auth.
        let auth = rule.auth ?? AuthRequirement.noCredential

        if !plan.unenforcedObligations.isEmpty {
            let reason = DenialReason.obligationUnsupported(plan.unenforcedObligations)
            tracer.record(.obligations, .denied, "\(reason.description) (fails closed in every mode)")
            return decision(denying: reason)
        }
        tracer.record(
            .obligations, .passed,
            rule.obligations.isEmpty
                ? "none needed"
                : "needs " + Obligation.allCases.filter(rule.obligations.contains).map(\.rawValue).joined(separator: ", ")
        )

        if let denial = authenticate(auth, tracer: &tracer) { return denial }
        if let denial = applyDenyRules(tracer: &tracer) { return denial }
        if let denial = authorize(auth, tracer: &tracer) { return denial }

        var customerID: String?
        if auth.customerRequired {
            let fromHeader = auth.kind == .apiKey
            let candidate = fromHeader ? facts.customerHeader : caller?.subject
            if let candidate, !candidate.isEmpty {
                customerID = candidate
                tracer.record(
                    .customer, .passed,
                    "acts for customer \(candidate) (from \(fromHeader ? "header x-lango-customer-id" : "token subject"))")
            } else if let denial = reject(.customerMissing(fromHeader: fromHeader), at: .customer, tracer: &tracer) {
                return denial
            }
        } else {
            tracer.record(.customer, .skipped, "the rule does not act for a customer")
        }

        if let requirement = rule.consent {
            if let denial = checkConsent(requirement, tracer: &tracer) { return denial }
        } else {
            tracer.record(.consent, .skipped, "the rule needs no consent")
        }

        return Decision(
            outcome: .allow, rule: rule, parameters: route.parameters, mode: rule.mode, reason: nil, shadowedDenials: shadowed,
            errorOverridden: errorOverridden, allowedMethods: [], customerID: customerID, app: caller?.app
        )
    }

    /// Step 3. Sets `caller`; returns a decision when the request is refused.
    private mutating func authenticate<Tracer: DecisionTracer>(_ auth: AuthRequirement, tracer: inout Tracer) -> Decision? {
        switch authentication(auth) {
        case .notNeeded:
            tracer.record(.authentication, .skipped, "auth none: no credential needed")
        case .authenticated(let caller):
            self.caller = caller
            tracer.record(
                .authentication, .passed,
                "\(facts.credential.kindName) of app \(caller.app.id) (\(caller.app.status.rawValue), \(caller.app.environment.rawValue))"
            )
        case .rejected(let reason):
            return reject(reason, at: .authentication, tracer: &tracer)
        case .failed(let reason):
            return evaluationFailed(reason, at: .authentication, continuing: "without an authenticated caller", tracer: &tracer)
        }
        return nil
    }

    /// An evaluation error: refused under `on_error: deny`; under `allow`, recorded and carried
    /// past (`continuing` says how, for the trace).
    private mutating func evaluationFailed<Tracer: DecisionTracer>(
        _ reason: DenialReason, at stage: TraceStep.Stage, continuing: String, tracer: inout Tracer
    ) -> Decision? {
        switch route.rule.onError {
        case .deny:
            return reject(reason, at: stage, tracer: &tracer)
        case .allow:
            errorOverridden = reason
            tracer.record(stage, .overridden, "\(reason.description); on_error allow: continuing \(continuing)")
            return nil
        }
    }

    private func authentication(_ auth: AuthRequirement) -> Authentication {
        switch (auth.kind, facts.credential) {
        case (.none, _):
            return .notNeeded
        case (_, .unavailable(let detail)):
            return .failed(.evaluationError(detail))
        case (.apiKey, .apiKey(let key)):
            switch key.status {
            case .active:
                guard let app = key.app else { return .rejected(.keyWithoutApp) }
                return .authenticated(Caller(app: app, scopes: key.scopes, grant: nil, subject: nil, clientID: nil, consentID: nil))
            case .unknown: return .rejected(.keyUnknown)
            case .expired: return .rejected(.keyExpired)
            case .revoked: return .rejected(.keyRevoked)
            }
        case (.bearer, .bearer(let token)):
            switch token.status {
            case .valid:
                guard let app = token.app else { return .rejected(.tokenWithoutApp) }
                return .authenticated(
                    Caller(
                        app: app, scopes: token.scopes, grant: token.grant, subject: token.subject, clientID: token.clientID,
                        consentID: token.consentID))
            case .invalid: return .rejected(.tokenInvalid)
            case .expired: return .rejected(.tokenExpired)
            case .revoked: return .rejected(.tokenRevoked)
            }
        default:
            return .rejected(.credentialMissing(needed: auth.kind, presented: facts.credential))
        }
    }

    /// Step 4: the first enforcing deny rule that applies refuses the request; shadow ones are recorded.
    private mutating func applyDenyRules<Tracer: DecisionTracer>(tracer: inout Tracer) -> Decision? {
        if plan.denyCandidates.isEmpty {
            tracer.record(.denyRules, .skipped, "no deny rule covers this route")
        }
        for index in plan.denyCandidates {
            let denyRule = rules[index]
            guard denyRule.methods.contains(route.method), denyRule.definition.template.matches(route.segments) else {
                tracer.record(.denyRules, .passed, "\(denyRule.label) does not match this request")
                continue
            }
            if let conditions = denyRule.conditions, !conditions.hold(for: caller?.app) {
                tracer.record(
                    .denyRules, .passed, "\(denyRule.id) does not apply: \(Self.describe(conditions, for: caller?.app))")
                continue
            }
            let reason = DenialReason.deniedByRule(denyRule)
            if denyRule.mode == .shadow {
                shadowed.append(reason)
                tracer.record(.denyRules, .shadowed, "\(denyRule.id) applies but runs in shadow mode: \(reason.description)")
                continue
            }
            tracer.record(.denyRules, .denied, "\(denyRule.id) applies: \(reason.description)")
            return decision(denying: reason)
        }
        return nil
    }

    private static func describe(_ conditions: DenyConditions, for app: AppFacts?) -> String {
        guard let app else { return "its conditions need an authenticated app" }
        return "app \(app.id) (\(app.environment.rawValue)) is not covered by its conditions"
    }

    /// Step 5, for an authenticated caller.
    private mutating func authorize<Tracer: DecisionTracer>(_ auth: AuthRequirement, tracer: inout Tracer) -> Decision? {
        guard let caller else {
            tracer.record(.authorization, .skipped, "no authenticated caller")
            return nil
        }
        let shadowedBefore = shadowed.count
        if caller.app.status == .suspended, let denial = reject(.appSuspended(caller.app), at: .authorization, tracer: &tracer) {
            return denial
        }
        if !auth.environments.contains(caller.app.environment),
            let denial = reject(
                .environmentNotAllowed(caller.app.environment, allowed: auth.environments), at: .authorization, tracer: &tracer)
        {
            return denial
        }
        if case .bearer(let required) = auth.kind, let grant = caller.grant, !required.admits(grant),
            let denial = reject(.grantNotAllowed(required: required, presented: grant), at: .authorization, tracer: &tracer)
        {
            return denial
        }
        if !auth.scopes.allSatisfy(caller.scopes.contains),
            let denial = reject(
                .scopeMissing(auth.scopes.filter { !caller.scopes.contains($0) }), at: .authorization, tracer: &tracer)
        {
            return denial
        }
        if let product = route.rule.product, let products = caller.app.products, !products.contains(product),
            let denial = reject(.productNotInPlan(product, app: caller.app), at: .authorization, tracer: &tracer)
        {
            return denial
        }
        if shadowed.count == shadowedBefore {
            tracer.record(
                .authorization, .passed,
                "app active, \(caller.app.environment.rawValue) admitted, scopes "
                    + (auth.scopes.isEmpty ? "(none required)" : auth.scopes.joined(separator: ", ")) + " granted"
            )
        }
        return nil
    }

    /// Step 7: the consent the token is bound to covers this request.
    private mutating func checkConsent<Tracer: DecisionTracer>(
        _ requirement: ConsentRequirement, tracer: inout Tracer
    ) -> Decision? {
        guard let caller else {
            tracer.record(.consent, .skipped, "no authenticated caller")
            return nil
        }
        guard let consentID = caller.consentID else {
            return reject(.consentMissing, at: .consent, tracer: &tracer)
        }
        let consent: ConsentFacts
        switch facts.consent {
        case .found(let found)? where found.id == consentID:
            consent = found
        case .unavailable(let detail)?:
            return evaluationFailed(.evaluationError(detail), at: .consent, continuing: "unchecked", tracer: &tracer)
        case .found?, .unknown?, nil:
            return reject(.consentUnknown(consentID), at: .consent, tracer: &tracer)
        }
        let shadowedBefore = shadowed.count
        if let problem = Self.mismatch(of: consent, requirement: requirement, caller: caller),
            let denial = reject(.consentMismatch(consent.id, problem), at: .consent, tracer: &tracer)
        {
            return denial
        }
        let standing: DenialReason? =
            switch consent.status {
            case .authorised: nil
            case .expired: .consentExpired(consent.id)
            case .reauthenticationRequired: .consentReauthenticationRequired(consent.id)
            case .awaitingAuthorisation, .rejected, .revoked, .consumed: .consentNotAuthorised(consent)
            }
        if let standing, let denial = reject(standing, at: .consent, tracer: &tracer) { return denial }
        let granted = requirement.permissions.filter { $0.isGranted(by: consent.permissions) }
        if !requirement.permissions.isEmpty, granted.isEmpty,
            let denial = reject(.permissionMissing(consent.id, needed: requirement.permissions), at: .consent, tracer: &tracer)
        {
            return denial
        }
        if let parameter = requirement.accountParameter {
            let account = route.parameters[parameter] ?? ""
            if !consent.accountIDs.contains(account),
                let denial = reject(.accountNotConsented(consent.id, account: account), at: .consent, tracer: &tracer)
            {
                return denial
            }
        }
        guard shadowed.count == shadowedBefore else { return nil }
        tracer.record(
            .consent, .passed,
            "consent \(consent.id) authorised by \(consent.customerID ?? "?") for \(consent.accountIDs.count) account(s)"
                + (granted.isEmpty ? "" : "; covers " + granted.map(\.rawValue).joined(separator: ", ")))
        return nil
    }

    /// Why the consent cannot serve this caller, or `nil` when it is theirs.
    private static func mismatch(of consent: ConsentFacts, requirement: ConsentRequirement, caller: Caller) -> String? {
        if consent.kind != requirement.kind {
            return "is of kind \(consent.kind.rawValue); this route needs \(requirement.kind.rawValue)"
        }
        if consent.clientID != caller.clientID { return "belongs to another client" }
        if let customer = consent.customerID, customer != caller.subject { return "was authorised by another customer" }
        return nil
    }

    /// Enforce mode: the deny decision. Shadow mode: records the denial and returns `nil` to carry on.
    private mutating func reject<Tracer: DecisionTracer>(
        _ reason: DenialReason, at stage: TraceStep.Stage, tracer: inout Tracer
    ) -> Decision? {
        guard route.rule.mode == .enforce else {
            shadowed.append(reason)
            tracer.record(stage, .shadowed, "\(reason.description) (shadow mode: not enforced)")
            return nil
        }
        tracer.record(stage, .denied, reason.description)
        return decision(denying: reason)
    }

    private func decision(denying reason: DenialReason) -> Decision {
        Decision(
            outcome: .deny, rule: route.rule, parameters: route.parameters, mode: route.rule.mode, reason: reason,
            shadowedDenials: shadowed, errorOverridden: errorOverridden, allowedMethods: [], customerID: nil, app: caller?.app
        )
    }
}
