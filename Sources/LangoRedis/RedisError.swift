/// Why a Redis command got no reply.
///
/// A reply that is a server error is not a `RedisError`: it comes back as ``RedisValue/error(_:)``.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case invalidConfiguration(String)
        case invalidCommand(String)
        case connectionFailed(String)
        case backingOff(String)
        case connectionLost(String)
        case timeout
        case closed
        case protocolError(String)
    }

    private let kind: Kind

    /// A configuration (usually its URL) that cannot be used.
    public static func invalidConfiguration(_ reason: String) -> Self { Self(kind: .invalidConfiguration(reason)) }
    /// A command that cannot be sent (no arguments).
    public static func invalidCommand(_ reason: String) -> Self { Self(kind: .invalidCommand(reason)) }
    /// Connecting failed: refused, timed out, or the server rejected `AUTH` or `SELECT`.
    public static func connectionFailed(_ reason: String) -> Self { Self(kind: .connectionFailed(reason)) }
    /// No connection was attempted: the last attempt failed (`lastFailure`) and the client waits
    /// out its reconnect backoff, failing commands at once meanwhile.
    public static func backingOff(lastFailure: String) -> Self { Self(kind: .backingOff(lastFailure)) }
    /// The connection closed or broke before the reply arrived.
    public static func connectionLost(_ reason: String) -> Self { Self(kind: .connectionLost(reason)) }
    /// No reply within the command timeout; a late reply is discarded.
    public static let timeout = Self(kind: .timeout)
    /// The client was closed.
    public static let closed = Self(kind: .closed)
    /// The server sent bytes that are not RESP, or a reply of the wrong shape; the connection
    /// is closed.
    public static func protocolError(_ reason: String) -> Self { Self(kind: .protocolError(reason)) }

    /// Whether the server could not be reached or the connection was lost (including a reconnect
    /// backoff): the next command may succeed once the server is back.
    public var isConnectionProblem: Bool {
        switch kind {
        case .connectionFailed, .backingOff, .connectionLost: true
        default: false
        }
    }

    /// Whether the command failed at once because the client is waiting out its reconnect
    /// backoff.
    public var isBackingOff: Bool {
        if case .backingOff = kind { return true }
        return false
    }

    /// What went wrong, in a sentence fit for a log line.
    public var description: String {
        switch kind {
        case .invalidConfiguration(let reason): "invalid Redis configuration: \(reason)"
        case .invalidCommand(let reason): "invalid Redis command: \(reason)"
        case .connectionFailed(let reason): "cannot connect to Redis: \(reason)"
        case .backingOff(let lastFailure): "not reconnecting to Redis yet (backing off after: \(lastFailure))"
        case .connectionLost(let reason): "Redis connection lost: \(reason)"
        case .timeout: "Redis command timed out"
        case .closed: "Redis client is closed"
        case .protocolError(let reason): "Redis protocol error: \(reason)"
        }
    }
}
