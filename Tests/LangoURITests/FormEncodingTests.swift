import LangoURI
import Testing

@Suite struct FormEncodingTests {
    static func parse(_ text: String) -> [String]? {
        FormEncoding.parse(Array(text.utf8))?.map { "\($0.name)=\($0.value)" }
    }

    @Test func readsPairsInOrder() {
        #expect(Self.parse("grant_type=client_credentials&scope=accounts+payments") == ["grant_type=client_credentials", "scope=accounts payments"])
        #expect(Self.parse("a=1&a=2") == ["a=1", "a=2"])
        #expect(Self.parse("") == [])
        #expect(Self.parse("flag&empty=&=value") == ["flag=", "empty=", "=value"])
        #expect(Self.parse("&&a=1&") == ["a=1"])
        #expect(Self.parse("k=a=b") == ["k=a=b"])
    }

    @Test func decodesEscapes() {
        #expect(Self.parse("redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1") == ["redirect_uri=https://app.example/cb?x=1"])
        #expect(Self.parse("plus=%2B&space=%20&name=J%C3%BCrgen") == ["plus=+", "space= ", "name=Jürgen"])
        #expect(Self.parse("lower=%2f%2F") == ["lower=//"])
    }

    @Test func refusesMalformedEscapesAndBadUTF8() {
        for text in ["a=%", "a=%2", "a=%zz", "a=%G0", "%=1", "a=%C3", "a=%FF%FE"] {
            #expect(Self.parse(text) == nil, "\(text)")
        }
    }
}
