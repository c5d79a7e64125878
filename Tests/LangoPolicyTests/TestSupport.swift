import LangoJSON
import LangoPolicy
import Testing

/// Builders shared by the policy tests: policy documents as JSON literals, compiled sets, and facts.
enum TestSupport {
    /// The standard vocabulary, plus a fraud hook, a rewriting adapter, and every obligation
    /// enforced, so tests can reach every evaluation step.
    static let vocabulary: PolicyVocabulary = {
        var vocabulary = PolicyVocabulary.standard
        vocabulary.fraudHooks = ["risk-score"]
        vocabulary.adapters["proxy"] = AdapterVocabulary(operations: ["forward"], allowsPathRewrite: true)
        vocabulary.enforcedObligations = Set(Obligation.allCases)
        return vocabulary
    }()

    static let copilot = AppFacts(id: "app_copilot", status: .active, environment: .production)
    static let sandboxApp = AppFacts(id: "app_sandbox", status: .active, environment: .sandbox)

    /// A policy document.
    static func policy(_ name: String = "test", defaults: JSONValue? = nil, rules: [JSONValue]) -> JSONValue {
        var object: JSONObject = ["policy": .string(name), "version": 1]
        object["defaults"] = defaults
        object["rules"] = .array(rules)
        return .object(object)
    }

    /// An allow rule routed to `core.accounts`, with `extra` members added or replacing defaults.
    static func allow(
        _ id: String, _ method: JSONValue = "GET", _ path: String, auth: JSONValue = ["type": "none"],
        extra: JSONObject = [:]
    ) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "match": ["method": method, "path": .string(path)], "auth": auth,
            "upstream": ["adapter": "core", "operation": "accounts"],
        ]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    /// A deny rule.
    static func deny(_ id: String, _ method: JSONValue = "*", _ path: String, extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = ["id": .string(id), "effect": "deny", "match": ["method": method, "path": .string(path)]]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    /// An `api_key` auth requirement.
    static func apiKeyAuth(_ scopes: [String] = [], customer: Bool = false, environments: [String]? = nil) -> JSONValue {
        var object: JSONObject = ["type": "api_key", "scopes": .array(scopes.map(JSONValue.string))]
        if customer { object["customer"] = "required" }
        if let environments { object["environments"] = .array(environments.map(JSONValue.string)) }
        return .object(object)
    }

    static func source(_ document: JSONValue, name: String = "policies/test.json") -> PolicySource {
        PolicySource(name: name, contents: document.encoded(.pretty))
    }

    /// The standard vocabulary of a gateway that does not enforce `missing`.
    static func standard(without missing: Obligation) -> PolicyVocabulary {
        var vocabulary = PolicyVocabulary.standard
        vocabulary.enforcedObligations.remove(missing)
        return vocabulary
    }

    static func compile(_ documents: JSONValue..., vocabulary: PolicyVocabulary = vocabulary) throws -> PolicySet {
        try PolicySet.compile(
            documents.enumerated().map { source($0.element, name: "policies/p\($0.offset).json") }, vocabulary: vocabulary
        )
    }

    /// The diagnostics of sources that must fail to compile.
    static func failure(
        _ sources: [PolicySource], vocabulary: PolicyVocabulary = vocabulary, sourceLocation: SourceLocation = #_sourceLocation
    )
        -> [PolicyDiagnostic]
    {
        do {
            _ = try PolicySet.compile(sources, vocabulary: vocabulary)
            Issue.record("expected the set to be rejected", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The diagnostics, as text, of JSON that `read` must reject.
    static func rejection<Value>(
        _ read: () throws(PolicyCheckFailure) -> Value, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [String] {
        do {
            _ = try read()
            Issue.record("expected a rejection", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// The diagnostics of one document that must fail to compile.
    static func failure(
        _ document: JSONValue, vocabulary: PolicyVocabulary = vocabulary, sourceLocation: SourceLocation = #_sourceLocation
    )
        -> [PolicyDiagnostic]
    {
        failure([source(document)], vocabulary: vocabulary, sourceLocation: sourceLocation)
    }

    static func apiKey(
        _ scopes: [String] = [], app: AppFacts? = copilot, status: APIKeyFacts.Status = .active, customer: String? = "C0001"
    ) -> RequestFacts {
        RequestFacts(
            credential: .apiKey(APIKeyFacts(status: status, keyID: "key-1", app: app, scopes: scopes)), customerHeader: customer)
    }

    static func bearer(
        _ scopes: [String] = [], grant: BearerGrant = .authorizationCode, status: BearerFacts.Status = .valid,
        subject: String? = "C0001", app: AppFacts? = copilot
    ) -> RequestFacts {
        RequestFacts(
            credential: .bearer(
                BearerFacts(status: status, clientID: "client-1", grant: grant, scopes: scopes, subject: subject, app: app))
        )
    }
}

extension PolicyDiagnostic {
    /// The JSON path the diagnostic points at, as text (`$.rules[0].id`), or nil.
    var pathText: String? {
        if case .path(let path) = location { return path.description }
        return nil
    }
}

extension RouteResolution {
    /// The matched rule id, or nil.
    var ruleID: String? {
        if case .matched(let route) = self { return route.rule.id }
        return nil
    }

    var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }

    /// The allowed methods of a 405, or nil.
    var allowedMethods: [String]? {
        if case .methodNotAllowed(let allowed) = self { return allowed }
        return nil
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}

extension PolicyDiagnostic {
    /// `path: message (hint: …)`, without file and severity.
    var summary: String {
        var text = "\(location): \(message)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
