import LangoJSON
import LangoPolicy
import Testing

/// The `fraud` block of a rule, and the verdict its thresholds and fail mode give.
@Suite struct FraudRequirementTests {
    private typealias T = TestSupport

    private static func rule(_ fraud: JSONValue) -> JSONValue {
        T.allow("pay", "POST", "/payments", auth: T.apiKeyAuth(customer: true), extra: ["fraud": fraud])
    }

    private func compiled(_ fraud: JSONValue) throws -> FraudRequirement? {
        try T.compile(T.policy(rules: [Self.rule(fraud)])).rule(id: "pay")?.fraud
    }

    private func errors(_ fraud: JSONValue) -> [String] {
        T.failure(T.policy(rules: [Self.rule(fraud)])).filter { $0.severity == .error }.map(\.summary)
    }

    @Test func readsTheBlockAndFailsClosedUnlessTold() throws {
        let closed = try #require(try compiled(["hook": "risk-score", "timeout_ms": 300, "step_up_at": 50, "deny_at": 80]))
        #expect(closed == FraudRequirement(hook: "risk-score", timeoutMilliseconds: 300, failMode: .closed, stepUpAt: 50, denyAt: 80))
        let open = try #require(try compiled(["hook": "risk-score", "timeout_ms": 10_000, "fail": "open", "step_up_at": 0, "deny_at": 0]))
        #expect(open.failMode == .open)
        #expect(open.timeoutMilliseconds == 10_000)
        #expect(open.stepUpAt == 0 && open.denyAt == 0)
        let explicit = try #require(try compiled(["hook": "risk-score", "timeout_ms": 1, "fail": "closed", "step_up_at": 100, "deny_at": 100]))
        #expect(explicit.failMode == .closed)
        let rule = try #require(try T.compile(T.policy(rules: [Self.rule(["hook": "risk-score", "timeout_ms": 1, "step_up_at": 1, "deny_at": 2])])).rule(id: "pay"))
        #expect(rule.obligations == [.fraud])
    }

    @Test func thresholdsAreRequiredScoresInOrder() {
        #expect(
            errors(["hook": "risk-score", "timeout_ms": 300]) == [
                #"$.rules[0].fraud.step_up_at: missing required field "step_up_at""#,
                #"$.rules[0].fraud.deny_at: missing required field "deny_at""#,
            ])
        #expect(
            errors(["hook": "risk-score", "timeout_ms": 300, "step_up_at": -1, "deny_at": 101]) == [
                #"$.rules[0].fraud.step_up_at: "step_up_at" must be between 0 and 100, found -1 (hint: scores run from 0 (no risk) to 100)"#,
                #"$.rules[0].fraud.deny_at: "deny_at" must be between 0 and 100, found 101 (hint: scores run from 0 (no risk) to 100)"#,
            ])
        #expect(
            errors(["hook": "risk-score", "timeout_ms": 300, "step_up_at": 81, "deny_at": 80]) == [
                #"$.rules[0].fraud.step_up_at: "step_up_at" (81) must not be above "deny_at" (80) (hint: scores from step_up_at up to deny_at ask for strong customer authentication again; make them equal for no step-up band)"#
            ])
        #expect(
            errors(["hook": "risk-score", "timeout_ms": 300, "step_up_at": 50.5, "deny_at": "80", "deny_ta": 90]) == [
                #"$.rules[0].fraud.deny_ta: unknown field "deny_ta" (hint: did you mean "deny_at"?)"#,
                #"$.rules[0].fraud.step_up_at: expected integer, found number"#,
                #"$.rules[0].fraud.deny_at: expected integer, found string"#,
            ])
        #expect(
            errors(["hook": "risk-score", "timeout_ms": 10_001, "fail": "shut", "step_up_at": 1, "deny_at": 2]) == [
                #"$.rules[0].fraud.timeout_ms: "timeout_ms" must be between 1 and 10000, found 10001"#,
                #"$.rules[0].fraud.fail: invalid fail "shut" (hint: expected one of: open, closed)"#,
            ])
    }

    private static let banded = FraudRequirement(hook: "risk-score", timeoutMilliseconds: 300, stepUpAt: 50, denyAt: 80)

    private func action(_ requirement: FraudRequirement = banded, score: Int) -> FraudVerdict.Action {
        requirement.verdict(for: .scored(score: score, reasons: [])).action
    }

    @Test func scoresMapToActionsAtTheThresholds() {
        #expect([0, 49].map { action(score: $0) } == [.allow, .allow])
        #expect([50, 79].map { action(score: $0) } == [.stepUp, .stepUp])
        #expect([80, 100].map { action(score: $0) } == [.deny, .deny])
        let noBand = FraudRequirement(hook: "h", timeoutMilliseconds: 1, stepUpAt: 60, denyAt: 60)
        #expect([59, 60].map { action(noBand, score: $0) } == [.allow, .deny])
        let everything = FraudRequirement(hook: "h", timeoutMilliseconds: 1, stepUpAt: 0, denyAt: 0)
        #expect(action(everything, score: 0) == .deny)
        let onlyTheTop = FraudRequirement(hook: "h", timeoutMilliseconds: 1, stepUpAt: 100, denyAt: 100)
        #expect([99, 100].map { action(onlyTheTop, score: $0) } == [.allow, .deny])
        let stepUpFromZero = FraudRequirement(hook: "h", timeoutMilliseconds: 1, stepUpAt: 0, denyAt: 100)
        #expect([0, 99, 100].map { action(stepUpFromZero, score: $0) } == [.stepUp, .stepUp, .deny])
    }

    @Test func aScoredVerdictCarriesTheScoreReasonsAndDenial() {
        let allowed = Self.banded.verdict(for: .scored(score: 12, reasons: ["amount_band_1"]))
        #expect(allowed.score == 12)
        #expect(allowed.reasons == ["amount_band_1"])
        #expect(!allowed.failModeApplied)
        #expect(allowed.reason == nil)
        #expect(allowed.hookResult == "scored 12 (reasons: amount_band_1)")
        let stepUp = Self.banded.verdict(for: .scored(score: 50, reasons: []))
        #expect(stepUp.reason?.code == "fraud_step_up_required")
        #expect(stepUp.reason?.status == 403)
        let denied = Self.banded.verdict(for: .scored(score: 95, reasons: ["new_creditor", "night"]))
        #expect(denied.reason?.code == "fraud_denied")
        #expect(denied.reason?.status == 403)
        #expect(denied.hookResult == "scored 95 (reasons: new_creditor, night)")
    }

    @Test func withoutAScoreTheFailModeDecides() {
        let closed = Self.banded
        let open = FraudRequirement(hook: "risk-score", timeoutMilliseconds: 300, failMode: .open, stepUpAt: 50, denyAt: 80)
        let failures: [FraudOutcome] = [
            .timedOut, .failed("connection refused"), .scored(score: 101, reasons: ["x"]), .scored(score: -1, reasons: []),
        ]
        for outcome in failures {
            let refused = closed.verdict(for: outcome)
            #expect(refused.action == .deny)
            #expect(refused.failModeApplied)
            #expect(refused.score == nil)
            #expect(refused.reasons.isEmpty)
            #expect(refused.reason?.code == "fraud_unavailable")
            #expect(refused.reason?.status == 503)
            let carriedOn = open.verdict(for: outcome)
            #expect(carriedOn.action == .allow)
            #expect(carriedOn.failModeApplied)
            #expect(carriedOn.reason == nil)
        }
        #expect(closed.verdict(for: .timedOut).hookResult == "did not answer within 300 ms")
        #expect(closed.verdict(for: .failed("connection refused")).hookResult == "failed: connection refused")
        #expect(closed.verdict(for: .scored(score: 101, reasons: [])).hookResult == "answered score 101, outside 0...100")
    }
}
