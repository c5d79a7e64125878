import LangoJSON
import LangoPolicy
import Testing

/// Step 8: an allowed decision meets its fraud hook's outcome, in the gateway
/// (`Decision.assessed`), in explanations and in fixtures.
@Suite struct FraudStepTests {
    private typealias T = TestSupport

    private let set: PolicySet

    init() throws {
        func fraud(_ fail: String) -> JSONValue {
            ["hook": "risk-score", "timeout_ms": 300, "fail": .string(fail), "step_up_at": 50, "deny_at": 80]
        }
        let auth = T.apiKeyAuth(["accounts:read"], customer: true)
        set = try T.compile(
            T.policy(
                "payments",
                rules: [
                    T.allow("pay", "POST", "/pay", auth: auth, extra: ["fraud": fraud("closed")]),
                    T.allow("pay-open", "POST", "/pay-open", auth: auth, extra: ["fraud": fraud("open")]),
                    T.allow("pay-shadow", "POST", "/pay-shadow", auth: auth, extra: ["fraud": fraud("closed"), "mode": "shadow"]),
                    T.allow("plain", "GET", "/plain", auth: auth),
                ]))
    }

    private func decide(_ path: String, _ outcome: FraudOutcome, facts: RequestFacts = T.apiKey(["accounts:read"])) -> Decision {
        set.decide(method: path == "/plain" ? "GET" : "POST", path: path, facts: facts).assessed(outcome)
    }

    @Test func theVerdictAllowsStepsUpOrDenies() {
        let allowed = decide("/pay", .scored(score: 49, reasons: ["amount_band_1"]))
        #expect(allowed.isAllowed)
        #expect(allowed.customerID == "C0001")
        #expect(allowed.fraud?.action == .allow)
        #expect(allowed.fraud?.score == 49)
        let stepUp = decide("/pay", .scored(score: 50, reasons: []))
        #expect(stepUp.outcome == .deny)
        #expect(stepUp.status == 403)
        #expect(stepUp.reason?.code == "fraud_step_up_required")
        #expect(stepUp.rule?.id == "pay")
        #expect(stepUp.app?.id == "app_copilot")
        #expect(stepUp.fraud?.action == .stepUp)
        let denied = decide("/pay", .scored(score: 80, reasons: []))
        #expect(denied.reason?.code == "fraud_denied")
        #expect(denied.fraud?.score == 80)
    }

    @Test func aHookWithoutAnAnswerMeetsTheFailMode() {
        for outcome: FraudOutcome in [.timedOut, .failed("refused")] {
            let closed = decide("/pay", outcome)
            #expect(closed.outcome == .deny)
            #expect(closed.status == 503)
            #expect(closed.reason?.code == "fraud_unavailable")
            #expect(closed.fraud?.failModeApplied == true)
            let open = decide("/pay-open", outcome)
            #expect(open.isAllowed)
            #expect(open.reason == nil)
            #expect(open.shadowedDenials.isEmpty)
            #expect(open.fraud?.failModeApplied == true)
            #expect(open.fraud?.action == .allow)
        }
    }

    @Test func shadowModeRecordsTheRefusalAndLetsTheRequestThrough() {
        for (outcome, code) in [(FraudOutcome.scored(score: 90, reasons: []), "fraud_denied"), (.scored(score: 60, reasons: []), "fraud_step_up_required"), (.timedOut, "fraud_unavailable")] {
            let decision = decide("/pay-shadow", outcome)
            #expect(decision.isAllowed)
            #expect(decision.shadowedDenials.map(\.code) == [code])
            #expect(decision.fraud?.reason?.code == code)
        }
        // Denials shadowed earlier stay, the fraud step's comes after them.
        let both = decide("/pay-shadow", .scored(score: 90, reasons: []), facts: T.apiKey([]))
        #expect(both.shadowedDenials.map(\.code) == ["scope_missing", "fraud_denied"])
    }

    @Test func onlyAllowedDecisionsOfFraudRulesChange() {
        let refused = decide("/pay", .scored(score: 100, reasons: []), facts: RequestFacts(credential: .none))
        #expect(refused.reason?.code == "credential_missing")
        #expect(refused.fraud == nil)
        let plain = decide("/plain", .scored(score: 100, reasons: []))
        #expect(plain.isAllowed)
        #expect(plain.fraud == nil)
        let unrouted = decide("/nowhere", .timedOut)
        #expect(unrouted.reason?.code == "no_route")
    }

    @Test func theTraceShowsTheFraudStep() {
        let facts = T.apiKey(["accounts:read"])
        let lines = { (path: String, outcome: FraudOutcome?) in
            self.set.explain(method: "POST", path: path, facts: facts, fraud: outcome).steps.filter { $0.stage == .fraud }.map(\.description)
        }
        let requirement = "hook risk-score (timeout 300 ms, fail closed, step up at 50, deny at 80)"
        #expect(
            lines("/pay", nil) == [
                "[skip] fraud: the gateway calls \(requirement); give a fraud outcome (fixture \"fraud\", explain --fraud) to see its verdict"
            ])
        #expect(lines("/pay", .scored(score: 10, reasons: ["low"])) == ["[pass] fraud: \(requirement) scored 10 (reasons: low): allow"])
        #expect(
            lines("/pay", .scored(score: 85, reasons: [])) == [
                "[deny] fraud: \(requirement) scored 85: 403 fraud_denied: the fraud check refused this request"
            ])
        #expect(
            lines("/pay", .timedOut) == [
                "[deny] fraud: \(requirement) did not answer within 300 ms: 503 fraud_unavailable: "
                    + "the fraud check could not be completed and this route does not go ahead without it; try again shortly"
            ])
        #expect(
            lines("/pay-open", .failed("refused")) == [
                "[override] fraud: hook risk-score (timeout 300 ms, fail open, step up at 50, deny at 80) failed: refused; fail open: continuing without a score"
            ])
        #expect(lines("/pay-shadow", .scored(score: 60, reasons: [])).first?.hasPrefix("[shadow] fraud: ") == true)
        #expect(lines("/pay-shadow", .scored(score: 60, reasons: [])).first?.hasSuffix("(shadow mode: not enforced)") == true)
        let plain = set.explain(method: "GET", path: "/plain", facts: facts, fraud: .timedOut)
        #expect(plain.steps.last?.description == "[skip] fraud: the rule calls no fraud hook; the fraud outcome given is not used")
        let denied = set.explain(method: "POST", path: "/pay", facts: RequestFacts(credential: .none), fraud: .timedOut)
        #expect(!denied.steps.contains { $0.stage == .fraud })
    }

    @Test func explainAndAssessAgree() {
        let outcomes: [FraudOutcome] = [.scored(score: 0, reasons: []), .scored(score: 50, reasons: []), .scored(score: 100, reasons: []), .timedOut, .failed("x")]
        for path in ["/pay", "/pay-open", "/pay-shadow"] {
            for outcome in outcomes {
                let explained = set.explain(method: "POST", path: path, facts: T.apiKey(["accounts:read"]), fraud: outcome).decision
                let assessed = decide(path, outcome)
                #expect(explained.outcome == assessed.outcome)
                #expect(explained.reason == assessed.reason)
                #expect(explained.shadowedDenials == assessed.shadowedDenials)
                #expect(explained.fraud == assessed.fraud)
            }
        }
    }

    @Test func theOutcomeIsReadFromJSON() throws {
        func parse(_ text: String) throws(PolicyCheckFailure) -> FraudOutcome {
            try FraudOutcome.parse(PolicySource(name: "--fraud", text: text))
        }
        #expect(try parse(#"{"score": 85, "reasons": ["new_creditor"]}"#) == .scored(score: 85, reasons: ["new_creditor"]))
        #expect(try parse(#"{"outcome": "scored", "score": 0}"#) == .scored(score: 0, reasons: []))
        #expect(try parse(#"{"outcome": "timeout"}"#) == .timedOut)
        #expect(try parse(#"{"outcome": "error"}"#) == .failed("the fraud hook failed"))
        #expect(try parse(#"{"outcome": "error", "reason": "HTTP 500"}"#) == .failed("HTTP 500"))
        func errors(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
            T.rejection({ () throws(PolicyCheckFailure) in try parse(text) }, sourceLocation: sourceLocation)
        }
        #expect(errors(#"{"reasons": []}"#) == [#"--fraud:$.score: error: missing required field "score""#])
        #expect(
            errors(#"{"score": 101}"#)
                == [#"--fraud:$.score: error: "score" must be between 0 and 100, found 101 (hint: scores run from 0 (no risk) to 100)"#])
        #expect(
            errors(#"{"outcome": "timeout", "score": 3, "reason": "slow"}"#) == [
                #"--fraud:$.score: error: "score" applies only to a scored outcome (hint: a hook that timed out gave no score)"#,
                #"--fraud:$.reason: error: "reason" applies only to outcome error (hint: remove it)"#,
            ])
        #expect(
            errors(#"{"outcome": "late"}"#)
                == [#"--fraud:$.outcome: error: invalid outcome "late" (hint: expected one of: scored, timeout, error)"#])
        #expect(
            errors(#"{"score": 5, "reason": "x"}"#)
                == [#"--fraud:$.reason: error: "reason" applies only to outcome error (hint: remove it, or set "outcome": "error")"#])
    }

    @Test func fixturesMockTheHookAndExpectItsVerdict() throws {
        let credential = #""credential": {"type": "api_key", "scopes": ["accounts:read"], "app": {"id": "app_copilot", "environment": "production"}}"#
        let request = #""request": {"method": "POST", "path": "/pay", "customer": "C0001"}"#
        let text = """
            {"cases": [
              {"name": "low score", \(request), \(credential), "fraud": {"score": 10},
               "expect": {"decision": "allow", "fraud": "allow"}},
              {"name": "step-up band", \(request), \(credential), "fraud": {"score": 65},
               "expect": {"decision": "deny", "reason": "fraud_step_up_required", "status": 403, "fraud": "step_up"}},
              {"name": "high score", \(request), \(credential), "fraud": {"score": 95, "reasons": ["x"]},
               "expect": {"decision": "deny", "reason": "fraud_denied", "status": 403, "fraud": "deny"}},
              {"name": "timeout, closed", \(request), \(credential), "fraud": {"outcome": "timeout"},
               "expect": {"decision": "deny", "reason": "fraud_unavailable", "status": 503, "fraud": "deny"}},
              {"name": "error, open", "request": {"method": "POST", "path": "/pay-open", "customer": "C0001"}, \(credential),
               "fraud": {"outcome": "error"}, "expect": {"decision": "allow", "fraud": "allow"}},
              {"name": "no mock", \(request), \(credential), "expect": {"decision": "allow", "fraud": "allow"}}
            ]}
            """
        let results = try PolicyFixtureSuite.parse([PolicySource(name: "policies/tests/pay.json", text: text)]).run(against: set)
        #expect(results.map(\.passed) == [true, true, true, true, true, false])
        #expect(results[0].fixture.fraud == .scored(score: 10, reasons: []))
        #expect(results.last?.mismatches == ["expected fraud verdict allow, got none (the fraud step did not run)"])
        #expect(results.last?.failureMessage?.contains("[skip] fraud: the gateway calls hook risk-score") == true)

        let bad = #"{"cases": [{"name": "x", \#(request), "fraud": {"score": "high"}, "expect": {"decision": "deny", "fraud": "block", "reason": "fraud_deny"}}]}"#
        #expect(
            T.rejection { () throws(PolicyCheckFailure) in try PolicyFixtureSuite.parse([PolicySource(name: "t.json", text: bad)]) } == [
                #"t.json:$.cases[0].fraud.score: error: expected integer, found string"#,
                #"t.json:$.cases[0].expect.reason: error: unknown reason code "fraud_deny" (hint: did you mean "fraud_denied"?)"#,
                #"t.json:$.cases[0].expect.fraud: error: invalid fraud "block" (hint: expected one of: allow, step_up, deny)"#,
            ])
    }
}
