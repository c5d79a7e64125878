import LangoCrypto

/// Hashes API key secrets for storage and lookup: HMAC-SHA256 under an installation secret
/// (the pepper), so a copy of the database alone cannot be used to test guesses.
public struct KeyHasher: Sendable {
    private let pepper: [UInt8]

    /// `pepper` must be at least 16 bytes of secret randomness, the same on every gateway node.
    public init(pepper: [UInt8]) throws {
        guard pepper.count >= 16 else {
            throw IdentityError.invalid("the API key pepper must be at least 16 bytes, got \(pepper.count)")
        }
        self.pepper = pepper
    }

    /// The stored form of `secret`: lowercase hex of its HMAC-SHA256.
    public func hash(_ secret: String) -> String {
        Hex.encode(HMACSHA256.authenticationCode(key: pepper, message: Array(secret.utf8)))
    }
}

/// The shape of API key secrets: `lango_<sbx|live>_<32 base32 characters>`.
public enum APIKeySecret {
    static let randomByteCount = 20
    /// How many characters of a secret are kept as its displayable prefix.
    static let prefixLength = 15

    /// A fresh secret for an app in `environment`.
    static func generate(for environment: AppEnvironment) -> String {
        "lango_\(tag(environment))_" + SecureRandom.token(byteCount: randomByteCount)
    }

    /// Whether `text` could be a Lango key at all; anything else is refused without a lookup.
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "lango", parts[1] == "sbx" || parts[1] == "live", parts[2].count == 32 else {
            return false
        }
        return parts[2].unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) }
    }

    private static func tag(_ environment: AppEnvironment) -> String {
        switch environment {
        case .sandbox: "sbx"
        case .production: "live"
        }
    }
}
