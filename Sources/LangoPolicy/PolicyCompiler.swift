import LangoJSON

/// Turns policy sources into a ``PolicySet``: checks each file, then the set as a whole
/// (duplicate names and ids, duplicate and ambiguous routes), then builds the route trie and
/// per-rule plans.
struct PolicyCompiler {
    let vocabulary: PolicyVocabulary

    func compile(_ sources: [PolicySource]) throws(PolicyCheckFailure) -> PolicySet {
        guard !sources.isEmpty else {
            throw PolicyCheckFailure(diagnostics: [
                PolicyDiagnostic(
                    severity: .error, file: "", location: .file, message: "no policy files were given",
                    hint: "a policy set needs at least one policies/*.json file"
                )
            ])
        }
        var collectors: [String: DiagnosticCollector] = [:]
        var fileOrder: [DiagnosticCollector] = []
        var drafts: [PolicyDraft] = []
        for source in sources.sorted(by: { $0.name < $1.name }) {
            let collector = DiagnosticCollector(file: source.name)
            fileOrder.append(collector)
            guard collectors[source.name] == nil else {
                collector.error("the same file name was given twice", at: .file, hint: "give each file once")
                continue
            }
            collectors[source.name] = collector
            if let draft = PolicyDocumentParser(vocabulary: vocabulary, diagnostics: collector).parse(source) {
                drafts.append(draft)
            }
        }
        let report = { (file: String) in collectors[file]! }

        checkPolicyNames(drafts, report: report)
        let rules = drafts.flatMap(\.rules)
        checkRuleIDs(rules, report: report)
        let trie = routeTrie(rules, report: report)
        let denyCandidates = denyCandidates(rules, trie: trie, report: report)

        // Every rule left without a definition has reported an error; the check below keeps the
        // set from compiling even if one ever did not (fail closed).
        var definitions: [RuleDefinition] = []
        for rule in rules {
            if let definition = rule.definition {
                definitions.append(definition)
            } else if report(rule.file).errorCount == 0 {
                report(rule.file).error("rule could not be compiled", at: rule.location)
            }
        }
        let diagnostics = fileOrder.flatMap(\.diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            throw PolicyCheckFailure(diagnostics: diagnostics)
        }
        return PolicySet(
            revision: PolicyRevision.digest(of: sources),
            warnings: diagnostics,
            policies: drafts.map {
                PolicySummary(
                    id: $0.name ?? "", version: $0.version ?? 1, file: $0.file, description: $0.description,
                    ruleCount: $0.rules.count)
            },
            rules: definitions.map(Rule.init),
            trie: trie,
            plans: definitions.indices.map {
                RulePlan(
                    unenforcedObligations: vocabulary.unenforcedObligations(of: definitions[$0]),
                    denyCandidates: denyCandidates[$0])
            }
        )
    }

    private func checkPolicyNames(_ drafts: [PolicyDraft], report: (String) -> DiagnosticCollector) {
        var seen: [String: String] = [:]
        for draft in drafts {
            guard let name = draft.name else { continue }
            if let first = seen[name] {
                report(draft.file).error(
                    "duplicate policy name \"\(name)\": also used by \(first)", at: JSONPath.root.appending(key: "policy"),
                    hint: "policy names are unique across the set"
                )
            } else {
                seen[name] = draft.file
            }
        }
    }

    private func checkRuleIDs(_ rules: [RuleDraft], report: (String) -> DiagnosticCollector) {
        var seen: [String: RuleDraft] = [:]
        for rule in rules {
            guard let id = rule.id else { continue }
            if let first = seen[id] {
                report(rule.file).error(
                    "duplicate rule id \"\(id)\": first defined in \(first.file) at \(first.location)",
                    at: rule.location.appending(key: "id"), hint: "rule ids are unique across the whole set"
                )
            } else {
                seen[id] = rule
            }
        }
    }

    /// The trie of allow routes, reporting each route that duplicates or is ambiguous with an earlier one.
    private func routeTrie(_ rules: [RuleDraft], report: (String) -> DiagnosticCollector) -> RouteTrie {
        var trie = RouteTrie()
        for (index, rule) in rules.enumerated() {
            guard rule.effect == .allow, let methods = rule.methods, let template = rule.template else { continue }
            for endpoint in trie.endpoints(overlapping: template) where endpoint.methods.overlaps(methods) {
                let other = rules[endpoint.rule]
                guard let otherTemplate = other.template else { continue }
                let otherName = "rule \"\(other.id ?? "?")\" (\(other.routeLabel) in \(other.file) at \(other.location))"
                switch template.relation(to: otherTemplate) {
                case .sameShape:
                    report(rule.file).error(
                        "route \(rule.routeLabel) duplicates \(otherName)", at: rule.location.appending(key: "match"),
                        hint: "two allow rules may share a path shape only if their methods differ"
                    )
                case .ambiguous(let example):
                    let method = methods.overlapExample(with: endpoint.methods)
                    report(rule.file).error(
                        "route \(rule.routeLabel) is ambiguous with \(otherName): both match \(method) \(example) and neither is more specific",
                        at: rule.location.appending(key: "match"),
                        hint: "give one template a literal where the other has a parameter, or split the methods"
                    )
                case .disjoint, .moreSpecific, .lessSpecific:
                    break
                }
            }
            trie.insert(template, methods: methods, rule: index)
        }
        return trie
    }

    /// For each rule index, the deny rules that may apply to requests its route matches.
    private func denyCandidates(_ rules: [RuleDraft], trie: RouteTrie, report: (String) -> DiagnosticCollector) -> [[Int]] {
        var candidates = [[Int]](repeating: [], count: rules.count)
        for (index, rule) in rules.enumerated() {
            guard rule.effect == .deny, let methods = rule.methods, let template = rule.template else { continue }
            let covered = trie.endpoints(overlapping: template).filter { $0.methods.overlaps(methods) }
            for endpoint in covered {
                candidates[endpoint.rule].append(index)
            }
            if covered.isEmpty {
                report(rule.file).warning(
                    "deny rule \"\(rule.id ?? "?")\" matches no allow route, so it never applies",
                    at: rule.location.appending(key: "match"),
                    hint: "requests no allow rule routes are refused with 404 anyway; check the path and methods"
                )
            }
        }
        return candidates
    }
}
