import Foundation
import LangoCrypto
import LangoJOSE
import LangoJSON

/// The signing keys in force at one moment: the one that signs, and the ones published for
/// verification. A value computed from the stored records; it does no I/O.
public struct SigningKeyRing: Sendable {
    /// A key and its opened private half.
    public struct Entry: Sendable {
        public let record: SigningKeyRecord
        public let key: SigningKey
    }

    /// The key that signs now: the newest whose `activeFrom` has come. `nil` before any has.
    public let signing: Entry?
    /// Keys a verifier may need now: every stored key except those retired so long ago that no
    /// token they signed can still be alive, newest activation last.
    public let published: [Entry]
    /// Keys that can be deleted: retired longer ago than any token lives.
    public let expired: [SigningKeyRecord]

    /// `tokenLifetime` is the longest any token Lango signs may live.
    public init(_ entries: [Entry], at now: Date, tokenLifetime: Duration) {
        let ordered = entries.sorted { ($0.record.activeFrom, $0.record.keyID) < ($1.record.activeFrom, $1.record.keyID) }
        let lifetime = tokenLifetime.timeInterval
        var published: [Entry] = []
        var expired: [SigningKeyRecord] = []
        for (index, entry) in ordered.enumerated() {
            // A key stops signing when the next one starts; its tokens live `lifetime` more.
            let retiredAt = index + 1 < ordered.count ? ordered[index + 1].record.activeFrom : nil
            if let retiredAt, retiredAt.addingTimeInterval(lifetime) <= now {
                expired.append(entry.record)
            } else {
                published.append(entry)
            }
        }
        self.published = published
        self.expired = expired
        self.signing = ordered.last { $0.record.activeFrom <= now }
    }

    /// The published keys as a JWK set.
    public var keySet: JSONWebKeySet {
        JSONWebKeySet(published.map { JSONWebKey(keyID: $0.record.keyID, publicKey: $0.key.publicKey) })
    }
}
