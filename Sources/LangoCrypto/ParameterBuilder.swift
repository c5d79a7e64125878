import COpenSSL
import Foundation

/// Builds an `OSSL_PARAM` array. OpenSSL's builder keeps pointers to the names and values it
/// is given until the array is made, so this copies each into memory it owns until then.
final class ParameterBuilder {
    private let builder: OpaquePointer
    private var allocations: [UnsafeMutableRawPointer] = []
    private var numbers: [OpaquePointer] = []

    init() throws {
        guard let builder = OSSL_PARAM_BLD_new() else { throw CryptoError.openSSL("building key parameters") }
        self.builder = builder
    }

    deinit {
        OSSL_PARAM_BLD_free(builder)
        allocations.forEach { free($0) }
        numbers.forEach { BN_free($0) }
    }

    func push(_ name: String, utf8 value: String) throws {
        guard OSSL_PARAM_BLD_push_utf8_string(builder, keep(name), keep(value), 0) == 1 else {
            throw CryptoError.openSSL("building key parameters")
        }
    }

    func push(_ name: String, octets value: [UInt8]) throws {
        let copy = keep(value)
        guard OSSL_PARAM_BLD_push_octet_string(builder, keep(name), copy, value.count) == 1 else {
            throw CryptoError.openSSL("building key parameters")
        }
    }

    /// Pushes `value`, big-endian and unsigned, as a big number.
    func push(_ name: String, unsigned value: [UInt8]) throws {
        guard let number = BN_bin2bn(value, Int32(value.count), nil) else { throw CryptoError.openSSL("building key parameters") }
        numbers.append(number)
        guard OSSL_PARAM_BLD_push_BN(builder, keep(name), number) == 1 else { throw CryptoError.openSSL("building key parameters") }
    }

    /// The parameters; the caller frees them with `OSSL_PARAM_free`.
    func parameters() throws -> UnsafeMutablePointer<OSSL_PARAM> {
        guard let parameters = OSSL_PARAM_BLD_to_param(builder) else { throw CryptoError.openSSL("building key parameters") }
        return parameters
    }

    private func keep(_ text: String) -> UnsafeMutablePointer<CChar> {
        let copy = strdup(text)!
        allocations.append(copy)
        return copy
    }

    private func keep(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let copy = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        allocations.append(copy)
        return copy
    }
}
