import LangoCrypto

/// Seals and opens signing keys for the store, under a key derived from the installation
/// secret (the same secret on every gateway node), so a copy of the database alone holds no
/// usable private key.
public struct SigningKeyVault: Sendable {
    private let key: [UInt8]

    /// `installationSecret` is the API key pepper. The vault's key is HKDF-Extract of it with
    /// this purpose as the salt — HMAC keyed by the label over the secret — a different function
    /// from the API key hashes (HMAC keyed by the secret over the key), so no stored or logged
    /// hash can stand in for the vault's key.
    public init(installationSecret: [UInt8]) {
        key = HMACSHA256.authenticationCode(key: Array("lango signing-key vault v1".utf8), message: installationSecret)
    }

    func seal(_ signingKey: SigningKey, keyID: String) throws -> [UInt8] {
        try AESGCM.seal(Array(try signingKey.pem.utf8), key: key, associatedData: Array(keyID.utf8))
    }

    func open(_ record: SigningKeyRecord) throws -> SigningKey {
        let pem = try AESGCM.open(record.sealedPrivateKey, key: key, associatedData: Array(record.keyID.utf8))
        return try SigningKey(pem: String(decoding: pem, as: UTF8.self), algorithm: record.algorithm)
    }
}
