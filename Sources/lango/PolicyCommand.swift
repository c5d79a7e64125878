import ArgumentParser
import Foundation
import LangoGateway
import LangoPolicy

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check, test and explain policies (see docs/policies.md).",
        subcommands: [Check.self, Test.self, Explain.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a policy directory; print every error and warning with file, JSON path and hint.")

        @OptionGroup var policies: PolicyDirectory

        func run() async throws {
            try await reporting {
                let set = try policies.load()
                for warning in set.warnings { print(warning) }
                print("0 errors, \(set.warnings.count) warnings: \(set.policies.count) policies, \(set.rules.count) rules, revision \(set.revision)")
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the fixtures in <directory>/tests against the policies in <directory>.")

        @OptionGroup var policies: PolicyDirectory

        func run() async throws {
            try await reporting {
                let set = try policies.load()
                let sources: [PolicySource]
                do {
                    sources = try PolicyLoader.fixtureSources(in: policies.directory)
                } catch {
                    throw CommandFailure.cannotRun("\(error)")
                }
                let suite: PolicyFixtureSuite
                do {
                    suite = try PolicyFixtureSuite.parse(sources)
                } catch let failure as PolicyCheckFailure {
                    for diagnostic in failure.diagnostics { print(diagnostic) }
                    throw CommandFailure.problems("\(failure.errors.count) errors in the fixtures")
                }
                let results = suite.run(against: set)
                for result in results { print(result) }
                let failed = results.filter { !$0.passed }.count
                print("\(results.count - failed) passed, \(failed) failed (revision \(set.revision))")
                if failed > 0 { throw ExitStatus.problems }
            }
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how the policies decide one request, step by step.",
            discussion: """
                Example: lango policy explain --request 'GET /internal/v1/party' --customer C0001 \
                --credential '{"type":"api_key","status":"active","scopes":["party:read"],\
                "app":{"id":"app_x","status":"active","environment":"production"}}'
                """
        )

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: "The policy directory.")
        var policies = "policies"

        @Option(name: .long, help: "The request, as 'METHOD /path'.")
        var request: String

        @Option(name: .long, help: "The customer the request acts for (x-lango-customer-id).")
        var customer: String?

        @Option(name: .long, help: "The credential facts as JSON, in the fixture format (default: none presented).")
        var credential = #"{"type": "none"}"#

        @Option(name: .long, help: "The consent the token is bound to, as JSON in the fixture format (default: not looked up).")
        var consent: String?

        @Option(name: .long, help: "What the rule's fraud hook does, as JSON in the fixture format (default: not asked).")
        var fraud: String?

        func run() async throws {
            try await reporting {
                let parts = request.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[1].hasPrefix("/") else {
                    throw CommandFailure.cannotRun("--request must look like 'GET /internal/v1/accounts'")
                }
                let set = try loadPolicies(policies, common)
                let facts: CredentialFacts
                let lookup: ConsentLookup?
                let outcome: FraudOutcome?
                do {
                    facts = try CredentialFacts.parse(PolicySource(name: "--credential", contents: Array(credential.utf8)))
                    lookup = try consent.map {
                        try ConsentLookup.parse(PolicySource(name: "--consent", contents: Array($0.utf8)), credential: facts)
                    }
                    outcome = try fraud.map { try FraudOutcome.parse(PolicySource(name: "--fraud", contents: Array($0.utf8))) }
                } catch {
                    throw CommandFailure.cannotRun("\(error)")
                }
                let explanation = set.explain(
                    method: parts[0].uppercased(), path: parts[1],
                    facts: RequestFacts(credential: facts, customerHeader: customer, consent: lookup), fraud: outcome)
                print(explanation)
            }
        }
    }
}

/// The policy directory argument of `check` and `test`, with the common options.
struct PolicyDirectory: ParsableArguments {
    @OptionGroup var common: CommonOptions

    @Argument(help: "The policy directory.")
    var directory = "policies"

    func load() throws -> PolicySet {
        try loadPolicies(directory, common)
    }
}

/// Loads a policy directory as the gateway would, turning failures into exit statuses.
private func loadPolicies(_ directory: String, _ common: CommonOptions) throws -> PolicySet {
    let configuration = try common.configuration()
    return try checked { try PolicyLoader.load(from: directory, configuration: configuration) }
}
