import LangoJSON

/// Checks one policy file and reads what is valid of it, reporting every problem it can find.
struct PolicyDocumentParser {
    let vocabulary: PolicyVocabulary
    let diagnostics: DiagnosticCollector

    private static let fields = ["policy", "version", "description", "defaults", "rules"]
    private static let defaultsFields = ["on_error", "mode", "limits_unavailable"]

    func parse(_ source: PolicySource) -> PolicyDraft? {
        guard let document = diagnostics.parseJSON(source),
            let reader = ObjectReader(document, at: .root, fields: Self.fields, diagnostics: diagnostics)
        else { return nil }

        var name = reader.string("policy", required: true)
        if let invalid = name, !PolicyIdentifier.isValid(invalid) {
            diagnostics.error("invalid policy name \"\(invalid)\"", at: reader.path("policy"), hint: PolicyIdentifier.hint)
            name = nil
        }
        let version = reader.integer("version", in: 1...Int.max, required: true)
        let description = reader.string("description")

        let defaults = reader.object("defaults", fields: Self.defaultsFields)
        let defaultMode = RuleParser.Setting(
            value: defaults?.choice("mode") ?? EnforcementMode.enforce,
            path: defaults?.contains("mode") == true ? defaults?.path("mode") : nil
        )
        let defaultOnError = RuleParser.Setting(
            value: defaults?.choice("on_error") ?? ErrorFallback.deny,
            path: defaults?.contains("on_error") == true ? defaults?.path("on_error") : nil
        )

        let ruleParser = RuleParser(
            vocabulary: vocabulary, diagnostics: diagnostics, policyID: name ?? "", defaultMode: defaultMode,
            defaultOnError: defaultOnError, defaultLimitsFallback: defaults?.choice("limits_unavailable") ?? LimitsFallback.local
        )
        var rules: [RuleDraft] = []
        if let elements = reader.array("rules", required: true) {
            if elements.isEmpty {
                diagnostics.error("\"rules\" must list at least one rule", at: reader.path("rules"))
            }
            for (index, element) in elements.enumerated() {
                rules.append(ruleParser.parse(element, at: reader.path("rules").appending(index: index)))
            }
        }
        return PolicyDraft(file: source.name, name: name, version: version, description: description, rules: rules)
    }
}
