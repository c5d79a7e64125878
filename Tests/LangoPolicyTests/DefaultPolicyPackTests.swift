import Foundation
import LangoPolicy
import Testing

/// The real default pack in /policies and its fixtures in /policies/tests, read from disk.
@Suite struct DefaultPolicyPackTests {
    /// The repository's `policies` directory, found from this file's real location (the tests
    /// directory may be reached through a symbolic link).
    private static let policiesDirectory = URL(filePath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "policies")

    private static func sources(in directory: URL) throws -> [PolicySource] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .map {
                PolicySource(
                    name: "policies/" + $0.path.dropFirst(policiesDirectory.path.count + 1),
                    contents: Array(try Data(contentsOf: $0)))
            }
    }

    /// The standard vocabulary with the fraud hook the default configuration gives the payment rules.
    private static var vocabulary: PolicyVocabulary {
        var vocabulary = PolicyVocabulary.standard
        vocabulary.fraudHooks = ["payment-risk"]
        vocabulary.enforcedObligations.insert(.fraud)
        return vocabulary
    }

    private func compilePack() throws -> PolicySet {
        try PolicySet.compile(Self.sources(in: Self.policiesDirectory), vocabulary: Self.vocabulary)
    }

    @Test func compilesWithTheStandardVocabularyWithoutWarnings() throws {
        let set = try compilePack()
        #expect(set.warnings.isEmpty)
        #expect(set.policies.map(\.id) == ["account-information", "internal-accounts", "payment-initiation", "sandbox-tools"])
        #expect(set.policies.map(\.version) == [1, 2, 1, 2])
        #expect(
            set.rules.map(\.id) == [
                "aisp.consents.create", "aisp.consents.read", "aisp.consents.delete", "aisp.accounts.list", "aisp.accounts.read",
                "aisp.balances.read", "aisp.transactions.read", "aisp.balances.bulk", "aisp.transactions.bulk", "aisp.party.read",
                "internal.accounts.list", "internal.accounts.read", "internal.balances.read", "internal.transactions.read",
                "internal.party.read", "pisp.consents.create", "pisp.consents.read", "pisp.payments.create", "pisp.payments.read",
                "pisp.payments.details", "pisp.consents.funds",
                "pisp.bulk-consents.create", "pisp.bulk-consents.read", "pisp.bulk-payments.create", "pisp.bulk-payments.read",
                "sandbox.transactions.create", "sandbox.production-blocked",
            ])
    }

    @Test func consentsMayAskForWhatTheDefaultRoutesServe() throws {
        #expect(
            try compilePack().servedAccountPermissions == [
                .readAccountsBasic, .readAccountsDetail, .readBalances, .readTransactionsBasic, .readTransactionsDetail,
                .readTransactionsCredits, .readTransactionsDebits, .readPartyPSU,
            ])
    }

    @Test func rulesMatchTheBrief() throws {
        let set = try compilePack()
        let expected: [(id: String, method: String, path: String, operation: String, scope: String)] = [
            ("internal.accounts.list", "GET", "/internal/v1/accounts", "accounts", "accounts:read"),
            ("internal.accounts.read", "GET", "/internal/v1/accounts/{AccountId}", "account", "accounts:read"),
            ("internal.balances.read", "GET", "/internal/v1/accounts/{AccountId}/balances", "balances", "balances:read"),
            (
                "internal.transactions.read", "GET", "/internal/v1/accounts/{AccountId}/transactions", "transactions",
                "transactions:read"
            ),
            ("internal.party.read", "GET", "/internal/v1/party", "party", "party:read"),
            (
                "sandbox.transactions.create", "POST", "/internal/v1/sandbox/accounts/{AccountId}/transactions",
                "post-transaction", "sandbox:write"
            ),
        ]
        for rule in expected {
            let compiled = try #require(set.rule(id: rule.id))
            #expect(compiled.methods.names == [rule.method])
            #expect(compiled.pathTemplate == rule.path)
            #expect(compiled.auth?.kind == .apiKey)
            #expect(compiled.auth?.scopes == [rule.scope])
            #expect(compiled.auth?.customerRequired == true)
            #expect(compiled.upstream?.adapter == "core")
            #expect(compiled.upstream?.operation == rule.operation)
            #expect(compiled.upstream?.timeoutMilliseconds == 5000)
            #expect(compiled.mode == .enforce)
            #expect(compiled.onError == .deny)
        }
        #expect(set.rule(id: "sandbox.transactions.create")?.maxBodyBytes == 16384)
        let block = try #require(set.rule(id: "sandbox.production-blocked"))
        #expect(block.effect == .deny)
        #expect(block.conditions?.environments == [.production])
        #expect(block.deny?.status == 403)
        #expect(block.deny?.message?.contains("sandbox apps only") == true)
    }

    @Test func everyFixturePasses() throws {
        let set = try compilePack()
        let suite = try PolicyFixtureSuite.parse(Self.sources(in: Self.policiesDirectory.appending(path: "tests")))
        let results = suite.run(against: set)
        #expect(results.count >= 25)
        for result in results where !result.passed {
            Issue.record("\(result)")
        }
    }

    @Test func fixturesCoverEveryRuleAndEveryReachableReason() throws {
        let set = try compilePack()
        let results = try PolicyFixtureSuite.parse(Self.sources(in: Self.policiesDirectory.appending(path: "tests"))).run(
            against: set)
        let decisions = results.map(\.explanation.decision)
        let allowedRules = Set(decisions.filter(\.isAllowed).compactMap(\.rule?.id))
        let denyRules = Set(decisions.compactMap(\.reason?.ruleID))
        #expect(allowedRules.union(denyRules) == Set(set.rules.map(\.id)))
        let reasons = Set(decisions.compactMap(\.reason?.code))
        // The default pack needs only obligations the gateway enforces and restricts no environment.
        let unreachable: Set = ["obligation_unsupported", "environment_not_allowed"]
        #expect(reasons == Set(DenialReason.allCodes).subtracting(unreachable))
    }
}
