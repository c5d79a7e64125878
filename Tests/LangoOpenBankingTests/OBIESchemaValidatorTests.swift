import Foundation
import LangoJSON
import LangoScriptTesting
import Testing

/// The validation script must catch what it is there to catch, or a passing run means nothing.
struct OBIESchemaValidatorTests {
    @Test func findsTheScriptAndTheSpecsFromTheRepository() {
        #expect(FileManager.default.fileExists(atPath: OBIESchemaValidator.script.path))
        #expect(OBIESchemaValidator.specsDirectory.path.hasSuffix("/shared/specs/obie-v3.1.11"))
        #expect(FileManager.default.fileExists(
            atPath: OBIESchemaValidator.specsDirectory.appendingPathComponent("account-info-openapi.json").path))
    }

    @Test func reportsEveryBrokenDocumentWithSchemaAndPath() async throws {
        let good: JSONValue = ["Data": ["Account": []], "Links": ["Self": "https://api.example.ke/accounts"]]
        let documents = [
            OBIESchemaValidator.Document(label: "good", schema: "OBReadAccount6", body: good),
            OBIESchemaValidator.Document(
                label: "lower-case currency", schema: "OBReadAccount6",
                body: ["Data": ["Account": [["AccountId": "A1", "Currency": "kes"]]]]),
            OBIESchemaValidator.Document(
                label: "relative link", schema: "OBReadAccount6",
                body: ["Data": ["Account": []], "Links": ["Self": "/accounts?page=1"]]),
            OBIESchemaValidator.Document(
                label: "date without time", schema: "OBReadBalance1",
                body: ["Data": ["Balance": [[
                    "AccountId": "A1", "CreditDebitIndicator": "Credit", "Type": "InterimBooked", "DateTime": "2026-03-01",
                    "Amount": ["Amount": "1.00", "Currency": "KES"],
                ]]]]),
            OBIESchemaValidator.Document(
                label: "unexpected member", spec: "payment-initiation", schema: "OBErrorResponse1",
                body: ["Code": "400 Bad Request", "Message": "m", "Errors": [], "Extra": true]),
            OBIESchemaValidator.Document(label: "unknown schema", schema: "OBReadNothing1", body: [:]),
        ]
        let outcome = try await OBIESchemaValidator.validate(documents)
        #expect(outcome.status == 1)
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(!lines.contains { $0.contains("[good]") })
        #expect(lines.contains { $0.contains("[lower-case currency] OBReadAccount6 $.Data.Account[0].Currency:") })
        #expect(lines.contains { $0.contains("[relative link] OBReadAccount6 $.Links.Self:") && $0.contains("uri") })
        #expect(lines.contains { $0.contains("[date without time] OBReadBalance1 $.Data.Balance[0].DateTime:") })
        #expect(lines.contains { $0.contains("[unexpected member] OBErrorResponse1 $:") && $0.contains("Extra") })
        #expect(lines.contains { $0.contains("[unexpected member] OBErrorResponse1 $.Errors:") })
        #expect(lines.contains { $0.contains("[unknown schema]") && $0.contains("OBReadNothing1") })
        #expect(lines.last == "obie-validate: 6 document(s), 5 failed")
    }

    @Test func failsWithoutDocumentsOrSpecs() async throws {
        #expect(try await OBIESchemaValidator.validate([]).status == 1)
        let document = OBIESchemaValidator.Document(label: "x", schema: "OBReadAccount6", body: ["Data": [:]])
        let missing = try await OBIESchemaValidator.validate(
            [document], specs: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)"))
        #expect(missing.status == 2)
        #expect(missing.output.contains("cannot read the spec"))
    }
}
