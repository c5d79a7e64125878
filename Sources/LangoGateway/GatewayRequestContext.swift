import Hummingbird
import LangoCrypto
import NIOCore
import NIOSSL

/// The per-request context: Hummingbird's core storage plus the FAPI interaction id the edge
/// middleware assigns before anything else runs, the peer's address, and its connection.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed from `x-fapi-interaction-id`, or generated; on every response.
    public var interactionID: String
    /// The connected peer (the customer's browser, or the proxy in front of the gateway).
    public let remoteAddress: SocketAddress?
    /// The connection, for what its TLS established.
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        interactionID = ""
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }

    /// The SHA-256 thumbprint (base64url, as RFC 8705's `x5t#S256`) of the certificate the
    /// client presented over mutual TLS; `nil` when the connection has no TLS or no certificate.
    public func clientCertificateThumbprint() async -> String? {
        guard let certificate = try? await channel.nioSSL_peerCertificate().get(), let der = try? certificate.toDERBytes() else {
            return nil
        }
        return Base64URL.encode(SHA256.hash(der))
    }
}
