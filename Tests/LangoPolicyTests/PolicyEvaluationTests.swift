import LangoJSON
import LangoPolicy
import Testing

/// The evaluation order, each step's outcomes, deny rules, shadow mode and on_error.
@Suite struct PolicyEvaluationTests {
    private typealias T = TestSupport

    private let set: PolicySet

    init() throws {
        set = try T.compile(
            T.policy(
                "main",
                rules: [
                    T.allow(
                        "read", "GET", "/accounts/{AccountId}",
                        auth: T.apiKeyAuth(["accounts:read", "balances:read"], customer: true)),
                    T.allow("status", "GET", "/status"),
                    T.allow(
                        "aisp", "GET", "/aisp/accounts",
                        auth: ["type": "bearer", "grant": "authorization_code", "scopes": ["accounts"], "customer": "required"]
                    ),
                    T.allow("any-grant", "GET", "/aisp/any", auth: ["type": "bearer", "grant": "any", "scopes": []]),
                    T.allow("tools", "POST", "/tools/{ToolId}", auth: T.apiKeyAuth(environments: ["sandbox"])),
                    T.allow("reports", "GET", "/reports", auth: T.apiKeyAuth(environments: ["production"])),
                    T.allow(
                        "shadowed", "GET", "/shadow/{x}", auth: T.apiKeyAuth(["accounts:read"], customer: true),
                        extra: ["mode": "shadow"]),
                    T.allow("lenient", "GET", "/lenient", auth: T.apiKeyAuth(customer: true), extra: ["on_error": "allow"]),
                    T.allow("lenient-shadow", "GET", "/lenient-shadow", auth: T.apiKeyAuth(), extra: ["mode": "shadow"]),
                    T.deny(
                        "blocked-account", "GET", "/accounts/blocked",
                        extra: ["deny": ["status": 451, "message": "This account is frozen."]]),
                    T.deny("no-production-tools", "*", "/tools/{*rest}", extra: ["when": ["environments": ["production"]]]),
                    T.deny("retired-tool", "POST", "/tools/legacy", extra: ["deny": ["status": 410]]),
                    T.deny("audit-shadow", "*", "/shadow/{x}", extra: ["mode": "shadow", "when": ["apps": ["app_copilot"]]]),
                    T.deny("gone", "GET", "/shadow/gone", extra: ["deny": ["status": 410, "message": "Gone."]]),
                    T.deny("status-for-apps", "GET", "/status", extra: ["when": ["apps": ["app_copilot"]]]),
                ]
            )
        )
    }

    private func decide(_ method: String, _ path: String, _ facts: RequestFacts) -> Decision {
        set.decide(method: method, path: path, facts: facts)
    }

    private func decide(_ path: String, _ facts: RequestFacts) -> Decision {
        decide("GET", path, facts)
    }

    @Test func allowsWithCustomerAppAndParameters() {
        let decision = decide("/accounts/ACC-1", T.apiKey(["balances:read", "accounts:read"]))
        #expect(decision.outcome == .allow)
        #expect(decision.isAllowed)
        #expect(decision.status == 200)
        #expect(decision.rule?.id == "read")
        #expect(decision.parameters["AccountId"] == "ACC-1")
        #expect(decision.customerID == "C0001")
        #expect(decision.app == T.copilot)
        #expect(decision.mode == .enforce)
        #expect(decision.reason == nil)
        #expect(decision.shadowedDenials.isEmpty)
        #expect(decision.errorOverridden == nil)
    }

    @Test func unroutedRequestsAreDecisionsWithoutARule() {
        let notFound = decide("/nowhere", T.apiKey())
        #expect(notFound.outcome == .deny)
        #expect(notFound.rule == nil)
        #expect(notFound.status == 404)
        #expect(notFound.reason?.code == "no_route")
        #expect(notFound.reason?.message == "no route matches GET /nowhere")
        let wrongMethod = decide("DELETE", "/accounts/ACC-1", T.apiKey())
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.reason?.code == "method_not_allowed")
        #expect(wrongMethod.allowedMethods == ["GET"])
        #expect(wrongMethod.rule == nil)
    }

    @Test func authNoneIgnoresCredentials() {
        let decision = decide("/status", T.apiKey(status: .revoked))
        #expect(decision.isAllowed)
        #expect(decision.app == nil)
        #expect(decision.customerID == nil)
    }

    @Test func missingAndWrongCredentials() {
        let none = decide("/accounts/ACC-1", RequestFacts(credential: .none, customerHeader: "C0001"))
        #expect(none.status == 401)
        #expect(none.reason?.code == "credential_missing")
        #expect(none.reason?.message == "this route needs an API key, but the request presented no credential")
        let bearer = decide("/accounts/ACC-1", T.bearer(["accounts:read"]))
        #expect(bearer.reason?.code == "credential_missing")
        #expect(bearer.reason?.message == "this route needs an API key, but the request presented a bearer token")
        let key = decide("/aisp/accounts", T.apiKey(["accounts"]))
        #expect(key.reason?.message == "this route needs a bearer token, but the request presented an API key")
    }

    @Test func apiKeyStatuses() {
        #expect(decide("/accounts/A", T.apiKey(status: .unknown, customer: nil)).reason?.code == "key_unknown")
        #expect(decide("/accounts/A", T.apiKey(status: .expired)).reason?.code == "key_expired")
        #expect(decide("/accounts/A", T.apiKey(status: .revoked)).reason?.code == "key_revoked")
        let orphan = decide("/accounts/A", T.apiKey(["accounts:read"], app: nil))
        #expect(orphan.reason?.code == "key_unknown")
        #expect(orphan.reason?.message == "the API key belongs to no app")
        #expect(orphan.status == 401)
    }

    @Test func bearerStatusesGrantAndSubject() {
        #expect(decide("/aisp/accounts", T.bearer(["accounts"])).isAllowed)
        #expect(decide("/aisp/accounts", T.bearer(["accounts"])).customerID == "C0001")
        #expect(decide("/aisp/accounts", T.bearer(status: .invalid)).reason?.code == "token_invalid")
        #expect(decide("/aisp/accounts", T.bearer(status: .expired)).reason?.code == "token_expired")
        #expect(decide("/aisp/accounts", T.bearer(status: .revoked)).reason?.code == "token_revoked")
        #expect(decide("/aisp/accounts", T.bearer(["accounts"], app: nil)).reason?.code == "token_invalid")
        let grant = decide("/aisp/accounts", T.bearer(["accounts"], grant: .clientCredentials))
        #expect(grant.reason?.code == "grant_not_allowed")
        #expect(grant.status == 403)
        #expect(grant.reason?.message == "this route needs a token from the authorization_code grant, not client_credentials")
        #expect(decide("/aisp/any", T.bearer(grant: .clientCredentials, subject: nil)).isAllowed)
        let noSubject = decide("/aisp/accounts", T.bearer(["accounts"], subject: nil))
        #expect(noSubject.reason?.code == "customer_missing")
        #expect(noSubject.reason?.message == "this route acts for a bank customer, but the access token has no subject")
        #expect(decide("/aisp/accounts", T.bearer(["accounts"], subject: "")).reason?.code == "customer_missing")
    }

    @Test func authorizationChecksInOrder() {
        let suspendedSandboxApp = AppFacts(id: "app_x", status: .suspended, environment: .sandbox)
        let suspended = decide("/reports", T.apiKey(app: suspendedSandboxApp))
        #expect(suspended.reason?.code == "app_suspended")
        #expect(suspended.reason?.message == "app app_x is suspended")
        #expect(suspended.status == 403)
        let environment = decide("/reports", T.apiKey(app: T.sandboxApp))
        #expect(environment.reason?.code == "environment_not_allowed")
        #expect(environment.reason?.message == "this route does not admit sandbox apps (allowed: production)")
        #expect(decide("/reports", T.apiKey(app: T.copilot)).isAllowed)
        let scopes = decide("/accounts/A", T.apiKey(["balances:read"], customer: nil))
        #expect(scopes.reason?.code == "scope_missing")
        #expect(scopes.reason?.message == "the credential lacks scope accounts:read")
        #expect(decide("/accounts/A", T.apiKey([])).reason?.message == "the credential lacks scopes accounts:read, balances:read")
    }

    @Test func customerComesFromTheHeaderForApiKeys() {
        let missing = decide("/accounts/A", T.apiKey(["accounts:read", "balances:read"], customer: nil))
        #expect(missing.status == 400)
        #expect(missing.reason?.code == "customer_missing")
        #expect(
            missing.reason?.message == "this route acts for a bank customer: send the customer id in header x-lango-customer-id")
        #expect(
            decide("/accounts/A", T.apiKey(["accounts:read", "balances:read"], customer: "")).reason?.code == "customer_missing")
        #expect(decide("POST", "/tools/t1", T.apiKey(app: T.sandboxApp, customer: "C0009")).customerID == nil)
    }

    @Test func explicitDenyRulesComeAfterAuthenticationAndBeforeAuthorization() {
        let frozen = decide("/accounts/blocked", T.apiKey(["accounts:read", "balances:read"]))
        #expect(frozen.outcome == .deny)
        #expect(frozen.status == 451)
        #expect(frozen.reason?.code == "denied_by_rule")
        #expect(frozen.reason?.ruleID == "blocked-account")
        #expect(frozen.reason?.message == "This account is frozen.")
        #expect(frozen.rule?.id == "read")
        #expect(decide("/accounts/blocked", RequestFacts(credential: .none)).reason?.code == "credential_missing")
        let suspendedAndDenied = decide(
            "/accounts/blocked", T.apiKey(app: AppFacts(id: "a", status: .suspended, environment: .sandbox)))
        #expect(suspendedAndDenied.reason?.code == "denied_by_rule")
        #expect(decide("/accounts/other", T.apiKey(["accounts:read", "balances:read"])).isAllowed)
    }

    @Test func denyRuleConditionsNeedAnAuthenticatedApp() {
        let production = decide("POST", "/tools/t1", T.apiKey(app: T.copilot))
        #expect(production.reason?.ruleID == "no-production-tools")
        #expect(production.status == 403)
        #expect(production.reason?.message == "denied by rule no-production-tools")
        #expect(decide("POST", "/tools/t1", T.apiKey(app: T.sandboxApp)).isAllowed)
        #expect(decide("/status", RequestFacts(credential: .none)).isAllowed)
        #expect(decide("/status", T.apiKey(app: T.copilot)).isAllowed)
    }

    @Test func theFirstApplicableDenyRuleInSetOrderWins() {
        let production = decide("POST", "/tools/legacy", T.apiKey(app: T.copilot))
        #expect(production.reason?.ruleID == "no-production-tools")
        let sandbox = decide("POST", "/tools/legacy", T.apiKey(app: T.sandboxApp))
        #expect(sandbox.reason?.ruleID == "retired-tool")
        #expect(sandbox.status == 410)
    }

    @Test func shadowDenyRulesAreRecordedNotEnforced() {
        let decision = decide("/shadow/x", T.apiKey(["accounts:read"], app: T.copilot))
        #expect(decision.isAllowed)
        #expect(decision.shadowedDenials.map(\.code) == ["denied_by_rule"])
        #expect(decision.shadowedDenials.first?.ruleID == "audit-shadow")
        let enforcedAfterShadow = decide("/shadow/gone", T.apiKey(["accounts:read"], app: T.copilot))
        #expect(enforcedAfterShadow.outcome == .deny)
        #expect(enforcedAfterShadow.reason?.ruleID == "gone")
        #expect(enforcedAfterShadow.shadowedDenials.map(\.ruleID) == ["audit-shadow"])
        #expect(enforcedAfterShadow.mode == .shadow)
    }

    @Test func shadowModeRecordsEveryDenialFromStepsThreeToSix() {
        let revoked = decide("/shadow/x", T.apiKey(status: .revoked, customer: nil))
        #expect(revoked.isAllowed)
        #expect(revoked.mode == .shadow)
        #expect(revoked.shadowedDenials.map(\.code) == ["key_revoked", "customer_missing"])
        #expect(revoked.app == nil)
        let suspended = decide(
            "/shadow/y",
            T.apiKey([], app: AppFacts(id: "app_other", status: .suspended, environment: .sandbox), customer: "C0002")
        )
        #expect(suspended.isAllowed)
        #expect(suspended.shadowedDenials.map(\.code) == ["app_suspended", "scope_missing"])
        #expect(suspended.customerID == "C0002")
        #expect(suspended.status == 200)
    }

    @Test func onErrorDenyFailsClosed() {
        let decision = decide(
            "/accounts/A", RequestFacts(credential: .unavailable("key store timed out"), customerHeader: "C0001"))
        #expect(decision.status == 503)
        #expect(decision.reason?.code == "evaluation_error")
        #expect(decision.reason?.message == "the credential could not be checked: key store timed out")
        #expect(decision.errorOverridden == nil)
    }

    @Test func onErrorAllowProceedsAndRecordsTheError() {
        let decision = decide("/lenient", RequestFacts(credential: .unavailable("key store down"), customerHeader: "C0003"))
        #expect(decision.isAllowed)
        #expect(decision.errorOverridden?.code == "evaluation_error")
        #expect(decision.app == nil)
        #expect(decision.customerID == "C0003")
        #expect(decision.shadowedDenials.isEmpty)
        let noCustomer = decide("/lenient", RequestFacts(credential: .unavailable("key store down")))
        #expect(noCustomer.reason?.code == "customer_missing")
        #expect(noCustomer.errorOverridden?.code == "evaluation_error")
        #expect(decide("/lenient", T.apiKey(status: .revoked)).reason?.code == "key_revoked")
    }

    @Test func shadowModeAlsoShadowsEvaluationErrors() {
        let decision = decide("/lenient-shadow", RequestFacts(credential: .unavailable("down")))
        #expect(decision.isAllowed)
        #expect(decision.shadowedDenials.map(\.code) == ["evaluation_error"])
    }

    @Test func unenforcedObligationsFailClosedBeforeEverythingElseInEveryMode() throws {
        let standard = try T.compile(
            T.policy(rules: [
                T.allow(
                    "aisp", "GET", "/aisp", auth: ["type": "bearer", "grant": "any", "scopes": []],
                    extra: ["mode": "shadow", "on_error": "allow", "limits": ["cost": 1], "product": "accounts"]
                ),
                T.allow(
                    "keyed", "GET", "/keyed", auth: T.apiKeyAuth(),
                    extra: ["fraud": ["hook": "risk-score", "timeout_ms": 50, "fail": "open", "step_up_at": 50, "deny_at": 80]]),
                T.deny("never-reached", "*", "/aisp"),
            ]),
            vocabulary: {
                var vocabulary = T.vocabulary
                vocabulary.enforcedObligations = [.consent]
                return vocabulary
            }()
        )
        for facts in [RequestFacts(credential: .none), T.bearer(), RequestFacts(credential: .unavailable("down"))] {
            let decision = standard.decide(method: "GET", path: "/aisp", facts: facts)
            #expect(decision.outcome == .deny)
            #expect(decision.status == 501)
            #expect(decision.reason?.code == "obligation_unsupported")
            #expect(decision.reason?.message == "this route needs bearer, limits, which this gateway does not enforce")
            #expect(decision.shadowedDenials.isEmpty)
            #expect(decision.errorOverridden == nil)
        }
        #expect(
            standard.decide(method: "GET", path: "/keyed", facts: T.apiKey()).reason?.message
                == "this route needs fraud, which this gateway does not enforce")
    }

    @Test func decideTakesAResolvedRoute() throws {
        guard case .matched(let route) = set.resolve(method: "GET", path: "/accounts/ACC-9") else {
            Issue.record("expected a match")
            return
        }
        let decision = set.decide(route, facts: T.apiKey(["accounts:read", "balances:read"]))
        #expect(decision.isAllowed)
        #expect(decision.parameters["AccountId"] == "ACC-9")
    }

    @Test func aRouteFromAnotherSetIsResolvedAgain() throws {
        let other = try T.compile(T.policy(rules: [T.allow("elsewhere", "GET", "/x"), T.allow("also", "GET", "/accounts/{Id}")]))
        guard case .matched(let foreign) = other.resolve(method: "GET", path: "/accounts/ACC-1") else {
            Issue.record("expected a match")
            return
        }
        let decision = set.decide(foreign, facts: T.apiKey(["accounts:read", "balances:read"]))
        #expect(decision.rule?.id == "read")
        #expect(decision.isAllowed)
    }
}
