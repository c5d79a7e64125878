import LangoJSON
import Testing

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#"{"n":null,"t":true,"f":false,"i":-42,"r":2.5,"s":"héllo","a":[1,"x"],"o":{}}"#)
        #expect(value["n"] == .null)
        #expect(value["t"] == .bool(true))
        #expect(value["f"]?.boolValue == false)
        #expect(value["i"] == .integer(-42))
        #expect(value["r"] == .number(2.5))
        #expect(value["s"]?.stringValue == "héllo")
        #expect(value["a"] == [1, "x"])
        #expect(value["o"] == .object(JSONObject()))
        #expect(value["missing"] == nil)
    }

    @Test func keepsDocumentKeyOrder() throws {
        let value = try JSONValue.parse(#"{"zebra":1,"apple":2,"mango":3}"#)
        #expect(value.objectValue?.orderedKeys == ["zebra", "apple", "mango"])
    }

    @Test func acceptsScalarsAtTheTopLevel() throws {
        #expect(try JSONValue.parse("17") == .integer(17))
        #expect(try JSONValue.parse(#""text""#) == .string("text"))
    }

    @Test func integerValueAcceptsIntegralRealsOnly() {
        #expect(JSONValue.number(3.0).integerValue == 3)
        #expect(JSONValue.number(3.5).integerValue == nil)
        #expect(JSONValue.string("3").integerValue == nil)
    }

    @Test func objectSubscriptReplacesAppendsAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = 10
        object["c"] = 3
        object["b"] = nil
        #expect(object.orderedKeys == ["a", "c"])
        #expect(object["a"] == 10)
        #expect(object.count == 2)
    }

    @Test func typeNamesAreReadable() {
        #expect(JSONValue.integer(1).typeName == "integer")
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.object(JSONObject()).typeName == "object")
    }
}
