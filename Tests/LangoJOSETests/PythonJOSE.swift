import Foundation
import LangoJSON
import LangoScriptTesting

/// Runs `scripts/jose-interop.py`, which makes and checks JWTs with Python's authlib, so tokens
/// are checked by an implementation that is not Lango's.
enum PythonJOSE {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// authlib's answer to one request (see the script for the shapes).
    static func ask(_ request: JSONValue) async throws -> JSONValue {
        let outcome = try await RepositoryScript.runPython("jose-interop.py", input: Data((request.encodedString(.compact) + "\n").utf8))
        guard outcome.status == 0, let answer = try? JSONValue.parse(outcome.output) else {
            throw Failure(description: "jose-interop.py failed (\(outcome.status)): \(outcome.errors)")
        }
        return answer
    }
}
