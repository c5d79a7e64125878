import LangoCrypto

/// Seals and opens signing keys for the store, under a key derived from the installation
/// secret (the same secret on every gateway node), so a copy of the database alone holds no
/// usable private key.
public struct SigningKeyVault: Sendable {
    private let sealer: InstallationSealer

    /// `installationSecret` is the API key pepper (see ``InstallationSealer``).
    public init(installationSecret: [UInt8]) {
        sealer = InstallationSealer(installationSecret: installationSecret, purpose: "lango signing-key vault v1")
    }

    func seal(_ signingKey: SigningKey, keyID: String) throws -> [UInt8] {
        try sealer.seal(Array(try signingKey.pem.utf8), boundTo: keyID)
    }

    func open(_ record: SigningKeyRecord) throws -> SigningKey {
        let pem = try sealer.open(record.sealedPrivateKey, boundTo: record.keyID)
        return try SigningKey(pem: String(decoding: pem, as: UTF8.self), algorithm: record.algorithm)
    }
}
