import COpenSSL

/// Converts ECDSA P-256 signatures between OpenSSL's DER and JOSE's fixed-width `r ‖ s`.
enum ECDSASignature {
    static let componentWidth = 32

    static func raw(fromDER der: [UInt8]) throws -> [UInt8] {
        let signature = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let signature else { throw CryptoError.openSSL("reading an ECDSA signature") }
        defer { ECDSA_SIG_free(signature) }
        var raw = [UInt8](repeating: 0, count: 2 * componentWidth)
        for (index, number) in [ECDSA_SIG_get0_r(signature), ECDSA_SIG_get0_s(signature)].enumerated() {
            let written = raw.withUnsafeMutableBufferPointer {
                BN_bn2binpad(number, $0.baseAddress! + index * componentWidth, Int32(componentWidth))
            }
            guard written == componentWidth else { throw CryptoError.openSSL("writing an ECDSA signature") }
        }
        return raw
    }

    /// `nil` unless `raw` is exactly 64 bytes.
    static func der(fromRaw raw: [UInt8]) -> [UInt8]? {
        guard raw.count == 2 * componentWidth, let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        let r = BN_bin2bn(raw, Int32(componentWidth), nil)
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + componentWidth, Int32(componentWidth), nil) }
        guard let r, let s, ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return written == length ? der : nil
    }
}
