import Foundation
import LangoJSON
import LangoScriptTesting

/// Runs `scripts/obie-validate.py` over rendered bodies, all in one process.
///
/// The OBIE specs live beside the repository, in `../shared/specs/obie-v3.1.11`. A missing
/// `python3` or validator package makes the run fail; nothing is skipped.
struct OBIESchemaValidator {
    /// One document to validate against a component schema of an OBIE spec.
    struct Document {
        var label: String
        var spec = "account-info"
        var schema: String
        var body: JSONValue
    }

    /// What the script reported.
    struct Outcome {
        var status: Int32
        var output: String
    }

    static let specsDirectory = RepositoryScript.root.deletingLastPathComponent().appendingPathComponent("shared/specs/obie-v3.1.11")
    static let script = RepositoryScript.path("obie-validate.py")

    /// The parsed OpenAPI file of `spec` (`account-info`, `payment-initiation`).
    static func spec(_ spec: String) throws -> JSONValue {
        try JSONValue.parse(Array(Data(contentsOf: specsDirectory.appendingPathComponent("\(spec)-openapi.json"))))
    }

    /// Validates `documents` in one run of the script.
    static func validate(_ documents: [Document], specs: URL = specsDirectory) throws -> Outcome {
        let lines = documents.map { document -> String in
            let request: JSONValue = [
                "spec": .string(document.spec), "schema": .string(document.schema), "document": document.body,
                "label": .string(document.label),
            ]
            return request.encodedString(.compact) + "\n"
        }
        let outcome = try RepositoryScript.runPython(
            "obie-validate.py", arguments: ["--specs", specs.path], input: Data(lines.joined().utf8))
        return Outcome(status: outcome.status, output: outcome.output + outcome.errors)
    }
}
