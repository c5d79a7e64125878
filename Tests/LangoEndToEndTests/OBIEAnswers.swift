import LangoJSON
import LangoScriptTesting
import NIOHTTP1
import Testing

/// The OBIE answers a test receives, each kept with the schema it must meet and validated in one
/// run of the OBIE validator at the end: a success against the schema the test names, any error
/// against `OBErrorResponse1`, so no answer goes unchecked because it was a refusal.
struct OBIEAnswers {
    private var documents: [OBIESchemaValidator.Document] = []

    /// Sends the request and keeps the answer's body (see ``keep(_:label:schema:items:)``).
    mutating func send(
        _ method: HTTPMethod = .GET, _ url: String, headers: [(String, String)], body: [UInt8]? = nil, label: String,
        schema: String?, items: (member: String, schema: String)? = nil
    ) async throws -> HTTPResult {
        let response = try await HTTP.send(method, url, headers: headers, body: body)
        keep(response, label: label, schema: schema, items: items)
        return response
    }

    /// Keeps `response`'s body: a success against `schema` (each `Data.<member>` item against
    /// `items`' schema; `schema` is `nil` for a request whose success has no body, as a DELETE's
    /// 204), an error (4xx, 5xx) against `OBErrorResponse1`.
    mutating func keep(_ response: HTTPResult, label: String, schema: String?, items: (member: String, schema: String)? = nil) {
        let refused = response.status >= 400
        guard let schema = refused ? "OBErrorResponse1" : schema else { return }
        keep(response.json, label: "\(label) (\(response.status))", schema: schema, items: refused ? nil : items)
    }

    /// Keeps a body received some other way (through a script).
    mutating func keep(_ body: JSONValue, label: String, schema: String, items: (member: String, schema: String)? = nil) {
        documents += OBIESchemaValidator.documents(label: label, schema: schema, body: body, items: items)
    }

    /// Validates every kept body against the official OBIE v3.1.11 schemas; a failure names each body that failed.
    func expectValid(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try #require(!documents.isEmpty, "no OBIE answer was kept", sourceLocation: sourceLocation)
        let outcome = try await OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 0, "\(outcome.output)", sourceLocation: sourceLocation)
    }
}
