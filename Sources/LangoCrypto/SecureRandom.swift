import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let ok = bytes.withUnsafeMutableBytes { RAND_bytes($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(count)) }
        precondition(ok == 1, "RAND_bytes failed: the OpenSSL random generator is not seeded")
        return bytes
    }

    /// A random token of `byteCount` bytes written in lowercase base32 (RFC 4648 alphabet,
    /// no padding): URL- and header-safe, unambiguous to read aloud.
    public static func token(byteCount: Int) -> String {
        Base32.encode(bytes(byteCount))
    }
}
