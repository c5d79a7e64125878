/// A compiled, immutable snapshot of every policy file: the route trie, the rules and their
/// evaluation plans. Safe to share between requests and threads; a reload compiles a new set
/// and swaps it in.
public final class PolicySet: Sendable {
    /// A stable digest of the sources (16 hex digits): the same files give the same revision.
    public let revision: String
    /// Warnings found while compiling (the set compiled despite them).
    public let warnings: [PolicyDiagnostic]
    /// The policy files, in set order (sorted by source name).
    public let policies: [PolicySummary]
    /// Every rule, in set order: files sorted by source name, rules in file order.
    public let rules: [Rule]

    private let trie: RouteTrie
    private let plans: [RulePlan]

    init(
        revision: String, warnings: [PolicyDiagnostic], policies: [PolicySummary], rules: [Rule], trie: RouteTrie,
        plans: [RulePlan]
    ) {
        self.revision = revision
        self.warnings = warnings
        self.policies = policies
        self.rules = rules
        self.trie = trie
        self.plans = plans
    }

    /// Checks and compiles `sources` against `vocabulary`.
    ///
    /// Throws every error found (with the warnings) rather than the first.
    public static func compile(_ sources: [PolicySource], vocabulary: PolicyVocabulary) throws(PolicyCheckFailure) -> PolicySet {
        try PolicyCompiler(vocabulary: vocabulary).compile(sources)
    }

    /// The API products the rules name, for checking plans against the policies.
    public var products: Set<String> { Set(rules.compactMap(\.product)) }

    /// The account-access permissions some route serves: those a rule's consent obligation
    /// names, and `ReadTransactionsCredits`/`…Debits` (which narrow transactions rather than
    /// route) when transactions are served. A consent may ask only for these (OBIE: an ASPSP
    /// refuses codes it does not support).
    public var servedAccountPermissions: Set<AccountPermission> {
        var served = Set(rules.compactMap(\.consent).filter { $0.kind == .accountAccess }.flatMap(\.permissions))
        if served.contains(.readTransactionsBasic) || served.contains(.readTransactionsDetail) {
            served.formUnion([.readTransactionsCredits, .readTransactionsDebits])
        }
        return served
    }

    /// The rule with `id`, if the set has one.
    public func rule(id: String) -> Rule? {
        rules.first { $0.id == id }
    }

    /// Routes a request: the most specific allow rule for the path that has the method.
    public func resolve(method: String, path: String) -> RouteResolution {
        guard let requestPath = RequestPath(path) else { return .notFound }
        switch trie.lookup(method: method, segments: requestPath.segments) {
        case .matched(let index):
            let rule = rules[index]
            return .matched(
                RouteMatch(
                    rule: rule, parameters: rule.definition.template.parameters(from: requestPath.segments), method: method,
                    path: path, segments: requestPath.segments, ruleIndex: index
                )
            )
        case .methodNotAllowed(let methods):
            return .methodNotAllowed(allowed: methods.names)
        case .notFound:
            return .notFound
        }
    }

    /// Decides a routed request. This is the request path: no trace is built.
    ///
    /// `route` should come from this set's ``resolve(method:path:)``; a route resolved by another
    /// set (say, before a reload) is resolved again here.
    public func decide(_ route: RouteMatch, facts: RequestFacts) -> Decision {
        var tracer = SilentTracer()
        guard rules.indices.contains(route.ruleIndex), rules[route.ruleIndex].definition === route.rule.definition else {
            return decide(method: route.method, path: route.path, facts: facts, tracer: &tracer)
        }
        return evaluate(route, facts: facts, tracer: &tracer)
    }

    /// Routes and decides a request; unroutable requests get 404 `no_route` or 405 `method_not_allowed` decisions.
    public func decide(method: String, path: String, facts: RequestFacts) -> Decision {
        var tracer = SilentTracer()
        return decide(method: method, path: path, facts: facts, tracer: &tracer)
    }

    /// Routes and decides a request exactly like ``decide(method:path:facts:)``, recording each step.
    ///
    /// With `fraud`, an allowed request of a rule with a fraud hook then meets that outcome of its
    /// hook, as ``Decision/assessed(_:)`` applies it in the gateway.
    public func explain(method: String, path: String, facts: RequestFacts, fraud: FraudOutcome? = nil) -> Explanation {
        var tracer = RecordingTracer()
        let decision = FraudStep.apply(fraud, to: decide(method: method, path: path, facts: facts, tracer: &tracer), tracer: &tracer)
        return Explanation(method: method, path: path, decision: decision, steps: tracer.steps)
    }

    private func decide<Tracer: DecisionTracer>(method: String, path: String, facts: RequestFacts, tracer: inout Tracer)
        -> Decision
    {
        switch resolve(method: method, path: path) {
        case .matched(let route):
            tracer.record(.route, .passed, "matched \(route.rule.label) in \(route.rule.file); parameters: \(route.parameters)")
            return evaluate(route, facts: facts, tracer: &tracer)
        case .methodNotAllowed(let allowed):
            let reason = DenialReason.methodNotAllowed(method: method, allowed: allowed)
            tracer.record(.route, .denied, reason.description)
            return .unrouted(reason, allowedMethods: allowed)
        case .notFound:
            let reason = DenialReason.noRoute(method: method, path: path)
            tracer.record(.route, .denied, reason.description)
            return .unrouted(reason)
        }
    }

    private func evaluate<Tracer: DecisionTracer>(_ route: RouteMatch, facts: RequestFacts, tracer: inout Tracer) -> Decision {
        var evaluation = PolicyEvaluation(route: route, facts: facts, plan: plans[route.ruleIndex], rules: rules)
        return evaluation.run(tracer: &tracer)
    }
}
