import Foundation
import LangoCrypto
import LangoJOSE
import LangoJSON
import Testing

@Suite struct JWTVerifierTests {
    static let issuer = "https://lango.example"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let nowSeconds: Int64 = 1_800_000_000

    struct Signer {
        let key: SigningKey
        let keys: JSONWebKeySet

        init(_ algorithm: SignatureAlgorithm = .es256) throws {
            key = try SigningKey.generate(algorithm)
            keys = JSONWebKeySet([JSONWebKey(keyID: "k1", publicKey: key.publicKey)])
        }

        func token(_ claims: JSONObject, type: String? = "at+jwt") throws -> String {
            try CompactJWS.sign(
                payload: Array(JSONValue.object(claims).encodedString(.compact).utf8), header: type.map { ["typ": .string($0)] } ?? [:],
                key: key, keyID: "k1")
        }
    }

    static func claims(_ edit: (inout [String: JSONValue]) -> Void = { _ in }) -> JSONObject {
        var members: [String: JSONValue] = [
            "iss": .string(issuer), "sub": "C0001", "aud": "https://api.lango.example", "exp": .integer(nowSeconds + 300),
            "iat": .integer(nowSeconds), "jti": "t1", "scope": "accounts",
        ]
        edit(&members)
        return JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static let verifier = JWTVerifier(type: "at+jwt", issuer: issuer, audiences: ["https://api.lango.example"])

    @Test func acceptsAGoodToken() throws {
        let signer = try Signer()
        let claims = try Self.verifier.verify(try signer.token(Self.claims()), keys: signer.keys, now: Self.now)
        #expect(claims.issuer == Self.issuer)
        #expect(claims.subject == "C0001")
        #expect(claims.audience == ["https://api.lango.example"])
        #expect(claims.tokenID == "t1")
        #expect(claims["scope"]?.stringValue == "accounts")
        #expect(claims.expiry == Self.now.addingTimeInterval(300))
    }

    @Test func acceptsTypeVariantsAndAudienceLists() throws {
        let signer = try Signer()
        let listed = Self.claims { $0["aud"] = ["https://other.example", "https://api.lango.example"] }
        for type in ["at+jwt", "AT+JWT", "application/at+jwt"] {
            _ = try Self.verifier.verify(try signer.token(listed, type: type), keys: signer.keys, now: Self.now)
        }
    }

    @Test func refusesTokensThatFailAClaim() throws {
        let signer = try Signer()
        let cases: [(JSONObject, String?, JOSEError)] = [
            (Self.claims(), nil, .wrongType(expected: "at+jwt", found: nil)),
            (Self.claims(), "JWT", .wrongType(expected: "at+jwt", found: "JWT")),
            (Self.claims { $0["iss"] = "https://evil.example" }, "at+jwt", .claim(#"the issuer (iss) is not "https://lango.example""#)),
            (Self.claims { $0["iss"] = nil }, "at+jwt", .claim(#"the issuer (iss) is not "https://lango.example""#)),
            (Self.claims { $0["iss"] = 5 }, "at+jwt", .claim(#""iss" must be a string"#)),
            (Self.claims { $0["aud"] = "https://other.example" }, "at+jwt", .claim("the token is not meant for this audience (aud)")),
            (Self.claims { $0["aud"] = nil }, "at+jwt", .claim("the token is not meant for this audience (aud)")),
            (Self.claims { $0["aud"] = ["https://api.lango.example", 5] }, "at+jwt", .claim(#""aud" must be a string or an array of strings"#)),
            (Self.claims { $0["exp"] = nil }, "at+jwt", .claim("the token has no expiry (exp)")),
            (Self.claims { $0["exp"] = "soon" }, "at+jwt", .claim(#""exp" must be a number of seconds"#)),
            (Self.claims { $0["nbf"] = true }, "at+jwt", .claim(#""nbf" must be a number of seconds"#)),
            (Self.claims { $0["exp"] = .integer(Self.nowSeconds - 30) }, "at+jwt", .expired),
            (Self.claims { $0["nbf"] = .integer(Self.nowSeconds + 31) }, "at+jwt", .notYetValid),
            (Self.claims { $0["iat"] = .integer(Self.nowSeconds + 31) }, "at+jwt", .notYetValid),
        ]
        for (claims, type, error) in cases {
            #expect(throws: error) { try Self.verifier.verify(try signer.token(claims, type: type), keys: signer.keys, now: Self.now) }
        }
    }

    @Test func acceptsFractionalTimes() throws {
        let signer = try Signer()
        let fractional = try signer.token(Self.claims { $0["exp"] = .number(Double(Self.nowSeconds) + 0.5) })
        var strict = Self.verifier
        strict.leeway = .zero
        #expect(try strict.verify(fractional, keys: signer.keys, now: Self.now).expiry == Self.now.addingTimeInterval(0.5))
        #expect(throws: JOSEError.expired) { try strict.verify(fractional, keys: signer.keys, now: Self.now.addingTimeInterval(0.5)) }
    }

    @Test func aSoleAudienceCanBeRequired() throws {
        let signer = try Signer()
        var strict = Self.verifier
        strict.requiresSoleAudience = true
        _ = try strict.verify(try signer.token(Self.claims()), keys: signer.keys, now: Self.now)
        let injected = Self.claims { $0["aud"] = ["https://api.lango.example", "https://evil.example"] }
        #expect(throws: JOSEError.claim(#""aud" must be the issuer identifier alone, as a string"#)) {
            try strict.verify(try signer.token(injected), keys: signer.keys, now: Self.now)
        }
        _ = try Self.verifier.verify(try signer.token(injected), keys: signer.keys, now: Self.now)
    }

    @Test func expiryCanBeStricterThanIssueTime() throws {
        let signer = try Signer()
        var verifier = Self.verifier
        verifier.expiryLeeway = .zero
        let aheadClock = Self.claims { $0["iat"] = .integer(Self.nowSeconds + 20) }
        _ = try verifier.verify(try signer.token(aheadClock), keys: signer.keys, now: Self.now)
        let justExpired = Self.claims { $0["exp"] = .integer(Self.nowSeconds) }
        #expect(throws: JOSEError.expired) { try verifier.verify(try signer.token(justExpired), keys: signer.keys, now: Self.now) }
    }

    @Test func leewayForgivesSmallSkewOnly() throws {
        let signer = try Signer()
        let justExpired = try signer.token(Self.claims { $0["exp"] = .integer(Self.nowSeconds - 29) })
        _ = try Self.verifier.verify(justExpired, keys: signer.keys, now: Self.now)
        var strict = Self.verifier
        strict.leeway = .zero
        #expect(throws: JOSEError.expired) { try strict.verify(justExpired, keys: signer.keys, now: Self.now) }
        let atExpiry = try signer.token(Self.claims { $0["exp"] = .integer(Self.nowSeconds) })
        #expect(throws: JOSEError.expired) { try strict.verify(atExpiry, keys: signer.keys, now: Self.now) }
    }

    @Test func limitsLifetimeWhenAsked() throws {
        let signer = try Signer()
        var assertions = Self.verifier
        assertions.maximumLifetime = .seconds(60)
        #expect(throws: JOSEError.claim("the token lives longer than 60 seconds")) {
            try assertions.verify(try signer.token(Self.claims()), keys: signer.keys, now: Self.now)
        }
        #expect(throws: JOSEError.claim("the token has no issue time (iat)")) {
            try assertions.verify(try signer.token(Self.claims { $0["iat"] = nil }), keys: signer.keys, now: Self.now)
        }
        _ = try assertions.verify(
            try signer.token(Self.claims { $0["exp"] = .integer(Self.nowSeconds + 60) }), keys: signer.keys, now: Self.now)
    }

    @Test func refusesAPayloadThatIsNotAnObject() throws {
        let signer = try Signer()
        let token = try CompactJWS.sign(payload: Array("[1]".utf8), header: ["typ": "at+jwt"], key: signer.key, keyID: "k1")
        #expect(throws: JOSEError.malformed("the payload is not a JSON object")) {
            try Self.verifier.verify(token, keys: signer.keys, now: Self.now)
        }
    }

    // Interoperability with authlib, in both directions.

    @Test(arguments: SignatureAlgorithm.allCases)
    func authlibVerifiesOurTokens(algorithm: SignatureAlgorithm) async throws {
        let signer = try Signer(algorithm)
        let liveClaims = Self.claims { $0["exp"] = .integer(Int64(Date().timeIntervalSince1970) + 300); $0["iat"] = nil }
        let answer = try await PythonJOSE.ask([
            "op": "verify", "token": .string(try signer.token(liveClaims)), "jwks": try signer.keys.jsonValue, "iss": .string(Self.issuer),
            "aud": "https://api.lango.example",
        ])
        #expect(answer["error"] == nil)
        #expect(answer["claims"]?["sub"]?.stringValue == "C0001")
        #expect(answer["header"]?["alg"]?.stringValue == algorithm.rawValue)

        let wrongKeys = try Signer(algorithm).keys
        let refused = try await PythonJOSE.ask([
            "op": "verify", "token": .string(try signer.token(liveClaims)), "jwks": try wrongKeys.jsonValue, "iss": .string(Self.issuer),
            "aud": "https://api.lango.example",
        ])
        #expect(refused["error"]?.stringValue?.contains("BadSignatureError") == true)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func weVerifyAuthlibsTokens(algorithm: SignatureAlgorithm) async throws {
        let answer = try await PythonJOSE.ask([
            "op": "sign", "alg": .string(algorithm.rawValue), "header": ["typ": "at+jwt"], "claims": .object(Self.claims()),
        ])
        let token = try #require(answer["token"]?.stringValue)
        let keys = try JSONWebKeySet(try #require(answer["jwks"]))
        let claims = try Self.verifier.verify(token, keys: keys, now: Self.now)
        #expect(claims.subject == "C0001")
        #expect(throws: JOSEError.badSignature) {
            try Self.verifier.verify(token, keys: JSONWebKeySet([JSONWebKey(keyID: keys.keys[0].keyID, publicKey: try SigningKey.generate(algorithm).publicKey)]), now: Self.now)
        }
    }
}
