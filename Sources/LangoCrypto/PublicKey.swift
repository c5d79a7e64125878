import Foundation
import COpenSSL

/// A public key that verifies signatures of one ``SignatureAlgorithm``.
public struct PublicKey: Sendable {
    /// The numbers that make up a public key, big-endian and unsigned, as JWKs carry them.
    public enum Components: Sendable, Hashable {
        /// A point on P-256: `x` and `y`, 32 bytes each.
        case p256(x: [UInt8], y: [UInt8])
        /// An RSA modulus and public exponent.
        case rsa(modulus: [UInt8], exponent: [UInt8])
    }

    public let algorithm: SignatureAlgorithm
    let key: OpenSSLKey

    init(algorithm: SignatureAlgorithm, key: OpenSSLKey) {
        self.algorithm = algorithm
        self.key = key
    }

    /// Builds a key from its components, refusing a point not on the curve, an RSA key under
    /// 2048 bits or with an even or tiny exponent, and components that do not suit `algorithm`.
    public init(_ components: Components, algorithm: SignatureAlgorithm) throws {
        let builder = try ParameterBuilder()
        let type: String
        switch components {
        case .p256(let x, let y):
            guard algorithm == .es256 else { throw CryptoError.wrongKeyType(expected: "an RSA key for PS256") }
            guard x.count == 32, y.count == 32 else { throw CryptoError.invalidKey("P-256 coordinates must be 32 bytes each") }
            try builder.push(OSSL_PKEY_PARAM_GROUP_NAME, utf8: "P-256")
            try builder.push(OSSL_PKEY_PARAM_PUB_KEY, octets: [0x04] + x + y)
            type = "EC"
        case .rsa(let modulus, let exponent):
            guard algorithm == .ps256 else { throw CryptoError.wrongKeyType(expected: "an EC key on P-256 for ES256") }
            guard modulus.first != 0, exponent.first != 0 else {
                throw CryptoError.invalidKey("RSA numbers must not start with a zero byte")
            }
            guard exponent.count <= 8, exponent.last.map({ $0 & 1 == 1 }) == true, exponent != [1] else {
                throw CryptoError.invalidKey("the RSA exponent must be odd, greater than 1 and at most 64 bits")
            }
            try builder.push(OSSL_PKEY_PARAM_RSA_N, unsigned: modulus)
            try builder.push(OSSL_PKEY_PARAM_RSA_E, unsigned: exponent)
            type = "RSA"
        }
        let parameters = try builder.parameters()
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else { throw CryptoError.openSSL("building a key") }
        defer { EVP_PKEY_CTX_free(context) }
        var created: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &created, LANGO_EVP_PKEY_PUBLIC_KEY, parameters) == 1, let created
        else {
            ERR_clear_error()
            throw CryptoError.invalidKey(type == "EC" ? "not a point on P-256" : "not a usable RSA public key")
        }
        let key = OpenSSLKey(created)
        try key.check(for: algorithm)
        if type == "EC" {
            guard let checker = EVP_PKEY_CTX_new_from_pkey(nil, created, nil) else { throw CryptoError.openSSL("checking a key") }
            defer { EVP_PKEY_CTX_free(checker) }
            guard EVP_PKEY_public_check(checker) == 1 else {
                ERR_clear_error()
                throw CryptoError.invalidKey("not a point on P-256")
            }
        }
        self.init(algorithm: algorithm, key: key)
    }

    /// The key's components, for publishing it as a JWK.
    public var components: Components {
        get throws {
            switch algorithm {
            case .es256:
                .p256(
                    x: try key.unsignedParameter(OSSL_PKEY_PARAM_EC_PUB_X, width: 32),
                    y: try key.unsignedParameter(OSSL_PKEY_PARAM_EC_PUB_Y, width: 32))
            case .ps256:
                .rsa(
                    modulus: try key.unsignedParameter(OSSL_PKEY_PARAM_RSA_N),
                    exponent: try key.unsignedParameter(OSSL_PKEY_PARAM_RSA_E))
            }
        }
    }

    /// Whether `signature` is this key's signature of `message` under its algorithm. Anything
    /// malformed (a wrong length, a DER-encoded ECDSA signature) is simply not valid.
    public func isValidSignature(_ signature: [UInt8], for message: some ContiguousBytes) -> Bool {
        let encoded: [UInt8]
        switch algorithm {
        case .es256:
            guard let der = ECDSASignature.der(fromRaw: signature) else { return false }
            encoded = der
        case .ps256:
            encoded = signature
        }
        let valid = try? key.withDigestContext(
            algorithm, operation: "verifying", initialise: { EVP_DigestVerifyInit($0, $1, EVP_sha256(), nil, $2) }
        ) { context in
            message.withUnsafeBytes { input in
                EVP_DigestVerify(context, encoded, encoded.count, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count) == 1
            }
        }
        ERR_clear_error()
        return valid == true
    }
}
