/// Everything about a request the engine needs beyond its method and path, gathered by the caller.
public struct RequestFacts: Sendable, Hashable {
    /// The resolved credential.
    public var credential: CredentialFacts
    /// The `x-lango-customer-id` header, if the request sent one.
    public var customerHeader: String?
    /// The consent the token is bound to, looked up for rules with a `consent` requirement;
    /// `nil` when nobody looked.
    public var consent: ConsentLookup?

    /// Facts for one request.
    public init(credential: CredentialFacts, customerHeader: String? = nil, consent: ConsentLookup? = nil) {
        self.credential = credential
        self.customerHeader = customerHeader
        self.consent = consent
    }
}
