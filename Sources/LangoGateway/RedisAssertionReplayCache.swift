import Foundation
import LangoCrypto
import LangoOAuth
import LangoRedis

/// The ``AssertionReplayCache`` every gateway node shares through Redis: one `SET NX` with an
/// expiry per assertion, so a `jti` is accepted once across all nodes.
struct RedisAssertionReplayCache: AssertionReplayCache {
    let client: RedisClient
    let clock: @Sendable () -> Date

    func firstUse(of id: String, until expiry: Date) async throws -> Bool {
        // The id is chosen by the client; hashing it bounds the key's length and alphabet.
        let key = "lango:jti:" + Hex.encode(SHA256.hash(id))
        let milliseconds = max(1, Int((expiry.timeIntervalSince(clock()) * 1000).rounded(.up)))
        let reply = try await client.send(["SET", key, "1", "NX", "PX", String(milliseconds)])
        switch reply {
        case .simpleString("OK"): return true
        case .null: return false
        default: throw OAuthError.serverError("Redis answered SET NX with \(reply)")
        }
    }
}
