import AsyncHTTPClient
import Foundation
import LangoJSON
import LangoScriptTesting
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

/// `lango serve` with `tls`: HTTPS on the API listener, and with `client_ca_file` only for
/// clients presenting a certificate from that CA (mutual TLS).
@Suite struct ListenerTLSTests {
    /// The `tls` configuration member for `certificates`' server, with their CA for clients
    /// when `mutual`.
    static func configuration(_ certificates: TestCertificates, mutual: Bool) -> String {
        let clientCA = mutual ? #", "client_ca_file": "\#(certificates.path("ca.pem"))""# : ""
        return #", "tls": { "certificate_file": "\#(certificates.path("server.pem"))", "key_file": "\#(certificates.path("server-key.pem"))"\#(clientCA) }"#
    }

    /// GETs `url` with a client trusting the test CA, presenting `certificate` (a stem of the
    /// test files: `client`, `stranger`) when given; the status, or the error.
    static func get(
        _ url: String, _ certificates: TestCertificates, presenting certificate: String? = nil
    ) async throws -> Result<(Int, JSONValue), any Error> {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificates.path("ca.pem")))
        if let certificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificates.path(certificate + ".pem")).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: certificates.path(certificate + "-key.pem"), format: .pem))
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let result: Result<(Int, JSONValue), any Error>
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1 << 20)
            result = .success((Int(response.status.code), try JSONValue.parse(String(buffer: body))))
        } catch {
            result = .failure(error)
        }
        try await client.shutdown()
        return result
    }

    @Test func servesHTTPSAndNamesItselfByItsHTTPSAddress() async throws {
        let certificates = try await TestCertificates()
        let gateway = try await GatewayFixture(extraConfiguration: Self.configuration(certificates, mutual: false))
        #expect(gateway.server.logs.contains { $0.contains(#""message":"listening""#) && $0.contains(#""tls":"on""#) })
        let base = "https://127.0.0.1:\(gateway.server.port)"
        let discovery = try await Self.get(base + "/.well-known/openid-configuration", certificates)
        guard case .success(let (status, document)) = discovery else {
            Issue.record("HTTPS failed: \(discovery)")
            return
        }
        #expect(status == 200)
        #expect(document["issuer"] == .string(base), "without public_url the gateway's own address is https")
        // Plain HTTP gets no answer from a TLS listener.
        await #expect(throws: (any Error).self) { try await HTTP.send(.GET, gateway.baseURL + "/.well-known/openid-configuration") }
    }

    @Test func withAClientCAOnlyClientsWithItsCertificatesAreServed() async throws {
        let certificates = try await TestCertificates()
        let gateway = try await GatewayFixture(extraConfiguration: Self.configuration(certificates, mutual: true))
        #expect(gateway.server.logs.contains { $0.contains(#""message":"listening""#) && $0.contains(#""tls":"mutual""#) })
        let url = "https://127.0.0.1:\(gateway.server.port)/.well-known/openid-configuration"
        guard case .success(let (status, _)) = try await Self.get(url, certificates, presenting: "client") else {
            Issue.record("a client with the CA's certificate was refused")
            return
        }
        #expect(status == 200)
        for certificate in [nil, "stranger"] {
            guard case .failure = try await Self.get(url, certificates, presenting: certificate) else {
                Issue.record("a client presenting \(certificate ?? "no certificate") was served")
                continue
            }
        }
    }

    @Test func aListenerWhoseKeyCannotBeReadDoesNotStart() async throws {
        let certificates = try await TestCertificates()
        let error = await #expect(throws: HarnessError.self) {
            try await GatewayFixture(
                extraConfiguration: #", "tls": { "certificate_file": "\#(certificates.path("server.pem"))", "key_file": "\#(certificates.path("client-key.pem"))" }"#)
        }
        #expect(
            error?.description.contains("tls: the certificate and key cannot be used together") == true,
            "\(error.map(String.init(describing:)) ?? "started")")
    }
}
