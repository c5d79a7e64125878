import LangoJSON
import Testing

@Suite struct JSONSyntaxErrorTests {
    @Test func duplicateKeysAreRejectedWithPosition() {
        let text = "{\n  \"scopes\": [],\n  \"scopes\": []\n}"
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == 3 && error.message.contains("duplicate object key") && error.description.hasPrefix("3:")
        }
    }

    @Test func trailingCommaReportsLineAndColumn() {
        #expect {
            try JSONValue.parse("{\n  \"a\": 1,\n}")
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == 3 && error.column == 1
        }
    }

    @Test func rejectsNulTrailingGarbageInvalidUTF8AndEmptyInput() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#""a\u0000b""#) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("{} {}") }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("") }
    }

    @Test func rejectsIntegersJanssonCannotHold() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("123456789012345678901234567890") }
    }
}
