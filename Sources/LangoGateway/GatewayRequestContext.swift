import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the FAPI interaction id the edge
/// middleware assigns before anything else runs, and the peer's address.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed from `x-fapi-interaction-id`, or generated; on every response.
    public var interactionID: String
    /// The connected peer (the customer's browser, or the proxy in front of the gateway).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        interactionID = ""
        remoteAddress = source.channel.remoteAddress
    }
}
