import COpenSSL

/// AES-256-GCM authenticated encryption, for secrets Lango keeps at rest (such as its token
/// signing keys).
///
/// A sealed box is `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`, with a fresh random
/// nonce per seal. `associatedData` is authenticated but not encrypted: bind a box to what it
/// is for (a key id), so it cannot be swapped for another.
public enum AESGCM {
    public static let keyByteCount = 32
    static let nonceByteCount = 12
    static let tagByteCount = 16

    public static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws -> [UInt8] {
        guard key.count == keyByteCount else { throw CryptoError.invalidKey("an AES-256 key is 32 bytes") }
        let nonce = SecureRandom.bytes(nonceByteCount)
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("encrypting") }
        defer { EVP_CIPHER_CTX_free(context) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        var length: Int32 = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1,
            associatedData.isEmpty || EVP_EncryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1,
            plaintext.isEmpty || EVP_EncryptUpdate(context, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1,
            EVP_EncryptFinal_ex(context, &tag, &length) == 1,
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(tagByteCount), &tag) == 1
        else { throw CryptoError.openSSL("encrypting") }
        return nonce + ciphertext + tag
    }

    /// The plaintext of `sealed`; throws when the key, the associated data or any byte of the
    /// box is not what sealed it.
    public static func open(_ sealed: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws -> [UInt8] {
        guard key.count == keyByteCount else { throw CryptoError.invalidKey("an AES-256 key is 32 bytes") }
        guard sealed.count >= nonceByteCount + tagByteCount else { throw CryptoError.sealedBoxRejected }
        let nonce = Array(sealed.prefix(nonceByteCount))
        let ciphertext = Array(sealed.dropFirst(nonceByteCount).dropLast(tagByteCount))
        var tag = Array(sealed.suffix(tagByteCount))
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("decrypting") }
        defer { EVP_CIPHER_CTX_free(context) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        var length: Int32 = 0
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1,
            associatedData.isEmpty || EVP_DecryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1,
            ciphertext.isEmpty || EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1,
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(tagByteCount), &tag) == 1
        else { throw CryptoError.openSSL("decrypting") }
        guard EVP_DecryptFinal_ex(context, &scratch, &length) == 1 else {
            ERR_clear_error()
            throw CryptoError.sealedBoxRejected
        }
        return plaintext
    }
}
