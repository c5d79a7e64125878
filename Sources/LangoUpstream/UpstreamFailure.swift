import AsyncHTTPClient

/// Why an HTTP upstream gave no usable answer: it was too slow, or it could not be reached.
public struct UpstreamError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case timeout(Duration)
        case unavailable(String)
    }

    private let kind: Kind

    /// No answer within `limit` (the gateway answers 504).
    public static func timeout(_ limit: Duration) -> Self { Self(kind: .timeout(limit)) }
    /// Connection refused, reset or otherwise broken (the gateway answers 502).
    public static func unavailable(_ reason: String) -> Self { Self(kind: .unavailable(reason)) }

    public var isTimeout: Bool {
        if case .timeout = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .timeout(let limit): "the upstream did not answer within \(limit)"
        case .unavailable(let reason): "the upstream is unavailable: \(reason)"
        }
    }

    /// Classifies an error AsyncHTTPClient threw for a call limited to `limit`.
    ///
    /// Only a missed deadline is a timeout: the upstream (or the pool's free connection) did
    /// not come in time. A refused, reset or failed connection is unavailability, even when
    /// AsyncHTTPClient reports it when the deadline passes.
    static func classifying(_ error: any Error, limit: Duration, upstream: String) -> Self {
        if let error = error as? HTTPClientError,
            error == .deadlineExceeded || error == .readTimeout || error == .getConnectionFromPoolTimeout
        {
            return .timeout(limit)
        }
        return .unavailable("cannot reach \(upstream): \(error)")
    }
}
