import LangoCrypto
import LangoJOSE
import LangoJSON
import Testing

@Suite struct JSONWebKeyTests {
    static func jwk(_ algorithm: SignatureAlgorithm, kid: String = "k1") throws -> JSONObject {
        let key = JSONWebKey(keyID: kid, publicKey: try SigningKey.generate(algorithm).publicKey)
        return try #require(try key.jsonValue.objectValue)
    }

    static func changed(_ object: JSONObject, _ edit: (inout [String: JSONValue]) -> Void) -> JSONValue {
        var members = Dictionary(uniqueKeysWithValues: object.map { ($0.key, $0.value) })
        edit(&members)
        return .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func roundTripsThroughJSON(algorithm: SignatureAlgorithm) throws {
        let object = try Self.jwk(algorithm)
        #expect(object["alg"]?.stringValue == algorithm.rawValue)
        #expect(object["use"]?.stringValue == "sig")
        let read = try JSONWebKey(.object(object))
        #expect(read.keyID == "k1")
        #expect(read.algorithm == algorithm)
        #expect(try read.jsonValue == .object(object))
    }

    @Test func algAndUseAreOptional() throws {
        let object = try Self.jwk(.es256)
        let bare = Self.changed(object) {
            $0["alg"] = nil
            $0["use"] = nil
        }
        #expect(try JSONWebKey(bare).algorithm == .es256)
    }

    @Test func acceptsCoordinatesWithoutLeadingZeros() throws {
        // Find a key whose x starts with a zero byte, as some libraries then shorten it.
        var key = try SigningKey.generate(.es256)
        while case .p256(let x, _) = try key.publicKey.components, x[0] != 0 {
            key = try SigningKey.generate(.es256)
        }
        guard case .p256(let x, let y) = try key.publicKey.components else { return }
        let shortened: JSONValue = [
            "kty": "EC", "crv": "P-256", "kid": "k", "x": .string(Base64URL.encode(x.drop { $0 == 0 })), "y": .string(Base64URL.encode(y)),
        ]
        let read = try JSONWebKey(shortened)
        #expect(try read.publicKey.components == .p256(x: x, y: y))
        let tooLong: JSONValue = ["kty": "EC", "crv": "P-256", "kid": "k", "x": .string(Base64URL.encode([1] + x)), "y": .string(Base64URL.encode(y))]
        #expect(throws: JOSEError.invalidKey(#"key "k": invalid key: P-256 coordinates must be 32 bytes each"#)) { try JSONWebKey(tooLong) }
    }

    @Test func refusesUnusableKeys() throws {
        let ec = try Self.jwk(.es256)
        let rsa = try Self.jwk(.ps256)
        let cases: [(JSONValue, String)] = [
            ("x", "unusable key: a JWK must be a JSON object"),
            (Self.changed(ec) { $0["d"] = "AAAA" }, #"unusable key: the JWK carries the private member "d""#),
            (Self.changed(ec) { $0["kid"] = nil }, "unusable key: the JWK has no kid"),
            (Self.changed(ec) { $0["kid"] = "" }, "unusable key: the JWK has no kid"),
            (Self.changed(ec) { $0["use"] = "enc" }, #"unusable key: key "k1" is not for signatures (use)"#),
            (Self.changed(ec) { $0["crv"] = "P-384" }, #"unusable key: key "k1": only the P-256 curve is accepted"#),
            (Self.changed(ec) { $0["kty"] = "oct" }, #"unusable key: key "k1": key type "oct" is not accepted (EC or RSA)"#),
            (Self.changed(ec) { $0["kty"] = nil }, #"unusable key: key "k1": key type missing is not accepted (EC or RSA)"#),
            (Self.changed(ec) { $0["alg"] = "ES384" }, #"unusable key: key "k1": a P-256 key signs with ES256 only"#),
            (Self.changed(rsa) { $0["alg"] = "RS256" }, #"unusable key: key "k1": an RSA key signs with PS256 only"#),
            (Self.changed(ec) { $0["x"] = "not base64!" }, #"unusable key: key "k1": "x" must be a base64url number"#),
            (Self.changed(ec) { $0["y"] = 7 }, #"unusable key: key "k1": "y" must be a base64url number"#),
            (Self.changed(ec) { $0["x"] = .string(String(repeating: "A", count: 43)) }, #"unusable key: key "k1": invalid key: not a point on P-256"#),
        ]
        for (value, reason) in cases {
            #expect(throws: JOSEError.invalidKey(String(reason.dropFirst("unusable key: ".count)))) { try JSONWebKey(value) }
        }
    }

    @Test func keySetsNeedUniqueUsableKeys() throws {
        let first = try Self.jwk(.es256, kid: "a")
        let second = try Self.jwk(.ps256, kid: "b")
        let set = try JSONWebKeySet(.object(["keys": [.object(first), .object(second)]]))
        #expect(set.keys.map(\.keyID) == ["a", "b"])
        #expect(set.key(id: "b")?.algorithm == .ps256)
        #expect(set.key(id: "c") == nil)
        #expect(try JSONWebKeySet(set.jsonValue).keys.map(\.keyID) == ["a", "b"])

        #expect(throws: JOSEError.invalidKey(#"two keys share the kid "a""#)) {
            try JSONWebKeySet(.object(["keys": [.object(first), .object(first)]]))
        }
        #expect(throws: JOSEError.invalidKey(#"a JWK set must be an object with a "keys" array"#)) { try JSONWebKeySet([.object(first)]) }
        #expect(throws: JOSEError.invalidKey("the JWK carries the private member \"d\"")) {
            try JSONWebKeySet(.object(["keys": [.object(first), Self.changed(second) { $0["d"] = "AA" }]]))
        }
    }

    /// authlib computes RFC 7638 thumbprints independently; ours must match its `kid`.
    @Test(arguments: SignatureAlgorithm.allCases)
    func thumbprintsMatchAuthlib(algorithm: SignatureAlgorithm) async throws {
        let answer = try await PythonJOSE.ask(["op": "sign", "alg": .string(algorithm.rawValue), "claims": ["exp": 1]])
        let keys = try JSONWebKeySet(try #require(answer["jwks"]))
        let key = try #require(keys.keys.first)
        #expect(try JSONWebKey.thumbprint(of: key.publicKey) == key.keyID)
    }
}
