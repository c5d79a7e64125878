import Foundation

/// A fresh directory of certificates for TLS tests, made by `scripts/test-certificates.py`
/// (a test CA, a server certificate for 127.0.0.1 and localhost, two client certificates, and
/// a stranger CA with its own client certificate), removed when released.
public final class TestCertificates: Sendable {
    public let directory: URL

    public init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lango-tls-\(UUID().uuidString)")
        let outcome = try await RepositoryScript.runPython("test-certificates.py", arguments: [directory.path], input: Data())
        guard outcome.status == 0 else { throw TestCertificatesError(description: "test-certificates.py failed: \(outcome.errors)") }
    }

    /// The path of `file` (`ca.pem`, `server.pem`, `client-key.pem`, …).
    public func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

/// The certificate script failed.
public struct TestCertificatesError: Error, CustomStringConvertible {
    public let description: String
}
