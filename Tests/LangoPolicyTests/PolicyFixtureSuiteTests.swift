import LangoJSON
import LangoPolicy
import Testing

@Suite struct PolicyFixtureSuiteTests {
    private typealias T = TestSupport

    private let set: PolicySet

    init() throws {
        set = try T.compile(
            T.policy(rules: [
                T.allow("read", "GET", "/accounts/{AccountId}", auth: T.apiKeyAuth(["accounts:read"], customer: true)),
                T.deny("frozen", "GET", "/accounts/frozen", extra: ["mode": "shadow"]),
            ])
        )
    }

    private func suite(_ text: String, name: String = "policies/tests/t.json") throws(PolicyCheckFailure) -> PolicyFixtureSuite {
        try PolicyFixtureSuite.parse([PolicySource(name: name, text: text)])
    }

    private func errors(_ text: String) -> [String] {
        do {
            _ = try suite(text)
            Issue.record("expected the fixtures to be rejected")
            return []
        } catch {
            return error.diagnostics.map(\.summary)
        }
    }

    private let passing = """
        {"cases": [
          {"name": "reads an account",
           "request": {"method": "GET", "path": "/accounts/ACC-1", "customer": "C0001"},
           "credential": {"type": "api_key", "scopes": ["accounts:read"], "app": {"id": "app_copilot", "environment": "production"}},
           "expect": {"decision": "allow", "rule": "read", "status": 200, "shadowed": []}},
          {"name": "frozen account is only shadow-denied",
           "request": {"method": "GET", "path": "/accounts/frozen", "customer": "C0001"},
           "credential": {"type": "api_key", "scopes": ["accounts:read"], "app": {"id": "app_copilot", "environment": "production"}},
           "expect": {"decision": "allow", "shadowed": ["denied_by_rule"]}},
          {"name": "no credential",
           "request": {"method": "GET", "path": "/accounts/ACC-1"},
           "expect": {"decision": "deny", "rule": "read", "reason": "credential_missing", "status": 401}},
          {"name": "wrong method",
           "request": {"method": "POST", "path": "/accounts/ACC-1"},
           "expect": {"decision": "deny", "reason": "method_not_allowed", "status": 405}}
        ]}
        """

    @Test func runsPassingFixtures() throws {
        let results = try suite(passing).run(against: set)
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0.passed })
        #expect(results.allSatisfy { $0.failureMessage == nil })
        #expect(results.first?.description == "PASS policies/tests/t.json: reads an account")
        #expect(results.first?.fixture.location.description == "$.cases[0]")
        #expect(results.first?.fixture.facts.customerHeader == "C0001")
        #expect(results[2].fixture.facts.credential == .none)
        #expect(results[2].explanation.decision.reason?.code == "credential_missing")
    }

    @Test func reportsExpectedVersusActualWithTheTrace() throws {
        let text = """
            {"cases": [{"name": "expects too much",
              "request": {"method": "GET", "path": "/accounts/ACC-1", "customer": "C0001"},
              "credential": {"type": "api_key", "scopes": [], "app": {"id": "a", "environment": "sandbox"}},
              "expect": {"decision": "allow", "rule": "nope", "deny_rule": "frozen", "reason": "key_expired", "status": 200, "shadowed": ["scope_missing"]}}]}
            """
        let result = try #require(try suite(text).run(against: set).only)
        #expect(!result.passed)
        #expect(
            result.mismatches == [
                "expected decision allow, got deny",
                "expected rule nope (no rule has that id), got read",
                "expected deny rule frozen, got none",
                "expected reason key_expired, got scope_missing",
                "expected status 200, got 403",
                "expected shadowed [scope_missing], got []",
            ])
        let message = try #require(result.failureMessage)
        #expect(message.hasPrefix("  expected decision allow, got deny\n"))
        #expect(message.contains("  trace:\n    GET /accounts/ACC-1\n      [pass] route: matched read"))
        #expect(message.hasSuffix("    => deny 403 scope_missing: the credential lacks scope accounts:read (rule read, enforce)"))
        #expect(result.description.hasPrefix("FAIL policies/tests/t.json: expects too much\n  expected decision allow"))
    }

    @Test func fixtureFilesAreCheckedLikePolicies() {
        #expect(errors(#"{"cases": []}"#) == [#"$.cases: "cases" must list at least one case"#])
        #expect(
            errors(#"{"case": []}"#) == [
                #"$.case: unknown field "case" (hint: did you mean "cases"?)"#, #"$.cases: missing required field "cases""#,
            ])
        #expect(
            errors(
                #"{"cases": [{"name": "", "request": {"method": "GET"}, "expect": {"decision": "permit", "reason": "scope_mising", "shadowed": ["no_rout"], "status": 99}}]}"#
            ) == [
                #"$.cases[0].name: "name" cannot be empty"#,
                #"$.cases[0].request.path: missing required field "path""#,
                #"$.cases[0].expect.decision: invalid decision "permit" (hint: expected one of: allow, deny)"#,
                #"$.cases[0].expect.reason: unknown reason code "scope_mising" (hint: did you mean "scope_missing"?)"#,
                #"$.cases[0].expect.shadowed[0]: unknown reason code "no_rout" (hint: did you mean "no_route"?)"#,
                #"$.cases[0].expect.status: "status" must be between 100 and 599, found 99"#,
            ]
        )
        #expect(
            errors(
                #"{"cases": [{"name": "x", "request": {"method": "GET", "path": "/"}, "credential": {"type": "token"}, "expect": {"decision": "allow"}}]}"#
            )
                == [
                    #"$.cases[0].credential.type: invalid type "token" (hint: expected one of: none, unavailable, api_key, bearer)"#
                ]
        )
        #expect(
            errors(
                #"{"cases": [{"name": "x", "request": {"method": "GET", "path": "/"}, "expect": {"decision": "allow"}}, {"name": "x", "request": {"method": "GET", "path": "/"}, "expect": {"decision": "deny"}}]}"#
            )
                == [#"$.cases[1].name: duplicate case name "x": first used at $.cases[0]"#]
        )
        #expect(
            errors(#"{"cases": [{"name": "x", "request": {"method": "GET", "path": "/"}}]}"#) == [
                #"$.cases[0].expect: missing required field "expect""#
            ])
    }

    @Test func collectsErrorsFromEveryFileInNameOrder() {
        do {
            _ = try PolicyFixtureSuite.parse([
                PolicySource(name: "policies/tests/b.json", text: "{"),
                PolicySource(name: "policies/tests/a.json", text: #"{"cases": 1}"#),
            ])
            Issue.record("expected a failure")
        } catch {
            #expect(error.diagnostics.map(\.file) == ["policies/tests/a.json", "policies/tests/b.json"])
        }
        #expect(throws: PolicyCheckFailure.self) { try PolicyFixtureSuite.parse([]) }
    }

    @Test func fixturesFromSeveralFilesRunInNameOrder() throws {
        let one =
            #"{"cases": [{"name": "second file", "request": {"method": "GET", "path": "/x"}, "expect": {"decision": "deny", "reason": "no_route"}}]}"#
        let suite = try PolicyFixtureSuite.parse([
            PolicySource(name: "policies/tests/z.json", text: one), PolicySource(name: "policies/tests/a.json", text: passing),
        ])
        #expect(suite.fixtures.map(\.file) == Array(repeating: "policies/tests/a.json", count: 4) + ["policies/tests/z.json"])
        #expect(suite.run(against: set).allSatisfy { $0.passed })
    }
}
