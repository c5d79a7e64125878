/// The credential a request presented, as the gateway resolved it before asking for a decision.
public enum CredentialFacts: Sendable, Hashable {
    /// No credential.
    case none
    /// An API key and what the store says about it.
    case apiKey(APIKeyFacts)
    /// A bearer token and what verification found.
    case bearer(BearerFacts)
    /// The credential could not be checked (store down, timeout); the text says why. The rule's
    /// `on_error` decides what happens.
    case unavailable(String)

    /// "no credential", "an API key", "a bearer token" or "an unchecked credential", for messages.
    var kindName: String {
        switch self {
        case .none: "no credential"
        case .apiKey: "an API key"
        case .bearer: "a bearer token"
        case .unavailable: "an unchecked credential"
        }
    }
}
