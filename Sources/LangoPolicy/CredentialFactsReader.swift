import LangoJSON

/// Reads credential facts written as JSON, the form fixtures and `lango policy explain --credential` use:
///
/// ```json
/// {"type": "api_key", "status": "active", "scopes": ["balances:read"],
///  "app": {"id": "app_copilot", "status": "active", "environment": "production"}}
/// ```
struct CredentialFactsReader {
    let diagnostics: DiagnosticCollector

    private static let fields = [
        "type", "reason", "status", "key_id", "grant", "scopes", "subject", "consent_id", "client_id", "app",
    ]
    static let defaultUnavailableReason = "the credential store could not be consulted"

    private enum CredentialType: String, CaseIterable {
        case noCredential = "none"
        case unavailable
        case apiKey = "api_key"
        case bearer
    }

    func read(_ value: JSONValue, at path: JSONPath) -> CredentialFacts? {
        let errorsBefore = diagnostics.errorCount
        guard let reader = ObjectReader(value, at: path, fields: Self.fields, diagnostics: diagnostics),
            let type: CredentialType = reader.choice("type", required: true)
        else { return nil }
        let fields: [String] =
            switch type {
            case .noCredential: ["type"]
            case .unavailable: ["type", "reason"]
            case .apiKey: ["type", "status", "key_id", "scopes", "app"]
            case .bearer: ["type", "status", "grant", "scopes", "subject", "consent_id", "client_id", "app"]
            }
        reader.reject(
            Self.fields.filter { !fields.contains($0) },
            message: { "\"\($0)\" does not apply to credential type \"\(type.rawValue)\"" },
            hint: "credential type \"\(type.rawValue)\" takes " + fields.joined(separator: ", ")
        )
        let facts: CredentialFacts?
        switch type {
        case .noCredential:
            facts = CredentialFacts.none
        case .unavailable:
            facts = .unavailable(reader.string("reason") ?? Self.defaultUnavailableReason)
        case .apiKey:
            let status: APIKeyFacts.Status? = reader.contains("status") ? reader.choice("status") : .active
            let scopes = reader.strings("scopes")?.map(\.value) ?? []
            let app = reader.object("app", fields: ["id", "status", "environment", "products"]).flatMap(appFacts)
            facts = status.map { .apiKey(APIKeyFacts(status: $0, keyID: reader.string("key_id"), app: app, scopes: scopes)) }
        case .bearer:
            let status: BearerFacts.Status? = reader.contains("status") ? reader.choice("status") : .valid
            let grant: BearerGrant? = reader.choice("grant", required: true)
            let scopes = reader.strings("scopes")?.map(\.value) ?? []
            let app = reader.object("app", fields: ["id", "status", "environment", "products"]).flatMap(appFacts)
            if let status, let grant {
                facts = .bearer(
                    BearerFacts(
                        status: status, clientID: reader.string("client_id"), grant: grant, scopes: scopes,
                        subject: reader.string("subject"), consentID: reader.string("consent_id"), app: app
                    )
                )
            } else {
                facts = nil
            }
        }
        return diagnostics.errorCount == errorsBefore ? facts : nil
    }

    private func appFacts(_ reader: ObjectReader) -> AppFacts? {
        let id = reader.string("id", required: true)
        if id?.isEmpty == true {
            diagnostics.error("an app id cannot be empty", at: reader.path("id"))
        }
        let status: AppStatus? = reader.contains("status") ? reader.choice("status") : .active
        let environment: AppEnvironment? = reader.choice("environment", required: true)
        // The plan's products: without them the product check is skipped.
        let products = reader.contains("products") ? reader.strings("products").map { Set($0.map(\.value)) } : nil
        guard let id, !id.isEmpty, let status, let environment else { return nil }
        return AppFacts(id: id, status: status, environment: environment, products: products)
    }
}

extension CredentialFacts {
    /// Reads credential facts from JSON text, as `lango policy explain --credential '{...}'` gives them.
    ///
    /// The format is the `credential` object of a fixture (see docs/policies.md). `source.name`
    /// names the input in diagnostics.
    public static func parse(_ source: PolicySource) throws(PolicyCheckFailure) -> CredentialFacts {
        let diagnostics = DiagnosticCollector(file: source.name)
        guard let value = diagnostics.parseJSON(source) else { throw PolicyCheckFailure(diagnostics: diagnostics.diagnostics) }
        return try CredentialFacts(json: value, file: source.name)
    }

    /// Reads credential facts from a parsed JSON value; `file` names it in diagnostics.
    public init(json: JSONValue, file: String) throws(PolicyCheckFailure) {
        let diagnostics = DiagnosticCollector(file: file)
        guard let facts = CredentialFactsReader(diagnostics: diagnostics).read(json, at: .root) else {
            throw PolicyCheckFailure(diagnostics: diagnostics.diagnostics)
        }
        self = facts
    }
}
