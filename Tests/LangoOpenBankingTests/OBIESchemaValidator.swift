import Foundation
import LangoJSON

/// Runs `scripts/obie-validate.py` over rendered bodies, all in one process.
///
/// Paths come from this file's location (symlinks resolved): the repo root is two levels
/// above the test directory, and the OBIE specs live beside the repo in
/// `../shared/specs/obie-v3.1.11`. A missing `python3` or validator package makes the run
/// fail; nothing is skipped.
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

    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let specsDirectory = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/specs/obie-v3.1.11")
    static let script = repoRoot.appendingPathComponent("scripts/obie-validate.py")

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
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("obie-validate-\(UUID().uuidString).jsonl")
        try lines.joined().write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--specs", specs.path]
        process.standardInput = try FileHandle(forReadingFrom: input)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: text)
    }
}
