import Foundation
import LangoCrypto

/// One of Lango's token signing keys as the store keeps it: the private key sealed (see
/// ``SigningKeyVault``), and when it starts signing.
///
/// A key is published in the JWKS from the moment it is stored, signs from `activeFrom` until a
/// newer key's `activeFrom`, and stays published after that for as long as tokens it signed can
/// live. Nothing about a key changes after it is stored.
public struct SigningKeyRecord: Sendable, Hashable {
    /// The RFC 7638 thumbprint of the public key.
    public let keyID: String
    public let algorithm: SignatureAlgorithm
    /// The PKCS #8 PEM, sealed with AES-256-GCM under the vault's key, the key id as associated data.
    public let sealedPrivateKey: [UInt8]
    public let createdAt: Date
    public let activeFrom: Date

    public init(keyID: String, algorithm: SignatureAlgorithm, sealedPrivateKey: [UInt8], createdAt: Date, activeFrom: Date) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.sealedPrivateKey = sealedPrivateKey
        self.createdAt = createdAt
        self.activeFrom = activeFrom
    }
}

/// Storage for signing keys. `LangoStore` implements it on SQL; ``InMemorySigningKeyStore`` is
/// the twin for tests.
public protocol SigningKeyStore: Sendable {
    /// Every stored key, ordered by `activeFrom`, then key id.
    func signingKeys() async throws -> [SigningKeyRecord]
    /// Adds a key; a key id already stored is an error.
    func insertSigningKey(_ key: SigningKeyRecord) async throws
    /// Removes keys, by id; ids not stored are ignored.
    func deleteSigningKeys(_ keyIDs: [String]) async throws
}

/// The in-memory ``SigningKeyStore``.
public actor InMemorySigningKeyStore: SigningKeyStore {
    private var keys: [SigningKeyRecord] = []

    public init() {}

    public func signingKeys() -> [SigningKeyRecord] {
        keys.sorted { ($0.activeFrom, $0.keyID) < ($1.activeFrom, $1.keyID) }
    }

    public func insertSigningKey(_ key: SigningKeyRecord) throws {
        guard !keys.contains(where: { $0.keyID == key.keyID }) else { throw OAuthStoreError.duplicateSigningKey(key.keyID) }
        keys.append(key)
    }

    public func deleteSigningKeys(_ keyIDs: [String]) {
        keys.removeAll { keyIDs.contains($0.keyID) }
    }
}

/// A store refused a change that would break its rules.
public struct OAuthStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case duplicateSigningKey(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    public static func duplicateSigningKey(_ keyID: String) -> Self { Self(.duplicateSigningKey(keyID)) }

    public var description: String {
        switch kind {
        case .duplicateSigningKey(let keyID): "a signing key with id \(keyID) is already stored"
        }
    }
}
