import LangoJSON

/// Checks one fixture file and reads its cases, reporting every problem found.
struct PolicyFixtureParser {
    let diagnostics: DiagnosticCollector

    private static let caseFields = ["name", "description", "request", "credential", "consent", "fraud", "expect"]
    private static let expectFields = ["decision", "rule", "deny_rule", "reason", "status", "shadowed", "fraud"]

    func parse(_ source: PolicySource) -> [PolicyFixture] {
        guard let document = diagnostics.parseJSON(source),
            let reader = ObjectReader(document, at: .root, fields: ["description", "cases"], diagnostics: diagnostics),
            let elements = reader.array("cases", required: true)
        else { return [] }
        if elements.isEmpty {
            diagnostics.error("\"cases\" must list at least one case", at: reader.path("cases"))
        }
        _ = reader.string("description")
        var fixtures: [PolicyFixture] = []
        var names: [String: JSONPath] = [:]
        for (index, element) in elements.enumerated() {
            let path = reader.path("cases").appending(index: index)
            guard let fixture = fixture(element, at: path, file: source.name) else { continue }
            if let first = names[fixture.name] {
                diagnostics.error(
                    "duplicate case name \"\(fixture.name)\": first used at \(first)", at: path.appending(key: "name"))
            } else {
                names[fixture.name] = path
            }
            fixtures.append(fixture)
        }
        return fixtures
    }

    private func fixture(_ value: JSONValue, at path: JSONPath, file: String) -> PolicyFixture? {
        let errorsBefore = diagnostics.errorCount
        guard let reader = ObjectReader(value, at: path, fields: Self.caseFields, diagnostics: diagnostics) else { return nil }
        let name = nonEmptyString(reader, "name")
        _ = reader.string("description")
        let request = reader.object("request", fields: ["method", "path", "customer"], required: true)
        let method = request.flatMap { nonEmptyString($0, "method") }
        let requestPath = request.flatMap { nonEmptyString($0, "path") }
        let customer = request?.string("customer")
        let credential: CredentialFacts? =
            if let value = reader.value("credential") {
                CredentialFactsReader(diagnostics: diagnostics).read(value, at: reader.path("credential"))
            } else {
                CredentialFacts.none
            }
        let consent = credential.flatMap { credential in
            reader.value("consent").map {
                ConsentLookupReader(diagnostics: diagnostics).read($0, at: reader.path("consent"), credential: credential)
            }
        }
        let fraud = reader.value("fraud").flatMap { FraudOutcomeReader(diagnostics: diagnostics).read($0, at: reader.path("fraud")) }
        let expectation = reader.object("expect", fields: Self.expectFields, required: true).flatMap(expectation)
        guard diagnostics.errorCount == errorsBefore, let name, let method, let requestPath, let credential, let expectation
        else {
            return nil
        }
        return PolicyFixture(
            name: name, file: diagnostics.file, location: path, method: method, path: requestPath,
            facts: RequestFacts(credential: credential, customerHeader: customer, consent: consent ?? nil), fraud: fraud,
            expectation: expectation
        )
    }

    private func nonEmptyString(_ reader: ObjectReader, _ key: String) -> String? {
        guard let text = reader.string(key, required: true) else { return nil }
        guard !text.isEmpty else {
            diagnostics.error("\"\(key)\" cannot be empty", at: reader.path(key))
            return nil
        }
        return text
    }

    private func expectation(_ reader: ObjectReader) -> PolicyFixtureExpectation? {
        let outcome: Decision.Outcome? = reader.choice("decision", required: true)
        let reason = reader.string("reason")
        if let reason { checkCode(reason, at: reader.path("reason")) }
        let shadowed = reader.strings("shadowed")
        for code in shadowed ?? [] { checkCode(code.value, at: code.path) }
        let status = reader.integer("status", in: 100...599)
        let fraud: FraudVerdict.Action? = reader.choice("fraud")
        guard let outcome else { return nil }
        return PolicyFixtureExpectation(
            outcome: outcome, ruleID: reader.string("rule"), denyRuleID: reader.string("deny_rule"), reasonCode: reason,
            status: status, shadowedCodes: shadowed?.map(\.value), fraudAction: fraud
        )
    }

    private func checkCode(_ code: String, at path: JSONPath) {
        guard !DenialReason.allCodes.contains(code) else { return }
        diagnostics.error(
            "unknown reason code \"\(code)\"", at: path,
            hint: Suggestion.hint(for: code, among: DenialReason.allCodes, noun: "codes")
        )
    }
}
