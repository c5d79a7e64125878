import Foundation
import LangoCrypto

/// Signing and verifying webhook requests as the Standard Webhooks specification says: the
/// `webhook-id`, `webhook-timestamp` and `webhook-signature` headers, the signature being `v1,`
/// and the base64 HMAC-SHA256 of `id.timestamp.body`; several signatures, space-separated,
/// while an endpoint's secret is being rotated.
public enum WebhookSignature {
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"
    /// How far a receiver accepts a timestamp from its own clock.
    public static let tolerance: TimeInterval = 300

    /// The headers of one delivery attempt of message `id` with `body`, signed with every
    /// secret in `secrets` (the current one first).
    public static func headers(id: String, timestamp: Date, body: [UInt8], secrets: [WebhookSecret]) -> [(String, String)] {
        let seconds = Int64(timestamp.timeIntervalSince1970.rounded(.down))
        return [
            (idHeader, id), (timestampHeader, String(seconds)),
            (signatureHeader, secrets.map { sign(id: id, timestamp: seconds, body: body, secret: $0) }.joined(separator: " ")),
        ]
    }

    /// `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under `secret`.
    public static func sign(id: String, timestamp: Int64, body: [UInt8], secret: WebhookSecret) -> String {
        "v1," + Data(HMACSHA256.authenticationCode(key: secret.key, message: signedContent(id: id, timestamp: timestamp, body: body)))
            .base64EncodedString()
    }

    /// What a receiver does: checks the timestamp is within ``tolerance`` of `now` and that one
    /// of the `v1` signatures in `signatureHeader` is `secret`'s. Throws ``WebhookVerificationError``.
    public static func verify(
        id: String, timestamp: String, signatures: String, body: [UInt8], secret: WebhookSecret, now: Date
    ) throws(WebhookVerificationError) {
        guard let seconds = Int64(timestamp) else { throw .malformedTimestamp }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { throw .timestampOutOfTolerance }
        let expected = Array(sign(id: id, timestamp: seconds, body: body, secret: secret).utf8)
        let offered = signatures.split(separator: " ").filter { $0.hasPrefix("v1,") }
        guard offered.contains(where: { ConstantTime.equals(Array($0.utf8), expected) }) else { throw .noMatchingSignature }
    }

    private static func signedContent(id: String, timestamp: Int64, body: [UInt8]) -> [UInt8] {
        Array("\(id).\(timestamp).".utf8) + body
    }
}

/// Why a webhook request did not verify.
public struct WebhookVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case malformedTimestamp, timestampOutOfTolerance, noMatchingSignature
    }

    private let kind: Kind

    /// `webhook-timestamp` is not whole seconds since 1970.
    public static let malformedTimestamp = Self(kind: .malformedTimestamp)
    /// The timestamp is more than ``WebhookSignature/tolerance`` from the receiver's clock (a replay?).
    public static let timestampOutOfTolerance = Self(kind: .timestampOutOfTolerance)
    /// No `v1` signature matches the secret.
    public static let noMatchingSignature = Self(kind: .noMatchingSignature)

    public var description: String {
        switch kind {
        case .malformedTimestamp: "webhook-timestamp is not a number of seconds"
        case .timestampOutOfTolerance: "webhook-timestamp is too far from now"
        case .noMatchingSignature: "no signature matches the secret"
        }
    }
}
