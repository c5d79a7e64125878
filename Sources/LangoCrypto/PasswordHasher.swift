import COpenSSL
import Foundation

/// Hashes passwords with scrypt (RFC 7914) and checks them against stored hashes.
///
/// A hash is stored as a PHC string, `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (salt and hash in
/// unpadded standard base64), so it carries its own cost: raising ``Cost/standard`` later does
/// not strand existing hashes, and ``needsRehash(_:)`` says which to upgrade at next login.
public struct PasswordHasher: Sendable {
    /// scrypt's work factors: `N = 2^logN` iterations, block size `r`, parallelism `p`.
    public struct Cost: Sendable, Hashable {
        public let logN: Int
        public let r: Int
        public let p: Int

        /// N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds per hash.
        public static let standard = Cost(logN: 15, r: 8, p: 1)

        /// The most memory a check may take, 128·N·r·p bytes: 64 MiB. It bounds what a crafted
        /// stored hash can cost; CPU time grows with it.
        static let maximumMemory = 64 << 20

        /// Whether these factors are ones Lango computes: memory within ``maximumMemory`` and
        /// N below 2^(16·r), which scrypt requires.
        static func isAcceptable(logN: Int, r: Int, p: Int) -> Bool {
            guard (1...24).contains(logN), (1...32).contains(r), (1...16).contains(p), logN < 16 * r else { return false }
            let (product, overflow) = (128 << logN).multipliedReportingOverflow(by: r * p)
            return !overflow && product <= maximumMemory
        }

        public init(logN: Int, r: Int, p: Int) {
            precondition(Self.isAcceptable(logN: logN, r: r, p: p), "scrypt cost out of range")
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// The memory scrypt needs, 128·N·r·p bytes, plus room for its own bookkeeping.
        var memoryLimit: UInt64 { 128 * (UInt64(1) << UInt64(logN)) * UInt64(r) * UInt64(p) + 1 << 20 }
    }

    public let cost: Cost
    static let saltByteCount = 16
    static let hashByteCount = 32

    public init(cost: Cost = .standard) {
        self.cost = cost
    }

    /// A new salted hash of `password`, to store.
    public func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(Self.saltByteCount)
        // The cost was checked when it was made, so scrypt cannot refuse it.
        guard let derived = Self.scrypt(password, salt: salt, cost: cost) else { preconditionFailure("scrypt refused an accepted cost") }
        return "$scrypt$ln=\(cost.logN),r=\(cost.r),p=\(cost.p)$\(Self.base64(salt))$\(Self.base64(derived))"
    }

    /// Whether `password` matches `stored`, compared in constant time. A malformed hash, or one
    /// whose cost is out of bounds, matches nothing.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Parsed(stored),
            let derived = scrypt(password, salt: parsed.salt, cost: parsed.cost, length: parsed.hash.count)
        else { return false }
        return ConstantTime.equals(derived, parsed.hash)
    }

    /// Whether `stored` was made with another cost than this hasher's (or cannot be read), so
    /// it should be replaced after the next successful check.
    public func needsRehash(_ stored: String) -> Bool {
        Parsed(stored)?.cost != cost
    }

    private struct Parsed {
        let cost: Cost
        let salt: [UInt8]
        let hash: [UInt8]

        init?(_ stored: String) {
            let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
            guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
            var numbers: [String: Int] = [:]
            for parameter in fields[2].split(separator: ",") {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, let value = Int(pair[1]), numbers.updateValue(value, forKey: String(pair[0])) == nil else {
                    return nil
                }
            }
            guard numbers.count == 3, let logN = numbers["ln"], let r = numbers["r"], let p = numbers["p"],
                Cost.isAcceptable(logN: logN, r: r, p: p),
                let salt = PasswordHasher.unbase64(fields[3]), !salt.isEmpty,
                let hash = PasswordHasher.unbase64(fields[4]), (16...64).contains(hash.count)
            else { return nil }
            self.cost = Cost(logN: logN, r: r, p: p)
            self.salt = salt
            self.hash = hash
        }
    }

    /// The derived key, or `nil` when OpenSSL refuses the factors.
    private static func scrypt(_ password: String, salt: [UInt8], cost: Cost, length: Int = hashByteCount) -> [UInt8]? {
        var derived = [UInt8](repeating: 0, count: length)
        let secret = Array(password.utf8)
        let ok = secret.withUnsafeBufferPointer { passwordBytes in
            passwordBytes.withMemoryRebound(to: CChar.self) { passwordChars in
                EVP_PBE_scrypt(
                    passwordChars.baseAddress, passwordChars.count, salt, salt.count, UInt64(1) << UInt64(cost.logN), UInt64(cost.r),
                    UInt64(cost.p), cost.memoryLimit, &derived, derived.count)
            }
        }
        return ok == 1 ? derived : nil
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func unbase64(_ text: Substring) -> [UInt8]? {
        guard !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map(Array.init)
    }
}
