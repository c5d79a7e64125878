import LangoCrypto
import LangoJSON

/// A JWS in compact serialization (RFC 7515 §7.1): `header.payload.signature`, each base64url.
///
/// Parsing checks the form only; ``verified(by:)`` checks the signature. Only ES256 and PS256
/// are accepted, so `none` and the HMAC algorithms (which would let a public key be used as an
/// HMAC secret) are refused before any key is looked at.
public struct CompactJWS: Sendable {
    /// Tokens longer than this are refused unread.
    public static let maximumLength = 16 * 1024

    public let header: JSONObject
    public let payload: [UInt8]
    public let algorithm: SignatureAlgorithm
    /// The `kid` header, if any.
    public var keyID: String? { header["kid"]?.stringValue }
    /// The `typ` header, if any.
    public var type: String? { header["typ"]?.stringValue }

    private let signingInput: Substring
    private let signature: [UInt8]

    public init(_ token: String) throws(JOSEError) {
        guard token.utf8.count <= Self.maximumLength else { throw .malformed("longer than \(Self.maximumLength) bytes") }
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .malformed("a JWS has three dot-separated parts") }
        guard let headerBytes = Base64URL.decode(segments[0]), let payload = Base64URL.decode(segments[1]),
            let signature = Base64URL.decode(segments[2])
        else { throw .malformed("a part is not base64url") }
        guard let header = (try? JSONValue.parse(headerBytes))?.objectValue else { throw .malformed("the header is not a JSON object") }
        guard let name = header["alg"]?.stringValue else { throw .malformed("the header has no alg") }
        guard let algorithm = SignatureAlgorithm(rawValue: name) else { throw .unsupportedAlgorithm(name) }
        if header["crit"] != nil { throw .malformed("no critical header extensions are understood") }
        if let keyID = header["kid"], keyID.stringValue == nil { throw .malformed("kid must be a string") }
        if let type = header["typ"], type.stringValue == nil { throw .malformed("typ must be a string") }
        self.header = header
        self.payload = payload
        self.algorithm = algorithm
        self.signingInput = token[..<segments[1].endIndex]
        self.signature = signature
    }

    /// Checks the signature with the key `keys` holds under the header's `kid`, which must be
    /// for the header's algorithm. Without a `kid` (client libraries often leave it out), every
    /// key of the set for that algorithm is tried.
    public func verify(with keys: JSONWebKeySet) throws(JOSEError) {
        guard let keyID else {
            let candidates = keys.keys.filter { $0.algorithm == algorithm }
            guard !candidates.isEmpty else { throw .unknownKey(nil) }
            guard candidates.contains(where: { (try? verify(with: $0.publicKey)) != nil }) else { throw .badSignature }
            return
        }
        guard let key = keys.key(id: keyID) else { throw .unknownKey(keyID) }
        try verify(with: key.publicKey)
    }

    /// Checks the signature with `key`, which must be for the header's algorithm.
    public func verify(with key: PublicKey) throws(JOSEError) {
        guard key.algorithm == algorithm else { throw .unsupportedAlgorithm(algorithm.rawValue) }
        guard key.isValidSignature(signature, for: Array(signingInput.utf8)) else { throw .badSignature }
    }

    /// Signs `payload` with `key`, naming it `keyID`. `alg` and `kid` are set by this call;
    /// `header` adds the rest (such as `typ`).
    public static func sign(payload: [UInt8], header: JSONObject = [:], key: SigningKey, keyID: String) throws -> String {
        var members: [(String, JSONValue)] = [("alg", .string(key.algorithm.rawValue)), ("kid", .string(keyID))]
        members += header.filter { $0.key != "alg" && $0.key != "kid" }.map { ($0.key, $0.value) }
        let encodedHeader = Base64URL.encode(JSONValue.object(JSONObject(members)).encodedString(.compact))
        let signingInput = encodedHeader + "." + Base64URL.encode(payload)
        return signingInput + "." + Base64URL.encode(try key.sign(Array(signingInput.utf8)))
    }
}
