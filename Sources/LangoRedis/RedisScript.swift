import Synchronization

/// A Lua script run with ``RedisClient/evaluate(_:keys:arguments:)``.
///
/// The script's SHA1 comes from `SCRIPT LOAD` on first use and is kept with the script (it
/// depends only on the source), so later runs send just `EVALSHA`. Keep one `RedisScript` per
/// script text, typically in a `static let`.
public struct RedisScript: Sendable {
    /// The Lua source.
    public let source: String
    let digest: Digest

    /// A script with this Lua source.
    public init(_ source: String) {
        self.source = source
        self.digest = Digest()
    }

    /// The SHA1 the server reported for the source, once known; shared by copies of the script.
    final class Digest: Sendable {
        private let sha1 = Mutex<String?>(nil)

        var value: String? {
            get { sha1.withLock { $0 } }
            set { sha1.withLock { $0 = newValue } }
        }
    }
}
