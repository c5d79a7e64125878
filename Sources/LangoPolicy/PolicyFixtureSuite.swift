/// The fixtures of `policies/tests/*.json`, checked and ready to run against a policy set
/// (`lango policy test`).
public struct PolicyFixtureSuite: Sendable {
    /// Every case, files sorted by source name, cases in file order.
    public let fixtures: [PolicyFixture]

    /// Checks and reads fixture files, reporting every error found in the same style as policy checks.
    public static func parse(_ sources: [PolicySource]) throws(PolicyCheckFailure) -> PolicyFixtureSuite {
        guard !sources.isEmpty else {
            throw PolicyCheckFailure(diagnostics: [
                PolicyDiagnostic(
                    severity: .error, file: "", location: .file, message: "no fixture files were given",
                    hint: "fixtures live in policies/tests/*.json"
                )
            ])
        }
        var diagnostics: [PolicyDiagnostic] = []
        var fixtures: [PolicyFixture] = []
        for source in sources.sorted(by: { $0.name < $1.name }) {
            let collector = DiagnosticCollector(file: source.name)
            fixtures += PolicyFixtureParser(diagnostics: collector).parse(source)
            diagnostics += collector.diagnostics
        }
        guard diagnostics.isEmpty else { throw PolicyCheckFailure(diagnostics: diagnostics) }
        return PolicyFixtureSuite(fixtures: fixtures)
    }

    /// Runs every fixture against `policies`, in order.
    public func run(against policies: PolicySet) -> [PolicyFixtureResult] {
        fixtures.map { fixture in
            let explanation = policies.explain(method: fixture.method, path: fixture.path, facts: fixture.facts, fraud: fixture.fraud)
            return PolicyFixtureResult(
                fixture: fixture, explanation: explanation,
                mismatches: fixture.expectation.mismatches(with: explanation.decision, in: policies)
            )
        }
    }
}
