import Foundation
import LangoJSON
import Testing

@Suite struct JSONValueDecoderTests {
    struct Upstream: Codable, Equatable {
        var adapter: String
        var timeoutMs: Int?
    }

    struct Rule: Codable, Equatable {
        var id: String
        var scopes: [String]
        var upstream: Upstream
        var at: Date?
    }

    struct Document: Codable, Equatable {
        var rules: [Rule]
    }

    let decoder = JSONValueDecoder()

    @Test func decodesNestedModels() throws {
        let json: JSONValue = [
            "rules": [["id": "r1", "scopes": ["a"], "upstream": ["adapter": "core", "timeoutMs": 500], "at": "2026-03-01T00:00:00Z"]]
        ]
        let document = try decoder.decode(Document.self, from: json)
        #expect(document.rules[0].upstream == Upstream(adapter: "core", timeoutMs: 500))
        #expect(document.rules[0].at == ISO8601.parse("2026-03-01"))
    }

    @Test func typeMismatchNamesThePath() {
        let json: JSONValue = ["rules": [["id": "r1", "scopes": ["a", 7], "upstream": ["adapter": "core"]]]]
        #expect(throws: JSONDecodingError.typeMismatch(expected: "string", found: "integer", at: path("rules", 0, "scopes", 1))) {
            try decoder.decode(Document.self, from: json)
        }
    }

    @Test func missingFieldNamesThePath() {
        let json: JSONValue = ["rules": [["id": "r1", "scopes": [], "upstream": [:]]]]
        let expected = JSONDecodingError.missingField("adapter", at: path("rules", 0, "upstream"))
        #expect(throws: expected) { try decoder.decode(Document.self, from: json) }
        #expect(expected.description == #"$.rules[0].upstream.adapter: missing required field "adapter""#)
        #expect(expected.category == .missingField)
    }

    @Test func unknownFieldIsAnErrorWithASuggestion() throws {
        let json: JSONValue = ["rules": [["id": "r1", "scope": ["a"], "scopes": [], "upstream": ["adapter": "core"]]]]
        let error = try #require(throws: JSONDecodingError.self) { try decoder.decode(Document.self, from: json) }
        #expect(error.path == path("rules", 0, "scope"))
        #expect(error.message == #"unknown field "scope""#)
        #expect(error.hint == #"did you mean "scopes"?"#)
        #expect(error.category == .unknownField)
    }

    @Test func unknownFieldsCanBeAllowed() throws {
        let json: JSONValue = ["id": "r1", "extra": true, "scopes": [], "upstream": ["adapter": "core", "more": 1]]
        let rule = try JSONValueDecoder(rejectUnknownFields: false).decode(Rule.self, from: json)
        #expect(rule.id == "r1")
    }

    @Test func optionalFieldsAskedForAreKnownEvenWhenNull() throws {
        let json: JSONValue = ["adapter": "core", "timeoutMs": nil]
        #expect(try decoder.decode(Upstream.self, from: json) == Upstream(adapter: "core", timeoutMs: nil))
    }

    @Test func integersAreRangeChecked() {
        #expect(throws: JSONDecodingError.invalidValue("300 is out of range (0...255)", at: .root)) {
            try decoder.decode(UInt8.self, from: 300)
        }
        #expect(throws: JSONDecodingError.self) { try decoder.decode(Int.self, from: 1.5) }
    }

    @Test func invalidDatesGetAHint() throws {
        let error = try #require(throws: JSONDecodingError.self) { try decoder.decode(Date.self, from: "yesterday") }
        #expect(error.hint?.contains("2026-03-01T09:30:00Z") == true)
    }

    @Test func rawJSONValueFieldsPassThroughWithoutUnknownFieldErrors() throws {
        struct Envelope: Decodable { var data: JSONValue }
        let json: JSONValue = ["data": ["anything": [1, 2], "goes": nil]]
        #expect(try decoder.decode(Envelope.self, from: json).data == json["data"])
    }

    @Test func dictionariesAcceptEveryKey() throws {
        let json: JSONValue = ["a": 1, "b": 2]
        #expect(try decoder.decode([String: Int].self, from: json) == ["a": 1, "b": 2])
    }

    @Test func errorsThrownByModelsKeepTheirPath() throws {
        struct Percent: Decodable {
            var value: Int
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(Int.self)
                guard (0...100).contains(value) else {
                    throw JSONDecodingError.invalidValue(
                        "\(value) is not a percentage", at: JSONPath(codingPath: decoder.codingPath), hint: "use 0 to 100")
                }
            }
        }
        struct Plan: Decodable { var share: [Percent] }
        let error = try #require(throws: JSONDecodingError.self) {
            try decoder.decode(Plan.self, from: ["share": [5, 500]])
        }
        #expect(error.description == "$.share[1]: 500 is not a percentage (hint: use 0 to 100)")
    }

    @Test func swiftDecodingErrorsAreMappedToPaths() throws {
        enum Mode: String, Decodable { case enforce, shadow }
        struct Defaults: Decodable { var mode: Mode }
        let error = try #require(throws: JSONDecodingError.self) {
            try decoder.decode(Defaults.self, from: ["mode": "loud"])
        }
        #expect(error.path == path("mode"))
    }

    @Test func decodesStraightFromBytes() throws {
        let upstream = try decoder.decode(Upstream.self, fromJSON: Array(#"{"adapter":"core"}"#.utf8))
        #expect(upstream.adapter == "core")
        #expect(throws: JSONSyntaxError.self) { try decoder.decode(Upstream.self, fromJSON: Array("{".utf8)) }
    }

    private func path(_ parts: Any...) -> JSONPath {
        JSONPath(parts.map { ($0 as? Int).map(JSONPath.Component.index) ?? .key("\($0)") })
    }
}
