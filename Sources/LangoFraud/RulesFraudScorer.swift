import LangoBank

/// The built-in fraud hook of the sandbox: a deterministic score from a few documented rules,
/// and amounts that force each outcome, so partners can see every answer on demand.
///
/// Scenario amounts (any currency) decide alone:
///
/// | amount | answer |
/// |---|---|
/// | `666.66` | score 100 (`sandbox_scenario_deny`): refused by any thresholds |
/// | `555.55` | score 65 (`sandbox_scenario_step_up`): in the step-up band of thresholds such as 50/80 |
/// | `444.44` | the hook fails |
/// | `333.33` | no answer for 30 s, longer than any rule's `timeout_ms` |
///
/// Otherwise the score adds up (to at most 85):
///
/// | rule | points | reason |
/// |---|---|---|
/// | amount of at least 1,000 / 10,000 / 100,000 / 1,000,000 in its currency's units | 10 / 25 / 40 / 60 | `amount_at_least_1000` … |
/// | no `x-fapi-customer-ip-address`: the customer is not present | 20 | `customer_not_present` |
/// | no `x-customer-user-agent`: the device is unknown | 5 | `device_unknown` |
public struct RulesFraudScorer: FraudHook {
    /// The scenario amounts, in minor units.
    public enum Scenario: Int64, Sendable, CaseIterable {
        /// Score 100.
        case deny = 66_666
        /// Score 65.
        case stepUp = 55_555
        /// The hook fails.
        case failure = 44_444
        /// No answer for ``slowAnswer``.
        case slow = 33_333
    }

    /// How long the `333.33` scenario takes to answer: longer than any rule may wait.
    public static let slowAnswer: Duration = .seconds(30)

    /// The amount bands, highest first: at least this many units of the currency, the points.
    static let amountBands: [(units: Int64, points: Int)] = [(1_000_000, 60), (100_000, 40), (10_000, 25), (1_000, 10)]

    /// The scorer; it has no settings.
    public init() {}

    /// The scenario's answer for a scenario amount (never for a production app's request), else
    /// the rules' score.
    public func assess(_ facts: FraudFacts) async throws -> FraudAssessment {
        let amount = facts.payment?.amount
        let scenario = facts.appEnvironment == "production" ? nil : amount.flatMap { Scenario(rawValue: $0.minorUnits) }
        switch scenario {
        case .deny?:
            return try FraudAssessment(score: 100, reasons: ["sandbox_scenario_deny"])
        case .stepUp?:
            return try FraudAssessment(score: 65, reasons: ["sandbox_scenario_step_up"])
        case .failure?:
            throw FraudHookError.unavailable("sandbox scenario \(amount?.decimalString ?? ""): the fraud hook fails")
        case .slow?:
            try await Task.sleep(for: Self.slowAnswer)
            return try FraudAssessment(score: 0, reasons: ["sandbox_scenario_slow"])
        case nil:
            return try score(facts)
        }
    }

    /// The rules' score, without the scenarios: at most 60 + 20 + 5.
    func score(_ facts: FraudFacts) throws(FraudHookError) -> FraudAssessment {
        var points = 0
        var reasons: [String] = []
        if let amount = facts.payment?.amount, let band = Self.amountBands.first(where: { amount.minorUnits >= $0.units * 100 }) {
            points += band.points
            reasons.append("amount_at_least_\(band.units)")
        }
        if facts.customerIPAddress?.isEmpty ?? true {
            points += 20
            reasons.append("customer_not_present")
        }
        if facts.customerUserAgent?.isEmpty ?? true {
            points += 5
            reasons.append("device_unknown")
        }
        return try FraudAssessment(score: points, reasons: reasons)
    }
}
