import Foundation
import LangoCrypto

/// The gateway's state directory, shared by `lango serve` and the admin commands.
public struct DataDirectory: Sendable {
    public let path: String
    /// Environment variable that supplies the API key pepper (hex), for several nodes sharing one store.
    public static let pepperVariable = "LANGO_API_KEY_PEPPER"

    public init(path: String) {
        self.path = path
    }

    /// Creates the directory (owner-only) if it does not exist.
    public func prepare() throws {
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// The secret API key hashes are keyed with: `LANGO_API_KEY_PEPPER` when set, otherwise the
    /// `api-key-pepper` file here, created with 32 random bytes on first use. Losing it makes
    /// every issued key unusable, so back it up with the database.
    public func apiKeyPepper(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8] {
        if let hex = environment[Self.pepperVariable] {
            guard let bytes = Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 16 else {
                throw ConfigurationError(description: "\(Self.pepperVariable) must be at least 32 hex characters")
            }
            return bytes
        }
        try prepare()
        let file = URL(fileURLWithPath: path).appendingPathComponent("api-key-pepper").path
        if !FileManager.default.fileExists(atPath: file) {
            // Written aside, then linked into place: link fails if another process won the race,
            // and nobody ever reads a half-written file.
            let draft = file + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
            let secret = Data((Hex.encode(SecureRandom.bytes(32)) + "\n").utf8)
            // Owner-only from the first byte, not chmod-ed after the fact.
            guard FileManager.default.createFile(atPath: draft, contents: secret, attributes: [.posixPermissions: 0o600]) else {
                throw ConfigurationError(description: "cannot create the API key pepper in \(path)")
            }
            _ = link(draft, file)
            unlink(draft)
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let bytes = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 16
        else {
            throw ConfigurationError(description: "cannot read the API key pepper at \(file): it must hold at least 32 hex characters")
        }
        return bytes
    }
}
