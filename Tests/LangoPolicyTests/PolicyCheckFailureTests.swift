import LangoPolicy
import Testing

@Suite struct PolicyCheckFailureTests {
    @Test func separatesErrorsFromWarningsAndCountsThem() {
        let failure = PolicyCheckFailure(diagnostics: [
            PolicyDiagnostic(severity: .warning, file: "a.json", location: .file, message: "careful"),
            PolicyDiagnostic(severity: .error, file: "a.json", location: .position(line: 1, column: 2), message: "broken"),
        ])
        #expect(failure.errors.map(\.message) == ["broken"])
        #expect(failure.warnings.map(\.message) == ["careful"])
        #expect(failure.description == "a.json: warning: careful\na.json:1:2: error: broken\n1 error, 1 warning")
        let many = PolicyCheckFailure(
            diagnostics: Array(repeating: PolicyDiagnostic(severity: .error, file: "", location: .file, message: "x"), count: 2))
        #expect(many.description.hasSuffix("2 errors, 0 warnings"))
    }
}
