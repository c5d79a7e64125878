import LangoJSON

/// Reads the consent a fixture or `lango policy explain --consent` mocks:
///
/// ```json
/// {"status": "authorised", "permissions": ["ReadAccountsDetail"], "accounts": ["C0001-KES-1"]}
/// ```
///
/// `id`, `client_id` and `customer_id` default to the bearer credential's `consent_id`,
/// `client_id` and `subject`, so a fixture writes only what differs. `status` also takes
/// `unknown` (no such consent) and `unavailable` (the store could not be read, with `reason`).
struct ConsentLookupReader {
    let diagnostics: DiagnosticCollector

    static let fields = ["status", "id", "kind", "client_id", "customer_id", "permissions", "accounts", "reason"]

    private enum Standing: String, CaseIterable {
        case authorised, rejected, revoked, consumed, expired, unknown, unavailable
        case awaitingAuthorisation = "awaiting_authorisation"
        case reauthenticationRequired = "reauthentication_required"
    }

    func read(_ value: JSONValue, at path: JSONPath, credential: CredentialFacts) -> ConsentLookup? {
        let errorsBefore = diagnostics.errorCount
        guard let reader = ObjectReader(value, at: path, fields: Self.fields, diagnostics: diagnostics),
            let standing: Standing = reader.choice("status", required: true)
        else { return nil }
        switch standing {
        case .unknown:
            reader.reject(
                Self.fields.filter { $0 != "status" }, message: { "\"\($0)\" does not apply to an unknown consent" },
                hint: "an unknown consent has only \"status\"")
            return diagnostics.errorCount == errorsBefore ? .unknown : nil
        case .unavailable:
            reader.reject(
                Self.fields.filter { !["status", "reason"].contains($0) },
                message: { "\"\($0)\" does not apply to an unavailable consent" },
                hint: "an unavailable consent has \"status\" and \"reason\"")
            let reason = reader.string("reason") ?? "the consent store could not be consulted"
            return diagnostics.errorCount == errorsBefore ? .unavailable(reason) : nil
        default:
            break
        }
        reader.reject(["reason"], message: { "\"\($0)\" applies only to an unavailable consent" }, hint: "remove it")
        let token: BearerFacts? = if case .bearer(let token) = credential { token } else { nil }
        let id = reader.string("id") ?? token?.consentID
        let clientID = reader.string("client_id") ?? token?.clientID
        if id == nil {
            diagnostics.error(
                "the consent needs an \"id\"", at: reader.path("status"), hint: "give \"id\", or \"consent_id\" in the bearer credential")
        }
        if clientID == nil {
            diagnostics.error(
                "the consent needs a \"client_id\"", at: reader.path("status"),
                hint: "give \"client_id\", or \"client_id\" in the bearer credential")
        }
        let kind: ConsentRequirement.Kind? = reader.contains("kind") ? reader.choice("kind") : .accountAccess
        let permissions: [AccountPermission]? = reader.contains("permissions") ? reader.choices("permissions", valueName: "permission") : []
        let accounts = reader.strings("accounts")?.map(\.value) ?? []
        guard diagnostics.errorCount == errorsBefore, let id, let clientID, let kind, let permissions,
            let status = Self.status(standing)
        else { return nil }
        return .found(
            ConsentFacts(
                id: id, kind: kind, status: status, clientID: clientID, customerID: reader.string("customer_id") ?? token?.subject,
                permissions: Set(permissions), accountIDs: Set(accounts)))
    }

    private static func status(_ standing: Standing) -> ConsentFacts.Status? {
        switch standing {
        case .authorised: .authorised
        case .awaitingAuthorisation: .awaitingAuthorisation
        case .rejected: .rejected
        case .revoked: .revoked
        case .consumed: .consumed
        case .expired: .expired
        case .reauthenticationRequired: .reauthenticationRequired
        case .unknown, .unavailable: nil
        }
    }
}

extension ConsentLookup {
    /// Reads a mocked consent from JSON text, as `lango policy explain --consent '{...}'` gives it;
    /// `credential` supplies the defaults (see docs/policies.md).
    public static func parse(_ source: PolicySource, credential: CredentialFacts) throws(PolicyCheckFailure) -> ConsentLookup {
        let diagnostics = DiagnosticCollector(file: source.name)
        guard let value = diagnostics.parseJSON(source),
            let lookup = ConsentLookupReader(diagnostics: diagnostics).read(value, at: .root, credential: credential)
        else { throw PolicyCheckFailure(diagnostics: diagnostics.diagnostics) }
        return lookup
    }
}
