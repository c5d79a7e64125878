import LangoJSON

/// Checks one element of a policy's `rules` array against the vocabulary and reads it into a
/// ``RuleDraft``, reporting every problem found.
struct RuleParser {
    /// A setting's effective value and where it was written (`nil`: the built-in default).
    struct Setting<Value> {
        let value: Value
        let path: JSONPath?
    }

    let vocabulary: PolicyVocabulary
    let diagnostics: DiagnosticCollector
    let policyID: String
    let defaultMode: Setting<EnforcementMode>
    let defaultOnError: Setting<ErrorFallback>
    let defaultLimitsFallback: LimitsFallback

    private static let ruleFields = [
        "id", "description", "effect", "product", "match", "mode", "on_error", "auth", "consent", "fraud", "limits",
        "idempotency", "body", "upstream", "when", "deny",
    ]
    private static let allowOnlyFields = [
        "product", "on_error", "auth", "consent", "fraud", "limits", "idempotency", "body", "upstream",
    ]
    private static let denyOnlyFields = ["when", "deny"]
    private static let authFields = ["type", "grant", "scopes", "environments", "customer"]
    static let defaultUpstreamTimeout = 5000

    private enum AuthType: String, CaseIterable {
        case noAuth = "none"
        case apiKey = "api_key"
        case bearer
    }

    private enum CustomerMode: String, CaseIterable {
        case required
        case notRequired = "none"
    }

    func parse(_ value: JSONValue, at path: JSONPath) -> RuleDraft {
        var draft = RuleDraft(file: diagnostics.file, location: path)
        let errorsBefore = diagnostics.errorCount
        guard let reader = ObjectReader(value, at: path, fields: Self.ruleFields, diagnostics: diagnostics) else { return draft }

        if let id = reader.string("id", required: true) {
            if PolicyIdentifier.isValid(id) {
                draft.id = id
            } else {
                diagnostics.error("invalid rule id \"\(id)\"", at: reader.path("id"), hint: PolicyIdentifier.hint)
            }
        }
        let description = reader.string("description")
        draft.effect = reader.contains("effect") ? reader.choice("effect") : .allow
        if let match = reader.object("match", fields: ["method", "path"], required: true) {
            draft.methods = methods(match)
            draft.template = match.string("path", required: true).flatMap { template($0, at: match.path("path")) }
        }
        let mode = setting(reader, "mode", default: defaultMode)

        let parts: RuleParts?
        switch draft.effect {
        case .allow?:
            reader.reject(
                Self.denyOnlyFields, message: { "\"\($0)\" applies only to deny rules" },
                hint: #"add "effect": "deny" to make this a deny rule, or remove the field"#
            )
            parts = allowParts(reader, template: draft.template)
        case .deny?:
            reader.reject(
                Self.allowOnlyFields, message: { "a deny rule cannot have \"\($0)\"" },
                hint: "deny rules take only id, description, effect, match, mode, when and deny"
            )
            parts = denyParts(reader)
        case nil:
            parts = nil
        }

        guard diagnostics.errorCount == errorsBefore, let id = draft.id, let effect = draft.effect,
            let methods = draft.methods, let template = draft.template, let mode, let parts
        else { return draft }
        let definition = RuleDefinition(
            id: id, policyID: policyID, file: diagnostics.file, location: path, description: description, effect: effect,
            product: parts.product, methods: methods, template: template, mode: mode.value, onError: parts.onError.value, auth: parts.auth,
            consent: parts.consent, fraud: parts.fraud, limits: parts.limits, idempotency: parts.idempotency,
            upstream: parts.upstream, maxBodyBytes: parts.maxBodyBytes, deny: parts.deny, conditions: parts.conditions
        )
        warn(about: definition, mode: mode, onError: parts.onError)
        draft.definition = definition
        return draft
    }

    /// The parts that differ between allow and deny rules.
    private struct RuleParts {
        var onError: Setting<ErrorFallback>
        var product: String?
        var auth: AuthRequirement?
        var consent: ConsentRequirement?
        var fraud: FraudRequirement?
        var limits: LimitsRequirement?
        var idempotency: IdempotencyRequirement?
        var upstream: UpstreamTarget?
        var maxBodyBytes: Int?
        var deny: DenyAction?
        var conditions: DenyConditions?
    }

    /// Optional parts that are present but invalid come back `nil` after reporting an error, which
    /// ``parse(_:at:)`` notices through the error count.
    private func allowParts(_ reader: ObjectReader, template: PathTemplate?) -> RuleParts? {
        let onError = setting(reader, "on_error", default: defaultOnError)
        let auth = reader.object("auth", fields: Self.authFields, required: true).flatMap(self.auth)
        let consent = reader.object("consent", fields: ["kind", "permissions", "account"]).flatMap {
            self.consent($0, template: template)
        }
        let fraud = reader.object("fraud", fields: ["hook", "timeout_ms", "fail", "step_up_at", "deny_at"]).flatMap(self.fraud)
        let product = reader.string("product").flatMap { product -> String? in
            guard PolicyIdentifier.isValidProduct(product) else {
                diagnostics.error(
                    "invalid product name \"\(product)\"", at: reader.path("product"),
                    hint: "product names are lowercase letters, digits and hyphens, such as accounts or payments")
                return nil
            }
            return product
        }
        let limits = reader.object("limits", fields: ["cost", "when_unavailable"]).flatMap { limits -> LimitsRequirement? in
            let fallback: LimitsFallback? = limits.contains("when_unavailable") ? limits.choice("when_unavailable") : defaultLimitsFallback
            guard let cost = limits.integer("cost", in: 0...1000, required: true), let fallback else { return nil }
            if product == nil, !reader.contains("product") {
                diagnostics.error(
                    "a rule with limits must name the API product it belongs to", at: reader.path("limits"),
                    hint: #"add "product": "accounts" (or another product): plans include products and usage is metered by product"#)
            }
            return LimitsRequirement(cost: cost, whenUnavailable: fallback)
        }
        let idempotency = reader.object("idempotency", fields: ["ttl_hours"]).flatMap {
            $0.integer("ttl_hours", in: 1...168, required: true).map(IdempotencyRequirement.init(ttlHours:))
        }
        let maxBodyBytes = reader.object("body", fields: ["max_bytes"]).flatMap {
            $0.integer("max_bytes", in: 1...10_485_760, required: true)
        }
        let upstream = reader.object("upstream", fields: ["adapter", "operation", "timeout_ms", "path"], required: true)
            .flatMap { self.upstream($0, template: template) }
        guard let onError, let auth, let upstream else { return nil }
        return RuleParts(
            onError: onError, product: product, auth: auth, consent: consent, fraud: fraud, limits: limits,
            idempotency: idempotency, upstream: upstream, maxBodyBytes: maxBodyBytes
        )
    }

    private func denyParts(_ reader: ObjectReader) -> RuleParts? {
        let conditions = reader.object("when", fields: ["environments", "apps"]).flatMap(self.conditions)
        let deny = reader.object("deny", fields: ["status", "message"]).flatMap(self.denyAction)
        return RuleParts(onError: defaultOnError, deny: deny ?? DenyAction(status: 403, message: nil), conditions: conditions)
    }

    /// A rule-level setting, falling back to the policy default; `nil` when the value is invalid.
    private func setting<Value: RawRepresentable<String> & CaseIterable>(
        _ reader: ObjectReader, _ key: String, default fallback: Setting<Value>
    ) -> Setting<Value>? {
        guard reader.contains(key) else { return fallback }
        return reader.choice(key).map { Setting(value: $0, path: reader.path(key)) }
    }

    private func methods(_ match: ObjectReader) -> HTTPMethodSet? {
        guard let value = match.value("method") else {
            diagnostics.error("missing required field \"method\"", at: match.path("method"))
            return nil
        }
        switch value {
        case .string("*"):
            return .any
        case .string(let name):
            return method(name, at: match.path("method"))
        case .array:
            guard let names = match.strings("method", allowEmpty: false), !names.isEmpty else { return nil }
            var methods = HTTPMethodSet(bits: 0)
            for name in names {
                if name.value == "*" {
                    diagnostics.error(#""*" cannot be listed with other methods"#, at: name.path, hint: #"write "method": "*""#)
                } else if let method = method(name.value, at: name.path) {
                    methods = HTTPMethodSet(bits: methods.bits | method.bits)
                }
            }
            return methods
        default:
            diagnostics.error("expected string or array, found \(value.typeName)", at: match.path("method"))
            return nil
        }
    }

    private func method(_ name: String, at path: JSONPath) -> HTTPMethodSet? {
        if let method = HTTPMethodSet([name]) { return method }
        let hint =
            Suggestion.nearest(to: name, among: HTTPMethodSet.namedMethods).map { "did you mean \"\($0)\"?" }
            ?? "expected one of: " + HTTPMethodSet.namedMethods.joined(separator: ", ") + #", or "*""#
        diagnostics.error("unknown method \"\(name)\"", at: path, hint: hint)
        return nil
    }

    private func template(_ text: String, at path: JSONPath) -> PathTemplate? {
        do {
            return try PathTemplate(parsing: text)
        } catch {
            diagnostics.error(error.message, at: path, hint: error.hint)
            return nil
        }
    }

    private func auth(_ reader: ObjectReader) -> AuthRequirement? {
        guard let type: AuthType = reader.choice("type", required: true) else { return nil }
        let fields: [String] =
            switch type {
            case .noAuth: ["type"]
            case .apiKey: ["type", "scopes", "environments", "customer"]
            case .bearer: Self.authFields
            }
        reader.reject(
            Self.authFields.filter { !fields.contains($0) },
            message: { "\"\($0)\" does not apply to auth type \"\(type.rawValue)\"" },
            hint: "auth type \"\(type.rawValue)\" takes " + fields.joined(separator: ", ")
        )
        if type == .noAuth { return AuthRequirement.noCredential }

        let scopes = reader.strings("scopes", required: true)
        for scope in scopes ?? [] where !vocabulary.scopes.contains(scope.value) {
            diagnostics.error(
                "unknown scope \"\(scope.value)\"", at: scope.path,
                hint: Suggestion.hint(for: scope.value, among: vocabulary.scopes, noun: "scopes")
            )
        }
        let environments: [AppEnvironment]? = reader.choices("environments", valueName: "environment", allowEmpty: false)
        let customer: CustomerMode? = reader.contains("customer") ? reader.choice("customer") : .notRequired
        let kind: AuthRequirement.Kind?
        if type == .bearer {
            kind = (reader.choice("grant", required: true) as GrantRequirement?).map { .bearer(grant: $0) }
        } else {
            kind = .apiKey
        }
        guard let kind, let scopes, let customer else { return nil }
        return AuthRequirement(
            kind: kind, scopes: scopes.map(\.value), environments: Set(environments ?? AppEnvironment.allCases),
            customerRequired: customer == .required
        )
    }

    private func consent(_ reader: ObjectReader, template: PathTemplate?) -> ConsentRequirement? {
        let kind: ConsentRequirement.Kind? = reader.choice("kind", required: true)
        var permissions: [AccountPermission] = []
        switch kind {
        case .accountAccess?:
            permissions = reader.choices("permissions", valueName: "permission", required: true, allowEmpty: false) ?? []
        case .payment?:
            if reader.contains("permissions") {
                diagnostics.error(
                    "payment consents have no \"permissions\"", at: reader.path("permissions"),
                    hint: "remove permissions, or use kind account-access"
                )
            }
        case nil:
            break
        }
        let account = reader.string("account").flatMap { accountParameter($0, at: reader.path("account"), template: template) }
        guard let kind else { return nil }
        return ConsentRequirement(kind: kind, permissions: permissions, accountParameter: account)
    }

    /// The parameter name in `{AccountId}`, when it is a single-segment parameter of the match template.
    private func accountParameter(_ text: String, at path: JSONPath, template: PathTemplate?) -> String? {
        guard text.count > 2, text.first == "{", text.last == "}" else {
            diagnostics.error(
                "consent account must name a path parameter in braces", at: path, hint: #"write it as in "{AccountId}""#
            )
            return nil
        }
        let name = String(text.dropFirst().dropLast())
        guard let template else { return nil }
        let candidates = template.parameterNames.filter { $0 != template.catchAllName }
        guard candidates.contains(name) else {
            diagnostics.error(
                "\"\(text)\" is not a parameter of match.path \"\(template.text)\"", at: path,
                hint: Suggestion.hint(for: name, among: candidates, noun: "parameters")
                    ?? "match.path has no single-segment parameter"
            )
            return nil
        }
        return name
    }

    private func fraud(_ reader: ObjectReader) -> FraudRequirement? {
        let hook = reader.string("hook", required: true)
        if let name = hook, !vocabulary.fraudHooks.contains(name) {
            diagnostics.error(
                "unknown fraud hook \"\(name)\"", at: reader.path("hook"),
                hint: Suggestion.hint(for: name, among: vocabulary.fraudHooks, noun: "fraud hooks")
                    ?? "this gateway has no fraud hooks"
            )
        }
        let timeout = reader.integer("timeout_ms", in: FraudRequirement.timeouts, required: true)
        let failMode: FraudRequirement.FailMode? = reader.contains("fail") ? reader.choice("fail") : .closed
        let scoreHint = "scores run from 0 (no risk) to 100"
        let stepUpAt = reader.integer("step_up_at", in: FraudRequirement.scores, required: true, hint: scoreHint)
        let denyAt = reader.integer("deny_at", in: FraudRequirement.scores, required: true, hint: scoreHint)
        if let stepUpAt, let denyAt, stepUpAt > denyAt {
            diagnostics.error(
                "\"step_up_at\" (\(stepUpAt)) must not be above \"deny_at\" (\(denyAt))", at: reader.path("step_up_at"),
                hint: "scores from step_up_at up to deny_at ask for strong customer authentication again; make them equal for no step-up band"
            )
            return nil
        }
        guard let hook, let timeout, let failMode, let stepUpAt, let denyAt else { return nil }
        return FraudRequirement(hook: hook, timeoutMilliseconds: timeout, failMode: failMode, stepUpAt: stepUpAt, denyAt: denyAt)
    }

    private func upstream(_ reader: ObjectReader, template: PathTemplate?) -> UpstreamTarget? {
        let adapterName = reader.string("adapter", required: true)
        var adapter: AdapterVocabulary?
        if let adapterName {
            adapter = vocabulary.adapters[adapterName]
            if adapter == nil {
                diagnostics.error(
                    "unknown adapter \"\(adapterName)\"", at: reader.path("adapter"),
                    hint: Suggestion.hint(for: adapterName, among: vocabulary.adapters.keys, noun: "adapters")
                )
            }
        }
        let operation = reader.string("operation", required: true)
        if let adapterName, let adapter, let operation, !adapter.operations.contains(operation) {
            diagnostics.error(
                "adapter \"\(adapterName)\" has no operation \"\(operation)\"", at: reader.path("operation"),
                hint: Suggestion.hint(for: operation, among: adapter.operations, noun: "operations")
            )
        }
        let timeout = reader.integer("timeout_ms", in: 1...120_000) ?? Self.defaultUpstreamTimeout
        var rewrite: PathTemplate?
        if let text = reader.string("path") {
            if let adapterName, let adapter, !adapter.allowsPathRewrite {
                diagnostics.error(
                    "adapter \"\(adapterName)\" does not allow path rewriting", at: reader.path("path"),
                    hint: "remove upstream.path; this adapter routes by operation"
                )
            }
            rewrite = self.template(text, at: reader.path("path"))
            if let rewrite, let template {
                for name in rewrite.parameterNames where !template.parameterNames.contains(name) {
                    diagnostics.error(
                        "upstream.path uses \"{\(name)}\", which is not a parameter of match.path \"\(template.text)\"",
                        at: reader.path("path"),
                        hint: Suggestion.hint(for: name, among: template.parameterNames, noun: "parameters")
                            ?? "match.path has no parameters"
                    )
                }
            }
        }
        guard let adapterName, let operation, let template else { return nil }
        return UpstreamTarget(
            adapter: adapterName, operation: operation, timeoutMilliseconds: timeout, rewrite: rewrite, matchTemplate: template
        )
    }

    private func conditions(_ reader: ObjectReader) -> DenyConditions? {
        let environments: [AppEnvironment]? = reader.choices("environments", valueName: "environment", allowEmpty: false)
        let apps = reader.strings("apps", allowEmpty: false)
        for app in apps ?? [] where app.value.isEmpty {
            diagnostics.error("an app id cannot be empty", at: app.path)
        }
        guard reader.contains("environments") || reader.contains("apps") else {
            diagnostics.error(
                "\"when\" must list at least one condition", at: reader.path,
                hint: "give environments or apps, or remove when to deny every caller"
            )
            return nil
        }
        return DenyConditions(environments: environments.map(Set.init), apps: apps.map { Set($0.map(\.value)) })
    }

    private func denyAction(_ reader: ObjectReader) -> DenyAction? {
        let status = reader.integer("status", in: Int.min...Int.max)
        if let status, !DenyAction.allowedStatuses.contains(status) {
            diagnostics.error(
                "deny status must be one of " + DenyAction.allowedStatuses.map(String.init).joined(separator: ", ")
                    + ", found \(status)",
                at: reader.path("status")
            )
            return nil
        }
        let message = reader.string("message")
        if message?.isEmpty == true {
            diagnostics.error(
                "deny message cannot be empty", at: reader.path("message"), hint: "remove it to use the default message")
            return nil
        }
        guard status != nil || !reader.contains("status"), message != nil || !reader.contains("message") else { return nil }
        return DenyAction(status: status ?? 403, message: message)
    }

    private func warn(about rule: RuleDefinition, mode: Setting<EnforcementMode>, onError: Setting<ErrorFallback>) {
        if let auth = rule.auth, auth.kind != .none {
            if mode.value == .shadow {
                diagnostics.warning(
                    "rule \"\(rule.id)\" runs in shadow mode: authentication and authorization failures are only recorded, so it fails open",
                    at: mode.path ?? rule.location, hint: #"set "mode": "enforce" once its shadow decisions look right"#
                )
            }
            if onError.value == .allow {
                diagnostics.warning(
                    "rule \"\(rule.id)\" has on_error allow: when credentials cannot be checked, requests go through unauthenticated (fails open)",
                    at: onError.path ?? rule.location,
                    hint: "use on_error deny unless availability matters more than access control here"
                )
            }
        }
        let unenforced = vocabulary.unenforcedObligations(of: rule)
        if !unenforced.isEmpty {
            diagnostics.warning(
                "rule \"\(rule.id)\" needs \(unenforced.map(\.rawValue).joined(separator: ", ")), which this gateway does not enforce: requests to this rule are refused with 501 by this gateway",
                at: rule.location, hint: "remove the requirement, or run it on a gateway that enforces it"
            )
        }
    }
}
