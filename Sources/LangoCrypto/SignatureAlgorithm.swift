/// The digital signature algorithms Lango signs and verifies with, named as JOSE names them
/// (RFC 7518): the two that FAPI 2.0 allows.
public enum SignatureAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA on P-256 with SHA-256; the signature is `r ‖ s`, 32 bytes each.
    case es256 = "ES256"
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt; RSA keys of 2048 bits or more.
    case ps256 = "PS256"

    /// The smallest RSA modulus accepted for PS256, in bits.
    public static let minimumRSABits = 2048
}
