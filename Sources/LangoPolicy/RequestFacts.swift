/// Everything about a request the engine needs beyond its method and path, gathered by the caller.
public struct RequestFacts: Sendable, Hashable {
    /// The resolved credential.
    public var credential: CredentialFacts
    /// The `x-lango-customer-id` header, if the request sent one.
    public var customerHeader: String?

    /// Facts for one request.
    public init(credential: CredentialFacts, customerHeader: String? = nil) {
        self.credential = credential
        self.customerHeader = customerHeader
    }
}
