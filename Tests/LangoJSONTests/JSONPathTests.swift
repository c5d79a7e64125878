import LangoJSON
import Testing

@Suite struct JSONPathTests {
    @Test func rendersKeysIndicesAndOddKeys() {
        let path = JSONPath.root.appending(key: "rules").appending(index: 2).appending(key: "match")
            .appending(key: "odd key").appending(key: "say \"hi\"")
        #expect(path.description == #"$.rules[2].match["odd key"]["say \"hi\""]"#)
        #expect(JSONPath.root.description == "$")
        #expect(JSONPath.root.appending(key: "x-fapi-id").description == "$.x-fapi-id")
        #expect(JSONPath.root.appending(key: "1abc").description == #"$["1abc"]"#)
    }
}
