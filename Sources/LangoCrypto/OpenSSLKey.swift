import COpenSSL

/// Owns one OpenSSL `EVP_PKEY`. OpenSSL 3 allows a key to be used by several threads at once
/// for signing and verifying, which is all Lango does after creating one.
final class OpenSSLKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    func isA(_ type: String) -> Bool {
        EVP_PKEY_is_a(pointer, type) == 1
    }

    var bits: Int {
        Int(EVP_PKEY_get_bits(pointer))
    }

    /// The key's named curve (`P-256`…), or `nil` for a key without one.
    var groupName: String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pointer, OSSL_PKEY_PARAM_GROUP_NAME, &buffer, buffer.count, &length) == 1 else {
            return nil
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A big-number parameter (`n`, `e`, `qx`…) as big-endian bytes, left-padded to `width` when given.
    func unsignedParameter(_ name: String, width: Int? = nil) throws -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &number) == 1, let number else {
            throw CryptoError.openSSL("reading key parameter \(name)")
        }
        defer { BN_free(number) }
        let length = width ?? (Int(BN_num_bits(number)) + 7) / 8
        var bytes = [UInt8](repeating: 0, count: length)
        guard BN_bn2binpad(number, &bytes, Int32(length)) == Int32(length) else {
            throw CryptoError.openSSL("writing key parameter \(name)")
        }
        return bytes
    }

    /// Checks that the key suits `algorithm`: a P-256 key for ES256, an RSA key of at least
    /// 2048 bits for PS256.
    func check(for algorithm: SignatureAlgorithm) throws {
        switch algorithm {
        case .es256:
            // OpenSSL names P-256 prime256v1 on keys it generates.
            guard isA("EC"), let groupName, ["P-256", "prime256v1", "secp256r1"].contains(groupName) else {
                throw CryptoError.wrongKeyType(expected: "an EC key on P-256 for ES256")
            }
        case .ps256:
            guard isA("RSA") else { throw CryptoError.wrongKeyType(expected: "an RSA key for PS256") }
            guard bits >= SignatureAlgorithm.minimumRSABits else {
                throw CryptoError.invalidKey("an RSA key for PS256 needs at least \(SignatureAlgorithm.minimumRSABits) bits, this one has \(bits)")
            }
        }
    }

    /// Runs `body` with a digest context set up for `algorithm` by `initialise`
    /// (`EVP_DigestSignInit` or `EVP_DigestVerifyInit`).
    func withDigestContext<Result>(
        _ algorithm: SignatureAlgorithm, operation: String,
        initialise: (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>, OpaquePointer) -> Int32,
        _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.openSSL(operation) }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard initialise(context, &keyContext, pointer) == 1, let keyContext else { throw CryptoError.openSSL(operation) }
        if algorithm == .ps256 {
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) == 1
            else { throw CryptoError.openSSL(operation) }
        }
        return try body(context)
    }
}
