import Foundation
import LangoCrypto
import LangoScriptTesting

/// Runs `scripts/crypto-interop.py`, which signs and verifies with the Python `cryptography`
/// package, so signatures are checked by an implementation that is not Lango's.
enum PythonCrypto {
    /// Whether Python finds `signature` valid for `message` under `key`.
    static func verifies(_ signature: [UInt8], of message: [UInt8], with key: PublicKey) async throws -> Bool {
        let (first, second) =
            switch try key.components {
            case .p256(let x, let y): (x, y)
            case .rsa(let modulus, let exponent): (modulus, exponent)
            }
        let fields = [first, second, message, signature].map { Base64URL.encode($0) }
        let answer = try await run("verify \(key.algorithm.rawValue) \(fields.joined(separator: " "))")
        guard answer == "valid" || answer == "invalid" else { throw PythonFailure(output: answer) }
        return answer == "valid"
    }

    /// A signature of `message` made by Python with a fresh key, and that key's public half.
    static func sign(_ message: [UInt8], _ algorithm: SignatureAlgorithm) async throws -> (key: PublicKey, signature: [UInt8]) {
        let answer = try await run("sign \(algorithm.rawValue) \(Base64URL.encode(message))")
        let fields = answer.split(separator: " ").compactMap { Base64URL.decode($0) }
        guard fields.count == 3 else { throw PythonFailure(output: answer) }
        let components: PublicKey.Components =
            algorithm == .es256 ? .p256(x: fields[0], y: fields[1]) : .rsa(modulus: fields[0], exponent: fields[1])
        return (try PublicKey(components, algorithm: algorithm), fields[2])
    }

    /// `plaintext` sealed by Python's AES-GCM under `key`.
    static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8]) async throws -> [UInt8] {
        let answer = try await run("seal \(field(key)) \(field(plaintext)) \(field(associatedData))")
        guard let sealed = Base64URL.decode(answer) else { throw PythonFailure(output: answer) }
        return sealed
    }

    /// What Python's AES-GCM opens `sealed` to, or `nil` when it refuses the box.
    static func open(_ sealed: [UInt8], key: [UInt8], associatedData: [UInt8]) async throws -> [UInt8]? {
        let answer = try await run("open \(field(key)) \(field(sealed)) \(field(associatedData))")
        if answer == "invalid" { return nil }
        if answer == "-" { return [] }
        guard let plaintext = Base64URL.decode(answer) else { throw PythonFailure(output: answer) }
        return plaintext
    }

    /// A value as the script reads it: base64url, or "-" when empty.
    private static func field(_ bytes: [UInt8]) -> String {
        bytes.isEmpty ? "-" : Base64URL.encode(bytes)
    }

    struct PythonFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "crypto-interop.py answered: \(output)" }
    }

    private static func run(_ command: String) async throws -> String {
        let outcome = try await RepositoryScript.runPython("crypto-interop.py", input: Data((command + "\n").utf8))
        guard outcome.status == 0 else { throw PythonFailure(output: outcome.output + outcome.errors) }
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
