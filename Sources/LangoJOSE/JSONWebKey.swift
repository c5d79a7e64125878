import LangoCrypto
import LangoJSON

/// A public JSON Web Key (RFC 7517) that verifies ES256 or PS256 signatures.
public struct JSONWebKey: Sendable {
    /// The key id (`kid`): how a JWS header names the key.
    public let keyID: String
    public let publicKey: PublicKey

    public var algorithm: SignatureAlgorithm { publicKey.algorithm }

    public init(keyID: String, publicKey: PublicKey) {
        self.keyID = keyID
        self.publicKey = publicKey
    }

    /// Reads a JWK: `EC` on `P-256` or `RSA`, with a `kid`; `alg`, when present, must be ES256
    /// for EC and PS256 for RSA, and `use`, when present, `sig`. Private members (`d`, `p`…) are
    /// refused: a published key set must never carry them.
    public init(_ value: JSONValue) throws(JOSEError) {
        guard let object = value.objectValue else { throw .invalidKey("a JWK must be a JSON object") }
        for member in ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] where object[member] != nil {
            throw .invalidKey("the JWK carries the private member \"\(member)\"")
        }
        guard let keyID = object["kid"]?.stringValue, !keyID.isEmpty else { throw .invalidKey("the JWK has no kid") }
        if let use = object["use"], use.stringValue != "sig" { throw .invalidKey("key \"\(keyID)\" is not for signatures (use)") }
        let components: PublicKey.Components
        let algorithm: SignatureAlgorithm
        switch object["kty"]?.stringValue {
        case "EC":
            guard object["crv"]?.stringValue == "P-256" else { throw .invalidKey("key \"\(keyID)\": only the P-256 curve is accepted") }
            // RFC 7518 wants full-width coordinates, but some libraries drop leading zero bytes
            // (one key in 128 or so); the number is the same, so it is padded back.
            components = .p256(
                x: Self.padded(try Self.number("x", of: object, keyID), to: 32), y: Self.padded(try Self.number("y", of: object, keyID), to: 32))
            algorithm = .es256
        case "RSA":
            components = .rsa(modulus: try Self.number("n", of: object, keyID), exponent: try Self.number("e", of: object, keyID))
            algorithm = .ps256
        case let type:
            throw .invalidKey("key \"\(keyID)\": key type \(type.map { "\"\($0)\"" } ?? "missing") is not accepted (EC or RSA)")
        }
        if let declared = object["alg"], declared.stringValue != algorithm.rawValue {
            throw .invalidKey("key \"\(keyID)\": \(algorithm == .es256 ? "a P-256" : "an RSA") key signs with \(algorithm.rawValue) only")
        }
        do {
            self.init(keyID: keyID, publicKey: try PublicKey(components, algorithm: algorithm))
        } catch {
            throw .invalidKey("key \"\(keyID)\": \(error)")
        }
    }

    /// The key as a JWK object, members in a fixed order.
    public var jsonValue: JSONValue {
        get throws {
            var members: [(String, JSONValue)]
            switch try publicKey.components {
            case .p256(let x, let y):
                members = [("kty", "EC"), ("crv", "P-256"), ("x", .string(Base64URL.encode(x))), ("y", .string(Base64URL.encode(y)))]
            case .rsa(let modulus, let exponent):
                members = [("kty", "RSA"), ("n", .string(Base64URL.encode(modulus))), ("e", .string(Base64URL.encode(exponent)))]
            }
            members += [("kid", .string(keyID)), ("use", "sig"), ("alg", .string(algorithm.rawValue))]
            return .object(JSONObject(members))
        }
    }

    /// The RFC 7638 thumbprint of a public key: SHA-256 over its required members, in order,
    /// base64url. Lango uses it as the `kid` of keys it makes.
    public static func thumbprint(of key: PublicKey) throws -> String {
        // The required members, lexicographically ordered, no whitespace; every value is
        // base64url or a fixed name, so nothing needs escaping.
        let canonical =
            switch try key.components {
            case .p256(let x, let y): #"{"crv":"P-256","kty":"EC","x":"\#(Base64URL.encode(x))","y":"\#(Base64URL.encode(y))"}"#
            case .rsa(let modulus, let exponent): #"{"e":"\#(Base64URL.encode(exponent))","kty":"RSA","n":"\#(Base64URL.encode(modulus))"}"#
            }
        return Base64URL.encode(SHA256.hash(canonical))
    }

    private static func padded(_ bytes: [UInt8], to width: Int) -> [UInt8] {
        bytes.count < width ? [UInt8](repeating: 0, count: width - bytes.count) + bytes : bytes
    }

    private static func number(_ member: String, of object: JSONObject, _ keyID: String) throws(JOSEError) -> [UInt8] {
        guard let text = object[member]?.stringValue, let bytes = Base64URL.decode(text), !bytes.isEmpty else {
            throw .invalidKey("key \"\(keyID)\": \"\(member)\" must be a base64url number")
        }
        return bytes
    }
}

/// A JWK Set (RFC 7517 §5): the keys a party verifies with, looked up by `kid`.
public struct JSONWebKeySet: Sendable {
    public let keys: [JSONWebKey]

    public init(_ keys: [JSONWebKey]) {
        self.keys = keys
    }

    /// Reads `{"keys": [...]}`. Every key must be usable and `kid`s unique: a client's key set
    /// with a broken key is refused when it is registered, not discovered at the first token.
    public init(_ value: JSONValue) throws(JOSEError) {
        guard let entries = value["keys"]?.arrayValue else { throw .invalidKey("a JWK set must be an object with a \"keys\" array") }
        var keys: [JSONWebKey] = []
        for entry in entries {
            let key = try JSONWebKey(entry)
            guard !keys.contains(where: { $0.keyID == key.keyID }) else { throw .invalidKey("two keys share the kid \"\(key.keyID)\"") }
            keys.append(key)
        }
        self.init(keys)
    }

    public func key(id: String) -> JSONWebKey? {
        keys.first { $0.keyID == id }
    }

    public var jsonValue: JSONValue {
        get throws { .object(["keys": .array(try keys.map { try $0.jsonValue })]) }
    }
}
