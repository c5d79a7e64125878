import LangoJSON
import LangoPolicy
import Testing

/// Rule-level checks: every field of allow and deny rules, against the vocabulary.
@Suite struct RuleParserTests {
    private typealias T = TestSupport

    /// The errors of a one-rule policy, as "path: message (hint)" lines.
    private func errors(_ rule: JSONValue, vocabulary: PolicyVocabulary = TestSupport.vocabulary) -> [String] {
        documentErrors(T.policy(rules: [rule]), vocabulary: vocabulary)
    }

    private func documentErrors(_ document: JSONValue, vocabulary: PolicyVocabulary = TestSupport.vocabulary) -> [String] {
        T.failure(document, vocabulary: vocabulary).filter { $0.severity == .error }.map(\.summary)
    }

    private func allow(_ extra: JSONObject, auth: JSONValue = ["type": "none"], path: String = "/accounts/{AccountId}")
        -> JSONValue
    {
        T.allow("r", "GET", path, auth: auth, extra: extra)
    }

    @Test func aRuleMustBeAnObjectWithItsRequiredFields() {
        #expect(errors("rule") == ["$.rules[0]: expected object, found string"])
        #expect(
            errors(["description": "nothing else"]) == [
                #"$.rules[0].id: missing required field "id""#,
                #"$.rules[0].match: missing required field "match""#,
                #"$.rules[0].auth: missing required field "auth""#,
                #"$.rules[0].upstream: missing required field "upstream""#,
            ]
        )
        #expect(
            errors([
                "id": "r", "match": ["path": "/a"], "auth": ["type": "none"],
                "upstream": ["adapter": "core", "operation": "accounts"],
            ])
                == [#"$.rules[0].match.method: missing required field "method""#]
        )
    }

    @Test func ruleIdsFollowTheNamingRule() {
        #expect(
            errors(T.allow("Accounts.List", "GET", "/a")) == [
                #"$.rules[0].id: invalid rule id "Accounts.List" (hint: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit)"#
            ])
        #expect(errors(T.allow("-x", "GET", "/a")).count == 1)
    }

    @Test func unknownRuleFieldsGetAHint() {
        #expect(
            errors(allow(["upstreem": ["adapter": "core"]])) == [
                #"$.rules[0].upstreem: unknown field "upstreem" (hint: did you mean "upstream"?)"#
            ])
    }

    @Test func effectIsAllowOrDeny() {
        #expect(errors(allow(["effect": "alow"])) == [#"$.rules[0].effect: invalid effect "alow" (hint: did you mean "allow"?)"#])
    }

    @Test func methodsAreUppercaseNamedMethodsOrStar() {
        func methodErrors(_ method: JSONValue) -> [String] { errors(T.allow("r", method, "/a")) }
        #expect(methodErrors("get") == [#"$.rules[0].match.method: unknown method "get" (hint: did you mean "GET"?)"#])
        #expect(
            methodErrors("FETCH") == [
                #"$.rules[0].match.method: unknown method "FETCH" (hint: expected one of: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, or "*")"#
            ])
        #expect(
            methodErrors(["GET", "*"]) == [
                #"$.rules[0].match.method[1]: "*" cannot be listed with other methods (hint: write "method": "*")"#
            ])
        #expect(methodErrors([]) == [#"$.rules[0].match.method: "method" must list at least one value"#])
        #expect(methodErrors(["GET", "GET"]) == [#"$.rules[0].match.method[1]: "GET" is listed more than once"#])
        #expect(methodErrors(["GET", 1]) == ["$.rules[0].match.method[1]: expected string, found integer"])
        #expect(methodErrors(7) == ["$.rules[0].match.method: expected string or array, found integer"])
    }

    @Test func pathTemplatesAreValidated() {
        #expect(errors(T.allow("r", "GET", "/a/{Id}/{Id}")) == [#"$.rules[0].match.path: parameter "Id" appears more than once"#])
        #expect(
            errors(T.allow("r", "GET", "/a/")) == [
                #"$.rules[0].match.path: path template has an empty segment (hint: remove the trailing "/")"#
            ])
        #expect(errors(T.allow("r", "GET", "/a?x")) == ["$.rules[0].match.path: path template must not contain a query string"])
        #expect(
            errors(T.allow("r", "GET", "/a/{*rest}/b")) == [
                "$.rules[0].match.path: a catch-all parameter must be the last segment"
            ])
        #expect(errors(T.allow("r", "GET", "/a/{9}")).first?.contains("invalid parameter name") == true)
    }

    @Test func denyFieldsOnAllowRulesAreErrors() {
        #expect(
            errors(allow(["when": ["environments": ["production"]], "deny": ["status": 403]])) == [
                #"$.rules[0].when: "when" applies only to deny rules (hint: add "effect": "deny" to make this a deny rule, or remove the field)"#,
                #"$.rules[0].deny: "deny" applies only to deny rules (hint: add "effect": "deny" to make this a deny rule, or remove the field)"#,
            ]
        )
    }

    @Test func allowFieldsOnDenyRulesAreErrors() {
        let rule = T.deny(
            "d", "GET", "/a",
            extra: [
                "auth": ["type": "none"], "upstream": ["adapter": "core", "operation": "accounts"], "on_error": "allow",
                "limits": ["cost": 1], "consent": nil,
            ]
        )
        let hint = " (hint: deny rules take only id, description, effect, match, mode, when and deny)"
        #expect(
            documentErrors(T.policy(rules: [T.allow("a", "GET", "/a"), rule])) == [
                #"$.rules[1].on_error: a deny rule cannot have "on_error""# + hint,
                #"$.rules[1].auth: a deny rule cannot have "auth""# + hint,
                #"$.rules[1].limits: a deny rule cannot have "limits""# + hint,
                #"$.rules[1].upstream: a deny rule cannot have "upstream""# + hint,
            ]
        )
    }

    @Test func authTypesAndTheirFields() {
        #expect(
            errors(allow([:], auth: ["type": "oauth"])) == [
                #"$.rules[0].auth.type: invalid type "oauth" (hint: expected one of: none, api_key, bearer)"#
            ])
        #expect(
            errors(allow([:], auth: ["type": "none", "scopes": []])) == [
                #"$.rules[0].auth.scopes: "scopes" does not apply to auth type "none" (hint: auth type "none" takes type)"#
            ])
        #expect(
            errors(allow([:], auth: ["type": "api_key", "scopes": [], "grant": "any"])) == [
                #"$.rules[0].auth.grant: "grant" does not apply to auth type "api_key" (hint: auth type "api_key" takes type, scopes, environments, customer)"#
            ])
        #expect(errors(allow([:], auth: ["type": "api_key"])) == [#"$.rules[0].auth.scopes: missing required field "scopes""#])
        #expect(
            errors(allow([:], auth: ["type": "bearer", "scopes": []])) == [
                #"$.rules[0].auth.grant: missing required field "grant""#
            ])
        #expect(
            errors(allow([:], auth: ["type": "bearer", "scopes": [], "grant": "implicit"])) == [
                #"$.rules[0].auth.grant: invalid grant "implicit" (hint: expected one of: authorization_code, client_credentials, any)"#
            ])
        #expect(
            errors(allow([:], auth: ["type": "api_key", "scopes": [], "customer": "optional"])) == [
                #"$.rules[0].auth.customer: invalid customer "optional" (hint: expected one of: required, none)"#
            ])
        #expect(
            errors(allow([:], auth: ["type": "api_key", "scopes": [], "environments": ["prod", "sandbox"]])) == [
                #"$.rules[0].auth.environments[0]: invalid environment "prod" (hint: expected one of: sandbox, production)"#
            ])
        #expect(
            errors(allow([:], auth: ["type": "api_key", "scopes": [], "environments": []])) == [
                #"$.rules[0].auth.environments: "environments" must list at least one value"#
            ])
        #expect(errors(allow([:], auth: "none")) == ["$.rules[0].auth: expected object, found string"])
    }

    @Test func unknownScopesGetAHint() {
        #expect(
            errors(allow([:], auth: ["type": "api_key", "scopes": ["balances:read", "balance:read"]])) == [
                #"$.rules[0].auth.scopes[1]: unknown scope "balance:read" (hint: did you mean "balances:read"?)"#
            ])
    }

    @Test func consentIsChecked() {
        #expect(
            errors(allow(["consent": ["kind": "account-access", "permissions": ["ReadBalance"]]])) == [
                #"$.rules[0].consent.permissions[0]: invalid permission "ReadBalance" (hint: did you mean "ReadBalances"?)"#
            ])
        #expect(
            errors(allow(["consent": ["kind": "account-access"]])) == [
                #"$.rules[0].consent.permissions: missing required field "permissions""#
            ])
        #expect(
            errors(allow(["consent": ["kind": "account-access", "permissions": []]])) == [
                #"$.rules[0].consent.permissions: "permissions" must list at least one value"#
            ])
        #expect(
            errors(allow(["consent": ["kind": "payment", "permissions": ["ReadBalances"]]])) == [
                #"$.rules[0].consent.permissions: payment consents have no "permissions" (hint: remove permissions, or use kind account-access)"#
            ])
        #expect(
            errors(allow(["consent": ["kind": "payments"]])) == [
                #"$.rules[0].consent.kind: invalid kind "payments" (hint: did you mean "payment"?)"#
            ])
        #expect(
            errors(allow(["consent": ["kind": "account-access", "permissions": ["ReadBalances"], "account": "{AcountId}"]])) == [
                #"$.rules[0].consent.account: "{AcountId}" is not a parameter of match.path "/accounts/{AccountId}" (hint: did you mean "AccountId"?)"#
            ])
        #expect(
            errors(allow(["consent": ["kind": "account-access", "permissions": ["ReadBalances"], "account": "AccountId"]])) == [
                #"$.rules[0].consent.account: consent account must name a path parameter in braces (hint: write it as in "{AccountId}")"#
            ])
        #expect(
            errors(
                allow(
                    ["consent": ["kind": "account-access", "permissions": ["ReadBalances"], "account": "{rest}"]],
                    path: "/files/{*rest}"))
                == [
                    #"$.rules[0].consent.account: "{rest}" is not a parameter of match.path "/files/{*rest}" (hint: match.path has no single-segment parameter)"#
                ]
        )
    }

    @Test func fraudLimitsIdempotencyAndBodyRanges() {
        #expect(
            errors(allow(["fraud": ["hook": "risk-scor", "timeout_ms": 0, "fail": "maybe", "step_up_at": 50, "deny_at": 80]])) == [
                #"$.rules[0].fraud.hook: unknown fraud hook "risk-scor" (hint: did you mean "risk-score"?)"#,
                #"$.rules[0].fraud.timeout_ms: "timeout_ms" must be between 1 and 10000, found 0"#,
                #"$.rules[0].fraud.fail: invalid fail "maybe" (hint: expected one of: open, closed)"#,
            ])
        #expect(
            errors(allow(["fraud": ["hook": "risk-score", "timeout_ms": 100, "fail": "open", "step_up_at": 50, "deny_at": 80]]), vocabulary: .standard) == [
                #"$.rules[0].fraud.hook: unknown fraud hook "risk-score" (hint: this gateway has no fraud hooks)"#
            ])
        #expect(
            errors(allow(["limits": ["cost": 1001]])) == [
                #"$.rules[0].limits.cost: "cost" must be between 0 and 1000, found 1001"#
            ])
        #expect(errors(allow(["limits": [:]])) == [#"$.rules[0].limits.cost: missing required field "cost""#])
        #expect(
            errors(allow(["idempotency": ["ttl_hours": 169]])) == [
                #"$.rules[0].idempotency.ttl_hours: "ttl_hours" must be between 1 and 168, found 169"#
            ])
        #expect(
            errors(allow(["body": ["max_bytes": 0]])) == [
                #"$.rules[0].body.max_bytes: "max_bytes" must be between 1 and 10485760, found 0"#
            ])
        #expect(
            errors(allow(["body": ["max_byte": 10]])).first
                == #"$.rules[0].body.max_byte: unknown field "max_byte" (hint: did you mean "max_bytes"?)"#)
    }

    @Test func upstreamAdaptersOperationsAndRewrites() {
        func upstream(_ value: JSONValue) -> JSONValue { allow(["upstream": value]) }
        #expect(
            errors(upstream(["adapter": "cor", "operation": "accounts"])) == [
                #"$.rules[0].upstream.adapter: unknown adapter "cor" (hint: did you mean "core"?)"#
            ])
        #expect(
            errors(upstream(["adapter": "core", "operation": "balance"])) == [
                #"$.rules[0].upstream.operation: adapter "core" has no operation "balance" (hint: did you mean "balances"?)"#
            ])
        #expect(
            errors(upstream(["adapter": "core", "operation": "accounts", "timeout_ms": 120_001])) == [
                #"$.rules[0].upstream.timeout_ms: "timeout_ms" must be between 1 and 120000, found 120001"#
            ])
        #expect(
            errors(upstream(["adapter": "core", "operation": "accounts", "path": "/v2/accounts/{AccountId}"])) == [
                #"$.rules[0].upstream.path: adapter "core" does not allow path rewriting (hint: remove upstream.path; this adapter routes by operation)"#
            ])
        #expect(
            errors(upstream(["adapter": "proxy", "operation": "forward", "path": "/v2/{AcountId}"])) == [
                #"$.rules[0].upstream.path: upstream.path uses "{AcountId}", which is not a parameter of match.path "/accounts/{AccountId}" (hint: did you mean "AccountId"?)"#
            ])
        #expect(
            errors(upstream(["adapter": "proxy", "operation": "forward", "path": "v2"])) == [
                #"$.rules[0].upstream.path: path template must start with "/""#
            ])
        #expect(
            errors(upstream(["operation": "accounts"])) == [#"$.rules[0].upstream.adapter: missing required field "adapter""#])
    }

    @Test func denyRuleConditionsAndAnswers() {
        func denyErrors(_ extra: JSONObject) -> [String] {
            documentErrors(T.policy(rules: [T.allow("a", "GET", "/a"), T.deny("d", "GET", "/a", extra: extra)]))
        }
        #expect(
            denyErrors(["when": [:]]) == [
                #"$.rules[1].when: "when" must list at least one condition (hint: give environments or apps, or remove when to deny every caller)"#
            ])
        #expect(
            denyErrors(["when": ["environments": ["staging"]]]) == [
                #"$.rules[1].when.environments[0]: invalid environment "staging" (hint: expected one of: sandbox, production)"#
            ])
        #expect(denyErrors(["when": ["apps": []]]) == [#"$.rules[1].when.apps: "apps" must list at least one value"#])
        #expect(denyErrors(["when": ["apps": [""]]]) == ["$.rules[1].when.apps[0]: an app id cannot be empty"])
        #expect(
            denyErrors(["deny": ["status": 400]]) == [
                "$.rules[1].deny.status: deny status must be one of 403, 404, 410, 451, 503, found 400"
            ])
        #expect(
            denyErrors(["deny": ["message": ""]]) == [
                "$.rules[1].deny.message: deny message cannot be empty (hint: remove it to use the default message)"
            ])
        #expect(denyErrors(["deny": ["reason": "x"]]).first?.contains(#"unknown field "reason""#) == true)
    }

    @Test func aCompleteAllowRuleCompilesWithEveryField() throws {
        let rule = T.allow(
            "aisp.transactions.read", "GET", "/aisp/accounts/{AccountId}/transactions",
            auth: [
                "type": "bearer", "grant": "authorization_code", "scopes": ["accounts"], "environments": ["production"],
                "customer": "required",
            ],
            extra: [
                "description": "Transactions", "mode": "shadow", "on_error": "allow", "product": "accounts",
                "consent": [
                    "kind": "account-access", "permissions": ["ReadTransactionsBasic", "ReadTransactionsDetail"],
                    "account": "{AccountId}",
                ],
                "fraud": ["hook": "risk-score", "timeout_ms": 250, "fail": "closed", "step_up_at": 40, "deny_at": 90], "limits": ["cost": 2],
                "idempotency": ["ttl_hours": 24], "body": ["max_bytes": 1024],
                "upstream": ["adapter": "proxy", "operation": "forward", "timeout_ms": 800, "path": "/core/{AccountId}/tx"],
            ]
        )
        let set = try T.compile(T.policy("aisp", rules: [rule]))
        let compiled = try #require(set.rule(id: "aisp.transactions.read"))
        #expect(compiled.policyID == "aisp")
        #expect(compiled.file == "policies/p0.json")
        #expect(compiled.location.description == "$.rules[0]")
        #expect(compiled.description == "Transactions")
        #expect(compiled.effect == .allow)
        #expect(compiled.methods.names == ["GET"])
        #expect(compiled.pathTemplate == "/aisp/accounts/{AccountId}/transactions")
        #expect(compiled.pathParameterNames == ["AccountId"])
        #expect(compiled.mode == .shadow)
        #expect(compiled.onError == .allow)
        #expect(compiled.auth?.kind == .bearer(grant: .authorizationCode))
        #expect(compiled.auth?.typeName == "bearer")
        #expect(compiled.auth?.scopes == ["accounts"])
        #expect(compiled.auth?.environments == [.production])
        #expect(compiled.auth?.customerRequired == true)
        #expect(compiled.consent?.kind == .accountAccess)
        #expect(compiled.consent?.permissions == [.readTransactionsBasic, .readTransactionsDetail])
        #expect(compiled.consent?.accountParameter == "AccountId")
        #expect(compiled.fraud?.hook == "risk-score")
        #expect(compiled.fraud?.timeoutMilliseconds == 250)
        #expect(compiled.fraud?.failMode == .closed)
        #expect(compiled.fraud?.stepUpAt == 40)
        #expect(compiled.fraud?.denyAt == 90)
        #expect(compiled.limits?.cost == 2)
        #expect(compiled.limits?.whenUnavailable == .local)
        #expect(compiled.product == "accounts")
        #expect(compiled.idempotency?.ttlHours == 24)
        #expect(compiled.maxBodyBytes == 1024)
        #expect(compiled.upstream?.adapter == "proxy")
        #expect(compiled.upstream?.operation == "forward")
        #expect(compiled.upstream?.timeoutMilliseconds == 800)
        #expect(compiled.upstream?.pathTemplate == "/core/{AccountId}/tx")
        #expect(compiled.obligations == Set(Obligation.allCases))
        #expect(compiled.deny == nil)
        #expect(compiled.conditions == nil)
        #expect(compiled.label == "aisp.transactions.read (GET /aisp/accounts/{AccountId}/transactions)")
    }

    @Test func defaultsApplyWhenFieldsAreLeftOut() throws {
        let set = try T.compile(
            T.policy(
                defaults: ["mode": "enforce", "on_error": "deny"],
                rules: [
                    T.allow("a", "GET", "/a", auth: ["type": "api_key", "scopes": []]),
                    T.deny("d", "*", "/a"),
                ]
            )
        )
        let allow = try #require(set.rule(id: "a"))
        #expect(allow.auth?.environments == [.sandbox, .production])
        #expect(allow.auth?.customerRequired == false)
        #expect(allow.upstream?.timeoutMilliseconds == 5000)
        #expect(allow.upstream?.pathTemplate == nil)
        #expect(allow.mode == .enforce)
        #expect(allow.onError == .deny)
        #expect(allow.obligations.isEmpty)
        #expect(
            allow.consent == nil && allow.fraud == nil && allow.limits == nil && allow.idempotency == nil
                && allow.maxBodyBytes == nil)
        let deny = try #require(set.rule(id: "d"))
        #expect(deny.effect == .deny)
        #expect(deny.deny?.status == 403)
        #expect(deny.deny?.message == nil)
        #expect(deny.conditions == nil)
        #expect(deny.auth == nil && deny.upstream == nil)
        #expect(deny.methods == .any)
    }

    @Test func nullMeansAbsent() throws {
        let set = try T.compile(
            T.policy(rules: [T.allow("a", "GET", "/a", extra: ["consent": nil, "fraud": nil, "description": nil])]))
        #expect(set.rule(id: "a")?.consent == nil)
        #expect(set.rule(id: "a")?.obligations.isEmpty == true)
    }

    @Test func warnsAboutRulesThatFailOpen() throws {
        let set = try T.compile(
            T.policy(
                defaults: ["mode": "shadow"],
                rules: [
                    T.allow("keyed", "GET", "/a", auth: T.apiKeyAuth()),
                    T.allow("open", "GET", "/b"),
                    T.allow("lenient", "GET", "/c", auth: T.apiKeyAuth(), extra: ["mode": "enforce", "on_error": "allow"]),
                ]
            )
        )
        #expect(
            set.warnings.map(\.summary) == [
                #"$.defaults.mode: rule "keyed" runs in shadow mode: authentication and authorization failures are only recorded, so it fails open (hint: set "mode": "enforce" once its shadow decisions look right)"#,
                #"$.rules[2].on_error: rule "lenient" has on_error allow: when credentials cannot be checked, requests go through unauthenticated (fails open) (hint: use on_error deny unless availability matters more than access control here)"#,
            ]
        )
        #expect(set.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func warnsAboutObligationsTheGatewayDoesNotEnforce() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow(
                    "pay", "POST", "/pay", auth: ["type": "bearer", "grant": "any", "scopes": ["payments"]],
                    extra: ["consent": ["kind": "payment"], "idempotency": ["ttl_hours": 24]]
                )
            ]),
            vocabulary: T.standard(without: .idempotency)
        )
        #expect(
            set.warnings.map(\.summary) == [
                #"$.rules[0]: rule "pay" needs idempotency, which this gateway does not enforce: requests to this rule are refused with 501 by this gateway (hint: remove the requirement, or run it on a gateway that enforces it)"#
            ])
    }

    @Test func warnsAboutDenyRulesThatCoverNoAllowRoute() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow("a", "GET", "/a/{x}"), T.deny("never", "POST", "/a/b"), T.deny("elsewhere", "*", "/b/{*rest}"),
                T.deny("hit", "GET", "/a/b"),
            ])
        )
        #expect(set.warnings.map(\.pathText) == ["$.rules[1].match", "$.rules[2].match"])
        #expect(set.warnings.first?.message == #"deny rule "never" matches no allow route, so it never applies"#)
    }
}
