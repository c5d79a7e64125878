import LangoURI
import Testing

@Suite struct PercentEncodingTests {
    @Test func keepsUnreservedCharacters() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
    }

    @Test func encodesEverythingElseAsUTF8Bytes() {
        #expect(PercentEncoding.encode("a/b c?d=e&f") == "a%2Fb%20c%3Fd%3De%26f")
        #expect(PercentEncoding.encode("2026-08-01T00:00:00+03:00") == "2026-08-01T00%3A00%3A00%2B03%3A00")
        #expect(PercentEncoding.encode("é") == "%C3%A9")
        #expect(PercentEncoding.encode("\u{0}\u{7F}") == "%00%7F")
        #expect(PercentEncoding.encode("") == "")
    }

    @Test func buildsQueryStrings() {
        #expect(PercentEncoding.query([("page", "2"), ("from", "2026-08-01T00:00:00"), ("q", "a&b")]) == "page=2&from=2026-08-01T00%3A00%3A00&q=a%26b")
        #expect(PercentEncoding.query([]) == "")
    }

    @Test func acceptsSubstrings() {
        let text = "x/y"
        #expect(PercentEncoding.encode(text[...]) == "x%2Fy")
    }
}
