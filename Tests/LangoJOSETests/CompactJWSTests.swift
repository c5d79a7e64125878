import LangoCrypto
import LangoJOSE
import LangoJSON
import Testing

@Suite struct CompactJWSTests {
    static let payload = Array(#"{"iss":"https://lango.example"}"#.utf8)

    static func header(_ json: String) -> String { Base64URL.encode(json) }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signsParsesAndVerifies(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let token = try CompactJWS.sign(payload: Self.payload, header: ["typ": "at+jwt", "alg": "none", "kid": "x"], key: key, keyID: "k1")
        let jws = try CompactJWS(token)
        #expect(jws.algorithm == algorithm)
        #expect(jws.keyID == "k1")
        #expect(jws.type == "at+jwt")
        #expect(jws.header.orderedKeys == ["alg", "kid", "typ"])
        #expect(jws.payload == Self.payload)
        try jws.verify(with: key.publicKey)
        try jws.verify(with: JSONWebKeySet([JSONWebKey(keyID: "k1", publicKey: key.publicKey)]))
    }

    @Test func refusesNoneAndHMACBeforeLookingAtKeys() {
        let body = Base64URL.encode(Self.payload)
        for algorithm in ["none", "HS256", "RS256", "ES384", "es256"] {
            let token = Self.header(#"{"alg":"\#(algorithm)","kid":"k1"}"#) + "." + body + "." + (algorithm == "none" ? "" : "c2ln")
            #expect(throws: JOSEError.unsupportedAlgorithm(algorithm)) { try CompactJWS(token) }
        }
    }

    @Test func refusesMalformedTokens() throws {
        let key = try SigningKey.generate(.es256)
        let good = try CompactJWS.sign(payload: Self.payload, key: key, keyID: "k1")
        let parts = good.split(separator: ".").map(String.init)
        let cases: [(String, JOSEError)] = [
            ("", .malformed("a JWS has three dot-separated parts")),
            (parts[0] + "." + parts[1], .malformed("a JWS has three dot-separated parts")),
            (good + ".", .malformed("a JWS has three dot-separated parts")),
            (parts[0] + "=." + parts[1] + "." + parts[2], .malformed("a part is not base64url")),
            (Self.header("[1]") + "." + parts[1] + "." + parts[2], .malformed("the header is not a JSON object")),
            (Self.header(#"{"alg":"ES256","alg":"none"}"#) + "." + parts[1] + "." + parts[2], .malformed("the header is not a JSON object")),
            (Self.header(#"{"kid":"k1"}"#) + "." + parts[1] + "." + parts[2], .malformed("the header has no alg")),
            (Self.header(#"{"alg":"ES256","crit":["b64"]}"#) + "." + parts[1] + "." + parts[2], .malformed("no critical header extensions are understood")),
            (Self.header(#"{"alg":"ES256","kid":1}"#) + "." + parts[1] + "." + parts[2], .malformed("kid must be a string")),
            (String(repeating: "a", count: CompactJWS.maximumLength + 1), .malformed("longer than 16384 bytes")),
        ]
        for (token, error) in cases {
            #expect(throws: error) { try CompactJWS(token) }
        }
    }

    @Test func refusesWrongKeysAndAlteredTokens() throws {
        let key = try SigningKey.generate(.es256)
        let token = try CompactJWS.sign(payload: Self.payload, key: key, keyID: "k1")
        let parts = token.split(separator: ".").map(String.init)

        let others = JSONWebKeySet([JSONWebKey(keyID: "k2", publicKey: key.publicKey)])
        #expect(throws: JOSEError.unknownKey("k1")) { try CompactJWS(token).verify(with: others) }
        // Without a kid, the keys for the token's algorithm are tried.
        let unnamed = Self.header(#"{"alg":"ES256"}"#) + "." + parts[1] + "." + parts[2]
        let unnamedSignature = try key.sign(Array((Self.header(#"{"alg":"ES256"}"#) + "." + parts[1]).utf8))
        let signedUnnamed = Self.header(#"{"alg":"ES256"}"#) + "." + parts[1] + "." + Base64URL.encode(unnamedSignature)
        let mixed = JSONWebKeySet([
            JSONWebKey(keyID: "a", publicKey: try SigningKey.generate(.es256).publicKey), JSONWebKey(keyID: "b", publicKey: key.publicKey),
        ])
        try CompactJWS(signedUnnamed).verify(with: mixed)
        #expect(throws: JOSEError.badSignature) { try CompactJWS(unnamed).verify(with: mixed) }
        let rsaOnly = JSONWebKeySet([JSONWebKey(keyID: "r", publicKey: try SigningKey.generate(.ps256).publicKey)])
        #expect(throws: JOSEError.unknownKey(nil)) { try CompactJWS(signedUnnamed).verify(with: rsaOnly) }
        #expect(throws: JOSEError.badSignature) { try CompactJWS(token).verify(with: SigningKey.generate(.es256).publicKey) }
        #expect(throws: JOSEError.unsupportedAlgorithm("ES256")) { try CompactJWS(token).verify(with: SigningKey.generate(.ps256).publicKey) }

        let altered = parts[0] + "." + Base64URL.encode(#"{"iss":"https://evil.example"}"#) + "." + parts[2]
        #expect(throws: JOSEError.badSignature) { try CompactJWS(altered).verify(with: key.publicKey) }
        // The same header and payload re-encoded differently are a different signing input.
        let reheadered = Self.header(#"{"kid":"k1","alg":"ES256"}"#) + "." + parts[1] + "." + parts[2]
        #expect(throws: JOSEError.badSignature) { try CompactJWS(reheadered).verify(with: key.publicKey) }
    }
}
