import Foundation
import LangoJSON

/// Runs `scripts/obie-validate.py` over rendered bodies, all in one process.
///
/// The OBIE specs live beside the repository, in `../shared/specs/obie-v3.1.11`. A missing
/// `python3` or validator package makes the run fail; nothing is skipped.
public struct OBIESchemaValidator {
    /// One document to validate against a component schema of an OBIE spec.
    public struct Document: Sendable {
        public var label: String
        public var spec: String
        public var schema: String
        public var body: JSONValue

        /// `body` checked against `schema` of `spec` (`account-info`, `payment-initiation`), named `label` in failures.
        public init(label: String, spec: String = "account-info", schema: String, body: JSONValue) {
            self.label = label
            self.spec = spec
            self.schema = schema
            self.body = body
        }
    }

    /// What the script reported.
    public struct Outcome: Sendable {
        /// 0 when every document passed.
        public var status: Int32
        /// One line per failure, then the summary.
        public var output: String
    }

    public static let specsDirectory = RepositoryScript.root.deletingLastPathComponent().appendingPathComponent("shared/specs/obie-v3.1.11")
    public static let script = RepositoryScript.path("obie-validate.py")

    /// The parsed OpenAPI file of `spec` (`account-info`, `payment-initiation`).
    public static func spec(_ spec: String) throws -> JSONValue {
        try JSONValue.parse(Array(Data(contentsOf: specsDirectory.appendingPathComponent("\(spec)-openapi.json"))))
    }

    /// `body` against `schema`, and each element of its `Data.<member>` array against `itemSchema`
    /// when `items` is `(member, itemSchema)`: the item check tells Basic and Detail shapes apart.
    public static func documents(
        label: String, schema: String, body: JSONValue, items: (member: String, schema: String)? = nil
    ) -> [Document] {
        var documents = [Document(label: label, schema: schema, body: body)]
        if let (member, itemSchema) = items {
            for (index, item) in (body["Data"]?[member]?.arrayValue ?? []).enumerated() {
                documents.append(Document(label: "\(label) item \(index)", schema: itemSchema, body: item))
            }
        }
        return documents
    }

    /// Validates `documents` in one run of the script.
    public static func validate(_ documents: [Document], specs: URL = specsDirectory) async throws -> Outcome {
        let lines = documents.map { document -> String in
            let request: JSONValue = [
                "spec": .string(document.spec), "schema": .string(document.schema), "document": document.body,
                "label": .string(document.label),
            ]
            return request.encodedString(.compact) + "\n"
        }
        let outcome = try await RepositoryScript.runPython(
            "obie-validate.py", arguments: ["--specs", specs.path], input: Data(lines.joined().utf8))
        return Outcome(status: outcome.status, output: outcome.output + outcome.errors)
    }
}
