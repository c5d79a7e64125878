import Foundation
import NIOSSL

/// How the gateway proves itself to the services its configuration names (core-banking and
/// HTTP adapters, HTTP fraud hooks), gathered once at start: bearer tokens from the environment
/// (`token_env`), so they never sit in the configuration file, and TLS from PEM files (`tls`):
/// the certificates a service is trusted by, and the gateway's own certificate and key.
public struct ServiceCredentials: Sendable {
    private let tokens: [String: String]
    private let tls: [ServiceTLSFiles: TLSConfiguration]

    /// No credentials: services are called without a token, over the system's TLS.
    public init() {
        tokens = [:]
        tls = [:]
    }

    /// Every token and TLS file `configuration` names, the tokens from `environment`. Throws a
    /// ``ConfigurationError`` naming each place at fault — a `token_env` whose variable is
    /// unset, empty, or not one line of visible characters; a `tls` file that cannot be read or
    /// holds no certificate or key, or a key that is not the certificate's — so a gateway never
    /// starts calling a service without its credentials.
    public static func resolve(for configuration: GatewayConfiguration, environment: [String: String]) throws -> ServiceCredentials {
        var services: [(place: String, service: HTTPServiceConfiguration)] = []
        for (name, adapter) in configuration.adapters.sorted(by: { $0.key < $1.key }) {
            switch adapter {
            case .coreHTTP(let service), .http(let service): services.append(("adapters.\(name)", service))
            case .sandbox: break
            }
        }
        for (name, hook) in configuration.fraudHooks.sorted(by: { $0.key < $1.key }) {
            if case .http(let service) = hook { services.append(("fraud_hooks.\(name)", service)) }
        }
        var tokens: [String: String] = [:]
        var tls: [ServiceTLSFiles: TLSConfiguration] = [:]
        var problems: [String] = []
        for (place, service) in services {
            if let variable = service.tokenVariable {
                if let token = environment[variable], !token.isEmpty, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
                    tokens[variable] = token
                } else {
                    problems.append(
                        "\(place).token_env: the environment variable \(variable) must hold the service's token (visible ASCII, one line)")
                }
            }
            if let files = service.tls, tls[files] == nil {
                do {
                    tls[files] = try Self.configuration(files, place: place + ".tls")
                } catch {
                    // PEMFiles' errors name the place.
                    problems.append("\(error)")
                }
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(description: problems.joined(separator: "; ")) }
        return ServiceCredentials(tokens: tokens, tls: tls)
    }

    private init(tokens: [String: String], tls: [ServiceTLSFiles: TLSConfiguration]) {
        self.tokens = tokens
        self.tls = tls
    }

    /// A client TLS configuration from `files`, each read and checked now.
    private static func configuration(_ files: ServiceTLSFiles, place: String) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = files.caFile {
            configuration.trustRoots = .certificates(try PEMFiles.certificates(caFile, at: place + ".ca_file"))
        }
        if let certificateFile = files.certificateFile, let keyFile = files.keyFile {
            configuration.certificateChain = try PEMFiles.certificates(certificateFile, at: place + ".certificate_file").map { .certificate($0) }
            configuration.privateKey = .privateKey(try PEMFiles.privateKey(keyFile, at: place + ".key_file"))
        }
        try PEMFiles.check(configuration, at: place)
        return configuration
    }

    /// The `Authorization` header value for `service`'s token; `nil` when it has none. A token
    /// that was never resolved is a programming error (``resolve(for:environment:)`` checks
    /// every one before a gateway is built), never a call without credentials.
    func authorization(for service: HTTPServiceConfiguration) -> String? {
        guard let variable = service.tokenVariable else { return nil }
        guard let token = tokens[variable] else { preconditionFailure("token_env \(variable) was not resolved before the gateway was built") }
        return "Bearer " + token
    }

    /// The TLS configuration for `service`'s `tls`; `nil` (the system's) when it has none. Like
    /// tokens, TLS files are resolved before a gateway is built.
    func tlsConfiguration(for service: HTTPServiceConfiguration) -> TLSConfiguration? {
        guard let files = service.tls else { return nil }
        guard let configuration = tls[files] else { preconditionFailure("the tls of \(service.url) was not resolved before the gateway was built") }
        return configuration
    }
}

/// PEM files named in the configuration, read at start; each failure names the field.
enum PEMFiles {
    /// The certificates in `file`: at least one.
    static func certificates(_ file: String, at place: String) throws -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(file)
        } catch {
            throw ConfigurationError(description: "\(place): \(file) cannot be read as PEM certificates (\(error))")
        }
        guard !certificates.isEmpty else { throw ConfigurationError(description: "\(place): \(file) holds no certificate") }
        return certificates
    }

    /// The unencrypted private key in `file`.
    static func privateKey(_ file: String, at place: String) throws -> NIOSSLPrivateKey {
        do {
            return try NIOSSLPrivateKey(file: file, format: .pem)
        } catch {
            throw ConfigurationError(description: "\(place): \(file) cannot be read as a PEM private key (\(error))")
        }
    }

    /// Builds a context from `configuration`, which checks what reading cannot: that the key
    /// is the certificate's.
    static func check(_ configuration: TLSConfiguration, at place: String) throws {
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ConfigurationError(description: "\(place): the certificate and key cannot be used together (\(error))")
        }
    }
}
