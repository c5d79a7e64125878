import LangoBank
import LangoFraud
import LangoPolicy
import Testing

/// The sandbox's scorer: its documented rules and scenario amounts.
@Suite struct RulesFraudScorerTests {
    static func facts(amount: String?, currency: String = "KES", address: String? = "198.51.100.7", agent: String? = "Wekeza/4.2")
        -> FraudFacts
    {
        FraudFacts(
            interactionID: "i-1", ruleID: "pay", method: "POST", path: "/pay",
            payment: amount.map { FraudFacts.Payment(amount: Money(decimal: $0, currency: currency)) }, customerIPAddress: address,
            customerUserAgent: agent)
    }

    func assess(_ facts: FraudFacts) async throws -> FraudAssessment {
        try await RulesFraudScorer().assess(facts)
    }

    @Test func amountsScoreByBand() async throws {
        let cases: [(String, Int, [String])] = [
            ("999.99", 0, []),
            ("1000.00", 10, ["amount_at_least_1000"]),
            ("9999.99", 10, ["amount_at_least_1000"]),
            ("10000", 25, ["amount_at_least_10000"]),
            ("100000", 40, ["amount_at_least_100000"]),
            ("1000000", 60, ["amount_at_least_1000000"]),
            ("25000000", 60, ["amount_at_least_1000000"]),
        ]
        for (amount, score, reasons) in cases {
            let assessment = try await assess(Self.facts(amount: amount))
            #expect(assessment.score == score, "\(amount)")
            #expect(assessment.reasons == reasons, "\(amount)")
        }
        #expect(try await assess(Self.facts(amount: "1000.00", currency: "USD")).score == 10, "bands count units of any currency")
        #expect(try await assess(Self.facts(amount: nil)).score == 0, "no payment, no amount points")
    }

    @Test func anAbsentCustomerAndUnknownDeviceAddPoints() async throws {
        let absent = try await assess(Self.facts(amount: "50000", address: nil, agent: nil))
        #expect(absent.score == 25 + 20 + 5)
        #expect(absent.reasons == ["amount_at_least_10000", "customer_not_present", "device_unknown"])
        #expect(try await assess(Self.facts(amount: "10", address: "", agent: "")).score == 25, "empty headers count as absent")
        #expect(try await assess(Self.facts(amount: "5000000", address: nil, agent: nil)).score == 85)
    }

    @Test func scenarioAmountsForceEachOutcome() async throws {
        let deny = try await assess(Self.facts(amount: "666.66", currency: "USD"))
        #expect(deny.score == 100)
        #expect(deny.reasons == ["sandbox_scenario_deny"])
        let stepUp = try await assess(Self.facts(amount: "555.55"))
        #expect(stepUp.score == 65)
        #expect(stepUp.reasons == ["sandbox_scenario_step_up"])
        await #expect(throws: FraudHookError.unavailable("sandbox scenario 444.44: the fraud hook fails")) {
            try await assess(Self.facts(amount: "444.44"))
        }
        // Slower than any rule may wait: the runner's timeout answers.
        #expect(RulesFraudScorer.slowAnswer > .milliseconds(FraudRequirement.timeouts.upperBound))
        #expect(await RulesFraudScorer().outcome(for: Self.facts(amount: "333.33"), within: .milliseconds(20)) == .timedOut)
    }

    @Test func aProductionAppsPaymentPlaysNoScenario() async throws {
        for amount in ["666.66", "555.55", "444.44", "333.33"] {
            var facts = Self.facts(amount: amount)
            facts.appEnvironment = "production"
            let assessment = try await assess(facts)
            #expect(assessment.score == 0 && assessment.reasons.isEmpty, "\(amount)")
        }
    }

    @Test func theScenariosLandInTheBandsTheirNamesSay() async throws {
        let requirement = FraudRequirement(hook: "sandbox-rules", timeoutMilliseconds: 10_000, stepUpAt: 50, denyAt: 80)
        func action(_ amount: String) async -> FraudVerdict {
            requirement.verdict(for: await RulesFraudScorer().outcome(for: Self.facts(amount: amount), within: .seconds(60)))
        }
        #expect(await action("12.00").action == .allow)
        #expect(await action("555.55").action == .stepUp)
        #expect(await action("666.66").action == .deny)
        #expect(await action("444.44").reason?.code == "fraud_unavailable")
    }
}
