import LangoCrypto
import Testing

@Suite struct HMACSHA256Tests {
    // RFC 4231 test cases 1, 2 and 6.
    @Test func matchesRFC4231() {
        let case1 = HMACSHA256.authenticationCode(
            key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8))
        #expect(Hex.encode(case1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")

        let case2 = HMACSHA256.authenticationCode(
            key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(case2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")

        let case6 = HMACSHA256.authenticationCode(
            key: [UInt8](repeating: 0xAA, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(Hex.encode(case6) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func validatesCodes() {
        let key = Array("secret".utf8)
        let message = Array("payload".utf8)
        let code = HMACSHA256.authenticationCode(key: key, message: message)
        #expect(HMACSHA256.isValid(code: code, key: key, message: message))
        #expect(!HMACSHA256.isValid(code: code, key: key, message: Array("payload!".utf8)))
        #expect(!HMACSHA256.isValid(code: Array(code.dropLast()), key: key, message: message))
    }
}
