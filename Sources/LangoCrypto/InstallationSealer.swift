/// Seals values for the store with AES-256-GCM under a key derived from the installation
/// secret (the same on every gateway node) for one purpose, each value bound to what it belongs
/// to (the associated data): a copy of the database alone opens nothing, and a sealed value
/// moved to another owner does not open.
public struct InstallationSealer: Sendable {
    private let key: [UInt8]

    /// `installationSecret` is the API key pepper. The key is HKDF-Extract of it with `purpose`
    /// as the salt — HMAC keyed by the label over the secret — a different function from the API
    /// key hashes (HMAC keyed by the secret over the key), so no stored or logged hash can stand
    /// in for it.
    public init(installationSecret: [UInt8], purpose: String) {
        key = HMACSHA256.authenticationCode(key: Array(purpose.utf8), message: installationSecret)
    }

    public func seal(_ plaintext: [UInt8], boundTo owner: String) throws -> [UInt8] {
        try AESGCM.seal(plaintext, key: key, associatedData: Array(owner.utf8))
    }

    public func open(_ sealed: [UInt8], boundTo owner: String) throws -> [UInt8] {
        try AESGCM.open(sealed, key: key, associatedData: Array(owner.utf8))
    }
}
