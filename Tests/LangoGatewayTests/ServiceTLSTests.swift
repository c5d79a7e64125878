import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import HummingbirdTesting
import LangoGateway
import LangoScriptTesting
import NIOSSL
import Testing

/// TLS to the services the gateway calls, against a live service that requires a client
/// certificate from its CA: the gateway trusts the service by the configured `ca_file` and
/// presents its own certificate (mutual TLS); without either, or with a stranger's
/// certificate, the call fails.
@Suite struct ServiceTLSTests {
    /// Runs `body` with the port of a service that answers `GET /hello` over TLS with the test
    /// server certificate, only to clients presenting a certificate from the test CA.
    func withMutualTLSService(_ certificates: TestCertificates, _ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.get("/hello") { _, _ in "hello over mutual TLS" }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.path("server.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.path("server-key.pem"), format: .pem)))
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificates.path("ca.pem")))
        let service = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await service.test(.live) { client in try await body(client.port!) }
    }

    /// A rule `GET /<adapter>/hello` forwarding to `/hello` of each adapter.
    static func policy(_ adapters: [String]) -> String {
        let rules = adapters.map { adapter in
            """
            { "id": "\(adapter)", "match": { "method": "GET", "path": "/\(adapter)/hello" },
              "auth": { "type": "api_key", "scopes": ["accounts:read"] },
              "upstream": { "adapter": "\(adapter)", "operation": "forward", "path": "/hello", "timeout_ms": 60000 } }
            """
        }
        return #"{ "policy": "tls", "version": 1, "rules": [ \#(rules.joined(separator: ", ")) ] }"#
    }

    @Test func theGatewayPresentsItsCertificateToAServiceTrustedByItsCA() async throws {
        let certificates = try await TestCertificates()
        try await withMutualTLSService(certificates) { port in
            let url = "https://127.0.0.1:\(port)"
            let ca = certificates.path("ca.pem")
            var configuration = GatewayConfiguration()
            configuration.adapters = [
                "mutual": .http(
                    HTTPServiceConfiguration(
                        url: url,
                        tls: ServiceTLSFiles(caFile: ca, certificateFile: certificates.path("client.pem"), keyFile: certificates.path("client-key.pem")))),
                // Trusts the service, but presents no certificate.
                "anonymous": .http(HTTPServiceConfiguration(url: url, tls: ServiceTLSFiles(caFile: ca))),
                // Presents a certificate the service's CA did not issue.
                "stranger": .http(
                    HTTPServiceConfiguration(
                        url: url,
                        tls: ServiceTLSFiles(
                            caFile: ca, certificateFile: certificates.path("stranger.pem"), keyFile: certificates.path("stranger-key.pem")))),
                // The system's trust roots, which do not know the test CA.
                "system": .http(HTTPServiceConfiguration(url: url)),
            ]
            let credentials = try ServiceCredentials.resolve(for: configuration, environment: [:])
            let harness = try await GatewayHarness.make(
                policies: ["tls.json": Self.policy(["mutual", "anonymous", "stranger", "system"])], configuration: configuration,
                serviceCredentials: credentials)
            let key = try await harness.key(scopes: ["accounts:read"])
            try await harness.test { client in
                let mutual = try await client.execute(uri: "/mutual/hello", method: .get, headers: .caller(key: key))
                #expect(mutual.status == .ok)
                #expect(String(buffer: mutual.body) == "hello over mutual TLS")
                for adapter in ["anonymous", "stranger", "system"] {
                    let refused = try await client.execute(uri: "/\(adapter)/hello", method: .get, headers: .caller(key: key))
                    #expect(refused.status == .badGateway, "\(adapter): \(String(buffer: refused.body))")
                }
            }
        }
    }

    @Test func filesThatCannotServeAreNamedAtStart() async throws {
        let certificates = try await TestCertificates()
        func service(_ files: ServiceTLSFiles) -> HTTPServiceConfiguration {
            HTTPServiceConfiguration(url: "https://core.bank.internal", tls: files)
        }
        var configuration = GatewayConfiguration()
        configuration.adapters = [
            "core": .coreHTTP(service(ServiceTLSFiles(caFile: certificates.path("missing.pem")))),
            "fx": .http(service(ServiceTLSFiles(caFile: certificates.path("not-pem.pem")))),
            "ledger": .coreHTTP(
                service(ServiceTLSFiles(certificateFile: certificates.path("client.pem"), keyFile: certificates.path("client.pem")))),
            "vault": .http(
                service(ServiceTLSFiles(certificateFile: certificates.path("client.pem"), keyFile: certificates.path("stranger-key.pem")))),
        ]
        configuration.fraudHooks["risk"] = .http(service(ServiceTLSFiles(caFile: certificates.path("ca.pem"))))
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceCredentials.resolve(for: configuration, environment: [:])
        }
        let problems = "\(error.map { "\($0)" } ?? "")".components(separatedBy: "; ")
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.first?.hasPrefix("adapters.core.tls.ca_file: \(certificates.path("missing.pem")) cannot be read") == true, "\(problems)")
        #expect(problems.dropFirst().first?.hasPrefix("adapters.fx.tls.ca_file: \(certificates.path("not-pem.pem"))") == true, "\(problems)")
        #expect(problems.dropFirst(2).first?.hasPrefix("adapters.ledger.tls.key_file: \(certificates.path("client.pem")) cannot be read as a PEM private key") == true, "\(problems)")
        #expect(problems.last?.hasPrefix("adapters.vault.tls: the certificate and key cannot be used together") == true, "\(problems)")

        configuration.adapters = [:]
        _ = try ServiceCredentials.resolve(for: configuration, environment: [:])
    }
}
