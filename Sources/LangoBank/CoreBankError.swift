import LangoJSON

/// Why a core-banking call failed.
///
/// ``category`` is what callers branch on (the gateway maps it to an HTTP status);
/// ``description`` is a sentence safe to show the API client.
public struct CoreBankError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, coarse enough to map to a response status.
    public enum Category: Sendable, Hashable, CaseIterable {
        /// The resource does not exist or is outside the caller's scope (404).
        case notFound
        /// The request itself is wrong (400).
        case invalidRequest
        /// The amount is not in the account's currency (400).
        case currencyMismatch
        /// A debit exceeds the account's balance (422).
        case insufficientFunds
        /// The core could not be reached or failed (502).
        case unavailable
        /// The core did not answer in time (504).
        case timeout
    }

    private enum Kind: Sendable, Hashable {
        case notFound(resource: String, id: String)
        case invalidRequest(String)
        case insufficientFunds(accountID: String)
        case currencyMismatch(expected: String, got: String)
        case unavailable(String)
        case timeout(Duration)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// No `resource` (such as `account`) with `id` exists in the caller's scope.
    public static func notFound(resource: String, id: String) -> Self { Self(.notFound(resource: resource, id: id)) }

    /// The request is malformed or breaks a rule; `reason` says how.
    public static func invalidRequest(_ reason: String) -> Self { Self(.invalidRequest(reason)) }

    /// A debit on `accountID` exceeds its balance.
    public static func insufficientFunds(accountID: String) -> Self { Self(.insufficientFunds(accountID: accountID)) }

    /// The amount is in `got` but the account is held in `expected`.
    public static func currencyMismatch(expected: String, got: String) -> Self {
        Self(.currencyMismatch(expected: expected, got: got))
    }

    /// The core failed or could not be reached; `reason` says how.
    public static func unavailable(_ reason: String) -> Self { Self(.unavailable(reason)) }

    /// The core gave no answer within `limit`.
    public static func timeout(_ limit: Duration) -> Self { Self(.timeout(limit)) }

    /// The kind of failure, for mapping to a response.
    public var category: Category {
        switch kind {
        case .notFound: .notFound
        case .invalidRequest: .invalidRequest
        case .insufficientFunds: .insufficientFunds
        case .currencyMismatch: .currencyMismatch
        case .unavailable: .unavailable
        case .timeout: .timeout
        }
    }

    /// A sentence naming the failure, safe to show API clients.
    public var description: String {
        switch kind {
        case .notFound(let resource, let id): "\(resource) \(id) not found"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .insufficientFunds(let accountID): "insufficient funds in account \(accountID)"
        case .currencyMismatch(let expected, let got): "currency mismatch: the account is held in \(expected), not \(got)"
        case .unavailable(let reason): "core banking unavailable: \(reason)"
        case .timeout(let limit): "core banking did not answer within \(limit)"
        }
    }
}

/// The JSON a remote core answers with when a call fails, so the caller can rethrow the very
/// same error: `{"error": "notFound", "resource": "account", "id": "C0001-KES-9", "message": "…"}`.
///
/// `error` names the kind (`notFound`, `invalidRequest`, `insufficientFunds`,
/// `currencyMismatch`, `unavailable`, `timeout`) and the members beside it are that kind's
/// fields (`timeout` carries `milliseconds`). `message` is the ``description``, for people
/// reading the wire; decoding accepts and ignores it.
extension CoreBankError: Codable {
    private enum CodingKeys: String, CodingKey {
        case error, message, resource, id, reason, accountID, expected, got, milliseconds
    }

    private static let kinds = ["notFound", "invalidRequest", "insufficientFunds", "currencyMismatch", "unavailable", "timeout"]

    /// Reads an error written by ``encode(to:)``; an unknown `error` kind is a decoding error with a hint.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = try container.decodeIfPresent(String.self, forKey: .message)
        let kind = try container.decode(String.self, forKey: .error)
        switch kind {
        case "notFound":
            self = .notFound(resource: try container.decode(String.self, forKey: .resource),
                             id: try container.decode(String.self, forKey: .id))
        case "invalidRequest": self = .invalidRequest(try container.decode(String.self, forKey: .reason))
        case "insufficientFunds": self = .insufficientFunds(accountID: try container.decode(String.self, forKey: .accountID))
        case "currencyMismatch":
            self = .currencyMismatch(expected: try container.decode(String.self, forKey: .expected),
                                     got: try container.decode(String.self, forKey: .got))
        case "unavailable": self = .unavailable(try container.decode(String.self, forKey: .reason))
        case "timeout": self = .timeout(.milliseconds(try container.decode(Int64.self, forKey: .milliseconds)))
        default:
            throw JSONDecodingError.invalidValue(
                "\"\(kind)\" is not a core banking error", at: JSONPath(codingPath: container.codingPath + [CodingKeys.error]),
                hint: Suggestion.hint(for: kind, among: Self.kinds, noun: "errors"))
        }
    }

    /// Writes `error`, the kind's fields and `message`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch kind {
        case .notFound(let resource, let id):
            try container.encode("notFound", forKey: .error)
            try container.encode(resource, forKey: .resource)
            try container.encode(id, forKey: .id)
        case .invalidRequest(let reason):
            try container.encode("invalidRequest", forKey: .error)
            try container.encode(reason, forKey: .reason)
        case .insufficientFunds(let accountID):
            try container.encode("insufficientFunds", forKey: .error)
            try container.encode(accountID, forKey: .accountID)
        case .currencyMismatch(let expected, let got):
            try container.encode("currencyMismatch", forKey: .error)
            try container.encode(expected, forKey: .expected)
            try container.encode(got, forKey: .got)
        case .unavailable(let reason):
            try container.encode("unavailable", forKey: .error)
            try container.encode(reason, forKey: .reason)
        case .timeout(let limit):
            let (seconds, attoseconds) = limit.components
            try container.encode("timeout", forKey: .error)
            try container.encode(seconds * 1_000 + attoseconds / 1_000_000_000_000_000, forKey: .milliseconds)
        }
        try container.encode(description, forKey: .message)
    }
}
