/// What the gateway found out about the API key a request presented.
public struct APIKeyFacts: Sendable, Hashable {
    /// The key's standing in the credential store.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Known, in force.
        case active
        /// No such key.
        case unknown
        /// Past its expiry date.
        case expired
        /// Withdrawn by its owner or the bank.
        case revoked
    }

    /// The key's standing.
    public var status: Status
    /// The key's public id, for logs; never the secret.
    public var keyID: String?
    /// The app owning the key. An active key must belong to an app: without one it is treated as unknown.
    public var app: AppFacts?
    /// Scopes granted to the key.
    public var scopes: [String]

    /// Facts about one API key.
    public init(status: Status, keyID: String? = nil, app: AppFacts? = nil, scopes: [String] = []) {
        self.status = status
        self.keyID = keyID
        self.app = app
        self.scopes = scopes
    }
}
