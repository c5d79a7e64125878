import LangoJSON
import LangoPolicy
import Testing

@Suite struct PolicyDiagnosticTests {
    @Test func describesPathPositionAndFileLocations() {
        let path = JSONPath([.key("rules"), .index(2), .key("upstream"), .key("adapter")])
        #expect(
            PolicyDiagnostic(
                severity: .error, file: "policies/internal.json", location: .path(path), message: #"unknown adapter "cor""#,
                hint: #"did you mean "core"?"#
            ).description
                == #"policies/internal.json:$.rules[2].upstream.adapter: error: unknown adapter "cor" (hint: did you mean "core"?)"#
        )
        #expect(
            PolicyDiagnostic(
                severity: .error, file: "a.json", location: .position(line: 3, column: 14), message: "invalid JSON: x"
            )
            .description == "a.json:3:14: error: invalid JSON: x"
        )
        #expect(
            PolicyDiagnostic(severity: .warning, file: "a.json", location: .file, message: "m").description
                == "a.json: warning: m")
        #expect(PolicyDiagnostic(severity: .error, file: "", location: .file, message: "m").description == "error: m")
        #expect(PolicyDiagnostic(severity: .error, file: "", location: .path(.root), message: "m").description == "$: error: m")
    }
}
