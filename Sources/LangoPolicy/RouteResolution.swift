/// The outcome of routing a method and path.
public enum RouteResolution: Sendable {
    /// The most specific allow rule whose template matches the path and which has the method.
    case matched(RouteMatch)
    /// Templates match the path but none has the method; `allowed` is the sorted union of theirs.
    case methodNotAllowed(allowed: [String])
    /// No template matches the path (or the path cannot be routed at all).
    case notFound
}
