import Hummingbird

/// The per-request context: Hummingbird's core storage plus the FAPI interaction id the edge
/// middleware assigns before anything else runs.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed from `x-fapi-interaction-id`, or generated; on every response.
    public var interactionID: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        interactionID = ""
    }
}
