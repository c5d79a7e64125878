import LangoJSON
import LangoPolicy
import Testing

/// The on-demand trace: same decision as the hot path, with one step per evaluation stage.
@Suite struct ExplanationTests {
    private typealias T = TestSupport

    private let set: PolicySet

    init() throws {
        set = try T.compile(
            T.policy(
                "internal",
                rules: [
                    T.allow(
                        "balances", "GET", "/accounts/{AccountId}/balances", auth: T.apiKeyAuth(["balances:read"], customer: true)
                    ),
                    T.allow("shadowed", "GET", "/shadow", auth: T.apiKeyAuth(["balances:read"]), extra: ["mode": "shadow"]),
                    T.deny("prod-block", "*", "/accounts/{AccountId}/balances", extra: ["when": ["environments": ["sandbox"]]]),
                ]
            )
        )
    }

    @Test func traceOfAnAllowedRequest() {
        let explanation = set.explain(method: "GET", path: "/accounts/ACC-1/balances", facts: T.apiKey(["balances:read"]))
        #expect(explanation.decision.isAllowed)
        #expect(
            explanation.steps.map(\.stage) == [.route, .obligations, .authentication, .denyRules, .authorization, .customer, .consent])
        #expect(explanation.steps.map(\.verdict) == [.passed, .passed, .passed, .passed, .passed, .passed, .skipped])
        #expect(
            explanation.description == """
                GET /accounts/ACC-1/balances
                  [pass] route: matched balances (GET /accounts/{AccountId}/balances) in policies/p0.json; parameters: AccountId=ACC-1
                  [pass] obligations: none needed
                  [pass] authentication: an API key of app app_copilot (active, production)
                  [pass] deny rules: prod-block does not apply: app app_copilot (production) is not covered by its conditions
                  [pass] authorization: app active, production admitted, scopes balances:read granted
                  [pass] customer: acts for customer C0001 (from header x-lango-customer-id)
                  [skip] consent: the rule needs no consent
                => allow 200 (rule balances, enforce)
                """
        )
    }

    @Test func traceStopsAtTheDenyingStep() {
        let explanation = set.explain(method: "GET", path: "/accounts/ACC-1/balances", facts: T.apiKey([]))
        #expect(
            explanation.steps.last?.description
                == "[deny] authorization: 403 scope_missing: the credential lacks scope balances:read")
        #expect(
            explanation.description.hasSuffix(
                "=> deny 403 scope_missing: the credential lacks scope balances:read (rule balances, enforce)"))
        let denied = set.explain(method: "GET", path: "/accounts/ACC-1/balances", facts: T.apiKey(app: T.sandboxApp))
        #expect(denied.steps.last?.stage == .denyRules)
        #expect(denied.steps.last?.message == "prod-block applies: 403 denied_by_rule: denied by rule prod-block")
    }

    @Test func traceOfUnroutedRequests() {
        let notFound = set.explain(method: "GET", path: "/nope", facts: T.apiKey())
        #expect(notFound.steps.map(\.description) == ["[deny] route: 404 no_route: no route matches GET /nope"])
        #expect(
            notFound.description
                == "GET /nope\n  [deny] route: 404 no_route: no route matches GET /nope\n=> deny 404 no_route: no route matches GET /nope"
        )
        let wrongMethod = set.explain(method: "PUT", path: "/shadow", facts: T.apiKey())
        #expect(wrongMethod.steps.first?.message == "405 method_not_allowed: PUT is not allowed on this path (allowed: GET)")
    }

    @Test func traceShowsShadowedDenialsAndSkippedSteps() {
        let explanation = set.explain(method: "GET", path: "/shadow", facts: RequestFacts(credential: .none))
        #expect(explanation.decision.isAllowed)
        #expect(explanation.steps.map(\.verdict) == [.passed, .passed, .shadowed, .skipped, .skipped, .skipped, .skipped])
        #expect(
            explanation.steps[2].description
                == "[shadow] authentication: 401 credential_missing: this route needs an API key, but the request presented no credential (shadow mode: not enforced)"
        )
        #expect(explanation.steps[3].message == "no deny rule covers this route")
        #expect(explanation.steps[4].message == "no authenticated caller")
        #expect(explanation.steps[5].message == "the rule does not act for a customer")
        #expect(explanation.description.hasSuffix("=> allow 200 (rule shadowed, shadow); shadowed: credential_missing"))
    }

    @Test func traceShowsOverriddenErrorsAndUnenforcedObligations() throws {
        let lenient = try T.compile(
            T.policy(rules: [
                T.allow("lenient", "GET", "/l", auth: T.apiKeyAuth(), extra: ["on_error": "allow"]),
                T.allow("limited", "GET", "/m", extra: ["idempotency": ["ttl_hours": 24]]),
            ]),
            vocabulary: T.standard(without: .idempotency)
        )
        let overridden = lenient.explain(method: "GET", path: "/l", facts: RequestFacts(credential: .unavailable("store down")))
        #expect(overridden.steps[2].stage == .authentication)
        #expect(overridden.steps[2].verdict == .overridden)
        #expect(
            overridden.steps[2].message
                == "503 evaluation_error: the credential could not be checked: store down; on_error allow: continuing without an authenticated caller"
        )
        #expect(overridden.description.hasSuffix("; error overridden: evaluation_error"))
        let unenforced = lenient.explain(method: "GET", path: "/m", facts: RequestFacts(credential: .none))
        #expect(
            unenforced.steps.last?.description
                == "[deny] obligations: 501 obligation_unsupported: this route needs idempotency, which this gateway does not enforce (fails closed in every mode)"
        )
    }

    @Test func explainAndDecideAgree() {
        let requests: [(String, String, RequestFacts)] = [
            ("GET", "/accounts/A/balances", T.apiKey(["balances:read"])),
            ("GET", "/accounts/A/balances", T.apiKey(["balances:read"], customer: nil)),
            ("GET", "/accounts/A/balances", T.apiKey(["balances:read"], app: T.sandboxApp)),
            ("GET", "/accounts/A/balances", T.apiKey(status: .expired)),
            ("GET", "/shadow", T.apiKey(status: .revoked)),
            ("POST", "/shadow", T.apiKey()),
            ("GET", "/x", T.apiKey()),
        ]
        for (method, path, facts) in requests {
            let decided = set.decide(method: method, path: path, facts: facts)
            let explained = set.explain(method: method, path: path, facts: facts).decision
            #expect(decided.outcome == explained.outcome)
            #expect(decided.reason == explained.reason)
            #expect(decided.shadowedDenials == explained.shadowedDenials)
            #expect(decided.rule?.id == explained.rule?.id)
            #expect(decided.customerID == explained.customerID)
        }
    }
}
