/// What every core-banking call carries: whose data it may touch, how long it may take, and
/// the FAPI interaction id to log and forward.
public struct CoreRequestContext: Sendable, Hashable {
    /// Whose data the call may touch.
    public var scope: CustomerScope
    /// How long the caller waits; remote cores enforce it, the in-process sandbox answers at once.
    public var timeout: Duration
    /// The request's `x-fapi-interaction-id`.
    public var interactionID: String

    /// A context with every field given.
    public init(scope: CustomerScope, timeout: Duration, interactionID: String) {
        self.scope = scope
        self.timeout = timeout
        self.interactionID = interactionID
    }
}
