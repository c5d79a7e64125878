/// Why a JWS, JWT or JWK was refused. ``reason`` is safe to show to the party that sent it
/// (it names no key material), as in an RFC 6750 `error_description`.
public struct JOSEError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case malformed(String)
        case unsupportedAlgorithm(String)
        case unknownKey(String?)
        case badSignature
        case wrongType(expected: String, found: String?)
        case claim(String)
        case expired
        case notYetValid
        case invalidKey(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Not a well-formed token or key: bad segments, base64url, JSON or members.
    public static func malformed(_ detail: String) -> Self { Self(.malformed(detail)) }
    /// An `alg` outside the allowed list, including `none` and every HMAC algorithm.
    public static func unsupportedAlgorithm(_ name: String) -> Self { Self(.unsupportedAlgorithm(name)) }
    /// No key with this `kid`, or, without a `kid`, no key for the token's algorithm.
    public static func unknownKey(_ keyID: String?) -> Self { Self(.unknownKey(keyID)) }
    public static let badSignature = Self(.badSignature)
    /// A `typ` header other than the one required.
    public static func wrongType(expected: String, found: String?) -> Self { Self(.wrongType(expected: expected, found: found)) }
    /// A claim that is missing, of the wrong type, or not the value required.
    public static func claim(_ detail: String) -> Self { Self(.claim(detail)) }
    public static let expired = Self(.expired)
    public static let notYetValid = Self(.notYetValid)
    /// A JWK that cannot be used: unsupported type or curve, bad numbers, private members.
    public static func invalidKey(_ detail: String) -> Self { Self(.invalidKey(detail)) }

    /// Whether the token names a key (or an algorithm) the given keys do not have.
    public var isUnknownKey: Bool {
        if case .unknownKey = kind { true } else { false }
    }

    /// Whether no given key verified the token's signature (no key for its `kid` or algorithm,
    /// or a signature that does not verify): nothing else about the token can be trusted.
    public var isSignatureFailure: Bool {
        switch kind {
        case .badSignature, .unknownKey, .unsupportedAlgorithm: true
        default: false
        }
    }

    public var reason: String {
        switch kind {
        case .malformed(let detail): "malformed token: \(detail)"
        case .unsupportedAlgorithm(let name): "algorithm \"\(name)\" is not accepted"
        case .unknownKey(let keyID): keyID.map { "no key with kid \"\($0)\"" } ?? "the token names no key (kid) and no key fits its algorithm"
        case .badSignature: "the signature does not verify"
        case .wrongType(let expected, let found): "token type must be \"\(expected)\", found \(found.map { "\"\($0)\"" } ?? "none")"
        case .claim(let detail): detail
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .invalidKey(let detail): "unusable key: \(detail)"
        }
    }

    public var description: String { reason }
}
