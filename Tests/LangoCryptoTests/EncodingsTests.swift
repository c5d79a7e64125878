import LangoCrypto
import Testing

@Suite struct EncodingsTests {
    @Test func hexRoundTrips() {
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    // RFC 4648 section 10 vectors, lowercased and unpadded.
    @Test func base32MatchesRFC4648() {
        let vectors = ["": "", "f": "my", "fo": "mzxq", "foo": "mzxw6", "foob": "mzxw6yq", "fooba": "mzxw6ytb", "foobar": "mzxw6ytboi"]
        for (input, expected) in vectors {
            #expect(Base32.encode(Array(input.utf8)) == expected)
        }
    }
}
