import LangoJSON
import Testing

@Suite struct JSONEncodingTests {
    @Test func compactOutputKeepsInsertionOrder() {
        let value: JSONValue = ["b": 1, "a": [true, .null, 2.5, "x"], "é": [:]]
        #expect(value.encodedString() == #"{"b":1,"a":[true,null,2.5,"x"],"é":{}}"#)
    }

    @Test func canonicalOutputSortsKeysAtEveryLevel() {
        let one: JSONValue = ["b": ["y": 1, "x": 2], "a": 0]
        let other: JSONValue = ["a": 0, "b": ["x": 2, "y": 1]]
        #expect(one.encodedString(.canonical) == #"{"a":0,"b":{"x":2,"y":1}}"#)
        #expect(one.encodedString(.canonical) == other.encodedString(.canonical))
    }

    @Test func prettyOutputIndents() {
        let value: JSONValue = ["a": [1]]
        #expect(value.encodedString(.pretty) == "{\n  \"a\": [\n    1\n  ]\n}")
    }

    @Test func stringsAreEscaped() {
        let value: JSONValue = ["quote\"key": "line\nbreak\ttab\\ \u{1}"]
        #expect(value.encodedString() == #"{"quote\"key":"line\nbreak\ttab\\ \u0001"}"#)
    }

    @Test func emptyStringsAndKeysSurvive() throws {
        let value: JSONValue = ["": ""]
        #expect(value.encodedString() == #"{"":""}"#)
        #expect(try JSONValue.parse(value.encoded()) == value)
    }

    @Test func roundTripsThroughTextExactly() throws {
        let value: JSONValue = [
            "int": .integer(Int64.max), "neg": -1, "real": 0.1, "big": 1e300,
            "nested": ["list": [[:], [], "ü"]],
        ]
        #expect(try JSONValue.parse(value.encoded()) == value)
        #expect(try JSONValue.parse(value.encoded(.pretty)) == value)
    }

    @Test func nonFiniteRealsBecomeNull() {
        #expect(JSONValue.array([.number(.infinity), .number(.nan)]).encodedString() == "[null,null]")
    }
}
