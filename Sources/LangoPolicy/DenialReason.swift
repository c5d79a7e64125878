/// Why a request is (or, in shadow mode, would have been) refused.
///
/// `code` is a stable snake_case identifier for logs, fixtures and error bodies; `message` is a
/// human sentence, built only when read.
public struct DenialReason: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case noRoute(method: String, path: String)
        case methodNotAllowed(method: String, allowed: [String])
        case obligationUnsupported([Obligation])
        case credentialMissing(needed: AuthRequirement.Kind, presented: String)
        case keyUnknown, keyWithoutApp, keyExpired, keyRevoked
        case tokenInvalid, tokenWithoutApp, tokenExpired, tokenRevoked
        case evaluationError(String)
        case deniedByRule(ruleID: String, status: Int, message: String?)
        case appSuspended(appID: String)
        case environmentNotAllowed(AppEnvironment, allowed: Set<AppEnvironment>)
        case grantNotAllowed(required: GrantRequirement, presented: BearerGrant)
        case scopeMissing([String])
        case productNotInPlan(product: String, appID: String)
        case customerMissing(fromHeader: Bool)
        case consentMissing
        case consentUnknown(id: String)
        case consentMismatch(id: String, detail: String)
        case consentNotAuthorised(id: String, status: ConsentFacts.Status)
        case consentExpired(id: String)
        case consentReauthenticationRequired(id: String)
        case permissionMissing(consentID: String, needed: [AccountPermission])
        case accountNotConsented(consentID: String, account: String)
        case fraudDenied, fraudStepUpRequired, fraudUnavailable
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Every code a reason can have, in evaluation order.
    public static let allCodes = [
        "no_route", "method_not_allowed", "obligation_unsupported", "credential_missing", "key_unknown", "key_expired",
        "key_revoked", "token_invalid", "token_expired", "token_revoked", "evaluation_error", "denied_by_rule",
        "app_suspended", "environment_not_allowed", "grant_not_allowed", "scope_missing", "product_not_in_plan",
        "customer_missing", "consent_missing", "consent_unknown", "consent_mismatch", "consent_not_authorised",
        "consent_expired", "consent_reauthentication_required", "permission_missing", "account_not_consented",
        "fraud_denied", "fraud_step_up_required", "fraud_unavailable",
    ]

    static func noRoute(method: String, path: String) -> Self { Self(.noRoute(method: method, path: path)) }
    static func methodNotAllowed(method: String, allowed: [String]) -> Self {
        Self(.methodNotAllowed(method: method, allowed: allowed))
    }
    static func obligationUnsupported(_ obligations: [Obligation]) -> Self { Self(.obligationUnsupported(obligations)) }
    static func credentialMissing(needed: AuthRequirement.Kind, presented: CredentialFacts) -> Self {
        Self(.credentialMissing(needed: needed, presented: presented.kindName))
    }
    static let keyUnknown = Self(.keyUnknown)
    static let keyWithoutApp = Self(.keyWithoutApp)
    static let keyExpired = Self(.keyExpired)
    static let keyRevoked = Self(.keyRevoked)
    static let tokenInvalid = Self(.tokenInvalid)
    static let tokenWithoutApp = Self(.tokenWithoutApp)
    static let tokenExpired = Self(.tokenExpired)
    static let tokenRevoked = Self(.tokenRevoked)
    static func evaluationError(_ detail: String) -> Self { Self(.evaluationError(detail)) }
    static func deniedByRule(_ rule: Rule) -> Self {
        Self(.deniedByRule(ruleID: rule.id, status: rule.deny?.status ?? 403, message: rule.deny?.message))
    }
    static func appSuspended(_ app: AppFacts) -> Self { Self(.appSuspended(appID: app.id)) }
    static func environmentNotAllowed(_ environment: AppEnvironment, allowed: Set<AppEnvironment>) -> Self {
        Self(.environmentNotAllowed(environment, allowed: allowed))
    }
    static func grantNotAllowed(required: GrantRequirement, presented: BearerGrant) -> Self {
        Self(.grantNotAllowed(required: required, presented: presented))
    }
    static func scopeMissing(_ scopes: [String]) -> Self { Self(.scopeMissing(scopes)) }
    static func productNotInPlan(_ product: String, app: AppFacts) -> Self {
        Self(.productNotInPlan(product: product, appID: app.id))
    }
    static func customerMissing(fromHeader: Bool) -> Self { Self(.customerMissing(fromHeader: fromHeader)) }
    static let consentMissing = Self(.consentMissing)
    static func consentUnknown(_ id: String) -> Self { Self(.consentUnknown(id: id)) }
    static func consentMismatch(_ id: String, _ detail: String) -> Self { Self(.consentMismatch(id: id, detail: detail)) }
    static func consentNotAuthorised(_ consent: ConsentFacts) -> Self {
        Self(.consentNotAuthorised(id: consent.id, status: consent.status))
    }
    static func consentExpired(_ id: String) -> Self { Self(.consentExpired(id: id)) }
    static func consentReauthenticationRequired(_ id: String) -> Self { Self(.consentReauthenticationRequired(id: id)) }
    static func permissionMissing(_ consentID: String, needed: [AccountPermission]) -> Self {
        Self(.permissionMissing(consentID: consentID, needed: needed))
    }
    static func accountNotConsented(_ consentID: String, account: String) -> Self {
        Self(.accountNotConsented(consentID: consentID, account: account))
    }
    static let fraudDenied = Self(.fraudDenied)
    static let fraudStepUpRequired = Self(.fraudStepUpRequired)
    static let fraudUnavailable = Self(.fraudUnavailable)

    /// The stable snake_case code, one of ``allCodes``.
    public var code: String {
        switch kind {
        case .noRoute: "no_route"
        case .methodNotAllowed: "method_not_allowed"
        case .obligationUnsupported: "obligation_unsupported"
        case .credentialMissing: "credential_missing"
        case .keyUnknown, .keyWithoutApp: "key_unknown"
        case .keyExpired: "key_expired"
        case .keyRevoked: "key_revoked"
        case .tokenInvalid, .tokenWithoutApp: "token_invalid"
        case .tokenExpired: "token_expired"
        case .tokenRevoked: "token_revoked"
        case .evaluationError: "evaluation_error"
        case .deniedByRule: "denied_by_rule"
        case .appSuspended: "app_suspended"
        case .environmentNotAllowed: "environment_not_allowed"
        case .grantNotAllowed: "grant_not_allowed"
        case .scopeMissing: "scope_missing"
        case .productNotInPlan: "product_not_in_plan"
        case .customerMissing: "customer_missing"
        case .consentMissing: "consent_missing"
        case .consentUnknown: "consent_unknown"
        case .consentMismatch: "consent_mismatch"
        case .consentNotAuthorised: "consent_not_authorised"
        case .consentExpired: "consent_expired"
        case .consentReauthenticationRequired: "consent_reauthentication_required"
        case .permissionMissing: "permission_missing"
        case .accountNotConsented: "account_not_consented"
        case .fraudDenied: "fraud_denied"
        case .fraudStepUpRequired: "fraud_step_up_required"
        case .fraudUnavailable: "fraud_unavailable"
        }
    }

    /// The HTTP status the gateway answers with.
    public var status: Int {
        switch kind {
        case .noRoute: 404
        case .methodNotAllowed: 405
        case .obligationUnsupported: 501
        case .credentialMissing, .keyUnknown, .keyWithoutApp, .keyExpired, .keyRevoked, .tokenInvalid, .tokenWithoutApp,
            .tokenExpired, .tokenRevoked:
            401
        case .evaluationError: 503
        case .deniedByRule(_, let status, _): status
        case .appSuspended, .environmentNotAllowed, .grantNotAllowed, .scopeMissing, .productNotInPlan: 403
        case .customerMissing: 400
        case .consentMissing, .consentUnknown, .consentMismatch, .consentNotAuthorised, .consentExpired,
            .consentReauthenticationRequired, .permissionMissing, .accountNotConsented:
            403
        case .fraudDenied, .fraudStepUpRequired: 403
        case .fraudUnavailable: 503
        }
    }

    /// A sentence for the caller and the logs.
    public var message: String {
        switch kind {
        case .noRoute(let method, let path):
            "no route matches \(method) \(path)"
        case .methodNotAllowed(let method, let allowed):
            "\(method) is not allowed on this path (allowed: \(allowed.joined(separator: ", ")))"
        case .obligationUnsupported(let obligations):
            "this route needs \(obligations.map(\.rawValue).joined(separator: ", ")), which this gateway does not enforce"
        case .credentialMissing(let needed, let presented):
            "this route needs \(Self.credentialName(needed)), but the request presented \(presented)"
        case .keyUnknown: "the API key is not known"
        case .keyWithoutApp: "the API key belongs to no app"
        case .keyExpired: "the API key has expired"
        case .keyRevoked: "the API key has been revoked"
        case .tokenInvalid: "the access token is not valid"
        case .tokenWithoutApp: "the access token belongs to no app"
        case .tokenExpired: "the access token has expired"
        case .tokenRevoked: "the access token has been revoked"
        case .evaluationError(let detail):
            "the credential could not be checked: \(detail)"
        case .deniedByRule(let ruleID, _, let message):
            message ?? "denied by rule \(ruleID)"
        case .appSuspended(let appID):
            "app \(appID) is suspended"
        case .environmentNotAllowed(let environment, let allowed):
            "this route does not admit \(environment.rawValue) apps (allowed: "
                + AppEnvironment.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ", ") + ")"
        case .grantNotAllowed(let required, let presented):
            "this route needs a token from the \(required.rawValue) grant, not \(presented.rawValue)"
        case .scopeMissing(let scopes):
            "the credential lacks scope\(scopes.count == 1 ? "" : "s") \(scopes.joined(separator: ", "))"
        case .productNotInPlan(let product, let appID):
            "app \(appID)'s plan does not include the \(product) API product"
        case .customerMissing(let fromHeader):
            fromHeader
                ? "this route acts for a bank customer: send the customer id in header x-lango-customer-id"
                : "this route acts for a bank customer, but the access token has no subject"
        case .consentMissing:
            "this route needs an access token bound to a consent the customer authorised"
        case .consentUnknown(let id):
            "consent \(id) does not exist"
        case .consentMismatch(let id, let detail):
            "consent \(id) \(detail)"
        case .consentNotAuthorised(let id, let status):
            "consent \(id) is \(status.words), not authorised"
        case .consentExpired(let id):
            "consent \(id) has expired"
        case .consentReauthenticationRequired(let id):
            "consent \(id) needs the customer to authenticate again"
        case .permissionMissing(let consentID, let needed):
            "consent \(consentID) grants none of \(needed.map(\.rawValue).joined(separator: ", "))"
        case .accountNotConsented(let consentID, let account):
            "account \(account) is not covered by consent \(consentID)"
        // The score and the hook's reasons stay out of what the caller reads, so nobody can probe
        // the fraud model through it; the decision log has them.
        case .fraudDenied:
            "the fraud check refused this request"
        case .fraudStepUpRequired:
            "the fraud check requires the customer to authenticate again (strong customer authentication) before this request can go ahead"
        case .fraudUnavailable:
            "the fraud check could not be completed and this route does not go ahead without it; try again shortly"
        }
    }

    /// The deny rule that refused the request, for `denied_by_rule`.
    public var ruleID: String? {
        if case .deniedByRule(let ruleID, _, _) = kind { return ruleID }
        return nil
    }

    /// `403 scope_missing: the credential lacks scope balances:read`.
    public var description: String { "\(status) \(code): \(message)" }

    private static func credentialName(_ kind: AuthRequirement.Kind) -> String {
        switch kind {
        case .none: "no credential"
        case .apiKey: "an API key"
        case .bearer: "a bearer token"
        }
    }
}
