import LangoCrypto

/// Seals and opens signing keys for the store, under a key derived from the installation
/// secret (the same secret on every gateway node), so a copy of the database alone holds no
/// usable private key.
public struct SigningKeyVault: Sendable {
    private let key: [UInt8]

    /// `installationSecret` is the API key pepper; the vault's key is derived from it for this
    /// one purpose, so neither use can stand in for the other.
    public init(installationSecret: [UInt8]) {
        key = HMACSHA256.authenticationCode(key: installationSecret, message: Array("lango signing-key vault v1".utf8))
    }

    func seal(_ signingKey: SigningKey, keyID: String) throws -> [UInt8] {
        try AESGCM.seal(Array(try signingKey.pem.utf8), key: key, associatedData: Array(keyID.utf8))
    }

    func open(_ record: SigningKeyRecord) throws -> SigningKey {
        let pem = try AESGCM.open(record.sealedPrivateKey, key: key, associatedData: Array(record.keyID.utf8))
        return try SigningKey(pem: String(decoding: pem, as: UTF8.self), algorithm: record.algorithm)
    }
}
