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
    static func configuration(_ certificates: TestCertificates, mutual: Bool, clientCertificates: String? = nil) -> String {
        let mode = clientCertificates.map { #", "client_certificates": "\#($0)""# } ?? ""
        let clientCA = mutual ? #", "client_ca_file": "\#(certificates.path("ca.pem"))"\#(mode)"# : ""
        return #", "tls": { "certificate_file": "\#(certificates.path("server.pem"))", "key_file": "\#(certificates.path("server-key.pem"))"\#(clientCA) }"#
    }

    /// Sends a request to `url` with a client trusting the test CA, presenting `certificate` (a
    /// stem of the test files: `client`, `client2`, `stranger`) when given; the status and JSON
    /// body, or the error.
    static func send(
        _ method: HTTPMethod = .GET, _ url: String, _ certificates: TestCertificates, presenting certificate: String? = nil,
        headers: [(String, String)] = [], body: String? = nil
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
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let result: Result<(Int, JSONValue), any Error>
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let answer = try await response.body.collect(upTo: 1 << 20)
            result = .success((Int(response.status.code), try JSONValue.parse(String(buffer: answer))))
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
        let discovery = try await Self.send(.GET, base + "/.well-known/openid-configuration", certificates)
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
        guard case .success(let (status, _)) = try await Self.send(.GET, url, certificates, presenting: "client") else {
            Issue.record("a client with the CA's certificate was refused")
            return
        }
        #expect(status == 200)
        for certificate in [nil, "stranger"] {
            guard case .failure = try await Self.send(.GET, url, certificates, presenting: certificate) else {
                Issue.record("a client presenting \(certificate ?? "no certificate") was served")
                continue
            }
        }
    }

    /// With optional client certificates, a customer's browser (no certificate) is served as
    /// well as a partner presenting one; a certificate from another CA is still refused.
    @Test func optionalClientCertificatesServeConnectionsWithoutOne() async throws {
        let certificates = try await TestCertificates()
        let gateway = try await GatewayFixture(extraConfiguration: Self.configuration(certificates, mutual: true, clientCertificates: "optional"))
        #expect(gateway.server.logs.contains { $0.contains(#""message":"listening""#) && $0.contains(#""tls":"mutual-optional""#) })
        let url = "https://127.0.0.1:\(gateway.server.port)/.well-known/openid-configuration"
        for certificate in [nil, "client"] {
            guard case .success(let (status, _)) = try await Self.send(.GET, url, certificates, presenting: certificate) else {
                Issue.record("\(certificate ?? "no certificate") was refused")
                continue
            }
            #expect(status == 200)
        }
        guard case .failure = try await Self.send(.GET, url, certificates, presenting: "stranger") else {
            Issue.record("a stranger's certificate was served")
            return
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

extension ListenerTLSTests {
    /// RFC 8705 end to end: over mutual TLS, a token is bound to the certificate it was asked
    /// for with, and is refused from a connection presenting another.
    @Test func aTokenIssuedOverMutualTLSServesOnlyItsCertificate() async throws {
        let certificates = try await TestCertificates()
        let gateway = try await GatewayFixture(extraConfiguration: Self.configuration(certificates, mutual: true))
        let app = try await gateway.createApp(id: "app_bound", environment: "sandbox")
        _ = try await OAuthEndToEndTests.lango(
            ["apps", "oauth", app, "--auth", "client_secret", "--scope", "accounts", "--grant", "client_credentials"], gateway)
        let secret = try await OAuthEndToEndTests.lango(["apps", "rotate-secret", app, "--quiet"], gateway)
        let base = "https://127.0.0.1:\(gateway.server.port)"

        guard case .success(let (_, discovery)) = try await Self.send(.GET, base + "/.well-known/openid-configuration", certificates, presenting: "client")
        else {
            Issue.record("discovery failed")
            return
        }
        #expect(discovery["tls_client_certificate_bound_access_tokens"] == true)

        let basic = "Basic " + Data("\(app):\(secret)".utf8).base64EncodedString()
        guard
            case .success(let (status, answer)) = try await Self.send(
                .POST, base + "/oauth2/token", certificates, presenting: "client",
                headers: [("authorization", basic), ("content-type", "application/x-www-form-urlencoded")],
                body: "grant_type=client_credentials&scope=accounts"),
            let token = answer["access_token"]?.stringValue
        else {
            Issue.record("no token")
            return
        }
        #expect(status == 200)
        let payload = token.split(separator: ".").dropFirst().first.flatMap { part -> JSONValue? in
            var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            text += String(repeating: "=", count: (4 - text.count % 4) % 4)
            return Data(base64Encoded: text).flatMap { try? JSONValue.parse(String(decoding: $0, as: UTF8.self)) }
        }
        #expect(payload?["cnf"]?["x5t#S256"]?.stringValue?.count == 43, "the token carries the certificate's SHA-256 thumbprint")

        // A consent that does not exist: the token accepted, the consent is not this client's
        // (400); refused, the token is invalid (401).
        let path = base + "/open-banking/v3.1/aisp/account-access-consents/aac-none"
        let bearer = [("authorization", "Bearer " + token)]
        guard case .success(let (own, ownAnswer)) = try await Self.send(.GET, path, certificates, presenting: "client", headers: bearer),
            case .success(let (other, refusal)) = try await Self.send(.GET, path, certificates, presenting: "client2", headers: bearer)
        else {
            Issue.record("a request failed")
            return
        }
        #expect(own == 400, "the certificate the token is bound to: \(ownAnswer)")
        #expect(ownAnswer["Message"] == "this client has no account-access consent aac-none")
        #expect(other == 401, "another certificate from the same CA: \(refusal)")
        let logged = try await gateway.decision { $0["status"] == 401 }
        #expect(logged["reason"] == "token_invalid")
    }
}
