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

    // RFC 4648 section 10 vectors, unpadded.
    @Test func base64URLMatchesRFC4648() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (input, expected) in vectors {
            #expect(Base64URL.encode(input) == expected)
            #expect(Base64URL.decode(expected) == Array(input.utf8))
        }
    }

    @Test func base64URLUsesTheURLSafeAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
        #expect(Base64URL.decode("+/+/") == nil)
    }

    @Test func base64URLDecodingIsStrict() {
        // Padding, impossible lengths, spaces and line breaks, and non-zero leftover bits ("Zm9"
        // would be "fo" with a stray bit: only "Zm8" is).
        for text in ["Zg==", "Z", "Zm9vY", "Zm9 v", "Zm9v\n", "Zh", "Zm9"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
    }
}
