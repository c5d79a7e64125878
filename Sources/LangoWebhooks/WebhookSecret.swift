import Foundation
import LangoCrypto

/// The key an endpoint verifies Lango's webhook signatures with: `whsec_` and the base64 of
/// 24 random bytes, as the Standard Webhooks specification writes it. Shown to the app once,
/// when created or rotated.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible {
    static let prefix = "whsec_"

    /// The HMAC key.
    public let key: [UInt8]

    /// A new random secret.
    public static func generate() -> WebhookSecret {
        WebhookSecret(key: SecureRandom.bytes(24))
    }

    /// A secret around `key` (at least 16 bytes; the spec asks for 24 to 64).
    public init(key: [UInt8]) {
        precondition(key.count >= 16, "a webhook secret needs at least 16 bytes")
        self.key = key
    }

    /// Reads `whsec_…` (the prefix optional, as the spec's libraries accept); `nil` for
    /// anything that is not base64 of 16 to 64 bytes.
    public init?(encoded: String) {
        let body = encoded.hasPrefix(Self.prefix) ? String(encoded.dropFirst(Self.prefix.count)) : encoded
        guard let data = Data(base64Encoded: body), (16...64).contains(data.count) else { return nil }
        self.key = Array(data)
    }

    /// `whsec_` and the base64 of the key: what the app stores.
    public var encoded: String { Self.prefix + Data(key).base64EncodedString() }

    /// Never the key itself: a secret in a log line would be one anyone could sign with.
    public var description: String { "whsec_…" }
}
