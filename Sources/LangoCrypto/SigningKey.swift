import Foundation
import COpenSSL

/// A private key that signs with one ``SignatureAlgorithm``.
///
/// Keys are generated here or read from PKCS #8 PEM, the form ``pem`` writes; either way the
/// key is checked to suit its algorithm (P-256 for ES256, RSA of 2048 bits or more for PS256).
public struct SigningKey: Sendable {
    public let algorithm: SignatureAlgorithm
    let key: OpenSSLKey

    private init(algorithm: SignatureAlgorithm, key: OpenSSLKey) throws {
        try key.check(for: algorithm)
        self.algorithm = algorithm
        self.key = key
    }

    /// A new random key: P-256 for ES256, 3072-bit RSA for PS256.
    public static func generate(_ algorithm: SignatureAlgorithm) throws -> SigningKey {
        let type = algorithm == .es256 ? "EC" : "RSA"
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else { throw CryptoError.openSSL("creating a key generator") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw CryptoError.openSSL("starting key generation") }
        let configured =
            switch algorithm {
            case .es256: EVP_PKEY_CTX_set_group_name(context, "P-256")
            case .ps256: EVP_PKEY_CTX_set_rsa_keygen_bits(context, 3072)
            }
        var generated: OpaquePointer?
        guard configured == 1, EVP_PKEY_generate(context, &generated) == 1, let generated else {
            throw CryptoError.openSSL("generating a key")
        }
        return try SigningKey(algorithm: algorithm, key: OpenSSLKey(generated))
    }

    /// Reads an unencrypted private key in PEM (PKCS #8 `PRIVATE KEY`, or the older `EC PRIVATE
    /// KEY` / `RSA PRIVATE KEY` forms).
    public init(pem: String, algorithm: SignatureAlgorithm) throws {
        let bytes = Array(pem.utf8)
        let pointer = bytes.withUnsafeBytes { buffer -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            // A callback that gives no password: an encrypted key fails at once instead of
            // OpenSSL prompting on the terminal.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let pointer else {
            ERR_clear_error()
            throw CryptoError.invalidKey("not an unencrypted private key in PEM")
        }
        try self.init(algorithm: algorithm, key: OpenSSLKey(pointer))
    }

    /// The key as unencrypted PKCS #8 PEM. It is the secret: store it as one.
    public var pem: String {
        get throws {
            guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openSSL("writing a key") }
            defer { BIO_free(bio) }
            guard PEM_write_bio_PrivateKey(bio, key.pointer, nil, nil, 0, nil, nil) == 1 else {
                throw CryptoError.openSSL("writing a key")
            }
            var data: UnsafeMutablePointer<CChar>?
            let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data)
            guard length > 0, let data else { throw CryptoError.openSSL("writing a key") }
            return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        }
    }

    /// The matching public key.
    public var publicKey: PublicKey {
        PublicKey(algorithm: algorithm, key: key)
    }

    /// Signs `message` (hashing it with SHA-256). ES256 signatures come out as JOSE writes them,
    /// `r ‖ s`, not DER.
    public func sign(_ message: some ContiguousBytes) throws -> [UInt8] {
        let signature = try key.withDigestContext(
            algorithm, operation: "signing", initialise: { EVP_DigestSignInit($0, $1, EVP_sha256(), nil, $2) }
        ) { context in
            try message.withUnsafeBytes { input -> [UInt8] in
                let bytes = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
                var length = 0
                guard EVP_DigestSign(context, nil, &length, bytes, input.count) == 1 else { throw CryptoError.openSSL("signing") }
                var signature = [UInt8](repeating: 0, count: length)
                guard EVP_DigestSign(context, &signature, &length, bytes, input.count) == 1 else { throw CryptoError.openSSL("signing") }
                return Array(signature.prefix(length))
            }
        }
        return algorithm == .es256 ? try ECDSASignature.raw(fromDER: signature) : signature
    }
}
