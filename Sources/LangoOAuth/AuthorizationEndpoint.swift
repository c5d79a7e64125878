import Foundation
import LangoCrypto
import LangoIdentity
import LangoJSON

/// What the authorization pages do next.
public enum AuthorizationStep: Sendable {
    /// Show the page for the interaction's stage. `browserSecret` is set when the interaction
    /// has just started: the browser gets it as a cookie.
    case show(AuthorizationInteraction, browserSecret: String?)
    /// Send the browser to the client (with a code or an error).
    case redirect(String)
    /// Show the customer an error: the client or its redirect URI cannot be trusted with it, or
    /// the page was not posted by the browser the interaction belongs to.
    case refuse(OAuthError)
}

/// The authorization endpoint's logic: pushed authorization requests (RFC 9126), the
/// authorization request, and the customer's steps through the pages: password, one-time code
/// (together strong customer authentication), then approve or deny. The answer goes back to
/// the client's redirect URI with `iss` (RFC 9207), as a single-use code valid for
/// ``codeLifetime``.
public struct AuthorizationEndpoint: Sendable {
    public static let pushedRequestLifetime: Duration = .seconds(60)
    public static let codeLifetime: Duration = .seconds(60)
    /// The prefix of the `request_uri` values of pushed requests.
    public static let requestURIPrefix = "urn:ietf:params:oauth:request_uri:"

    private let clients: any OAuthClientStore
    private let identity: any IdentityStore
    private let authenticator: ClientAuthenticator
    private let grants: any AuthorizationGrantStore
    private let customers: CustomerPasswordCheck
    private let codes: any OneTimeCodeSender
    private let intents: (any AuthorizationIntents)?
    private let issuer: @Sendable () -> String
    /// Whether every authorization request must be pushed first (FAPI 2.0).
    public let requiresPushedRequests: Bool
    private let clock: @Sendable () -> Date

    public init(
        clients: any OAuthClientStore, identity: any IdentityStore, authenticator: ClientAuthenticator, grants: any AuthorizationGrantStore,
        customers: CustomerPasswordCheck, codes: any OneTimeCodeSender, intents: (any AuthorizationIntents)? = nil,
        issuer: @escaping @Sendable () -> String, requiresPushedRequests: Bool, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.clients = clients
        self.identity = identity
        self.authenticator = authenticator
        self.grants = grants
        self.customers = customers
        self.codes = codes
        self.intents = intents
        self.issuer = issuer
        self.requiresPushedRequests = requiresPushedRequests
        self.clock = clock
    }

    /// A pushed authorization request (RFC 9126 §2): the client authenticates as at the token
    /// endpoint, the request is checked as the authorization endpoint would, and is kept for
    /// ``pushedRequestLifetime`` under the returned `request_uri`.
    public func push(form: [(name: String, value: String)], authorization: String?) async throws -> JSONObject {
        var parameters = try TokenEndpoint.parameters(form)
        let now = clock()
        let authenticated = try await authenticator.authenticate(ClientCredentials(parameters: parameters, authorization: authorization), now: now)
        guard parameters["request_uri"] == nil else { throw OAuthError.invalidRequest("request_uri may not be pushed") }
        if let named = parameters["client_id"], named != authenticated.client.clientID {
            throw OAuthError.invalidRequest("client_id is not the authenticated client")
        }
        parameters["client_id"] = authenticated.client.clientID
        if let object = parameters["request"] {
            parameters = try RequestObject.parameters(object, client: authenticated.client, issuer: issuer(), now: now)
        }
        let request: AuthorizationRequest
        do {
            request = try AuthorizationRequest.validate(parameters, client: authenticated.client, app: authenticated.app)
        } catch {
            throw error.error
        }
        if let intentID = request.intentID { _ = try await pendingIntent(intentID, of: request) }
        let id = SecureRandom.token(byteCount: 32)
        try await grants.savePushedRequest(request, id: id, expiresAt: now.addingTimeInterval(Self.pushedRequestLifetime.timeInterval))
        return ["request_uri": .string(Self.requestURIPrefix + id), "expires_in": .integer(Self.pushedRequestLifetime.components.seconds)]
    }

    /// The authorization request arriving in the customer's browser: checked (or taken from its
    /// pushed copy, or from its signed request object, whose parameters alone count), then the
    /// login page. A request object that fails its checks is shown to the customer, not sent
    /// back: until it is verified, its redirect URI is nobody's word.
    public func authorize(_ parameters: [String: String]) async throws -> AuthorizationStep {
        let now = clock()
        guard let clientID = parameters["client_id"], !clientID.isEmpty else { return .refuse(.invalidRequest("client_id is missing")) }
        let client = try await clients.client(id: clientID)
        let app = try await identity.app(id: clientID)
        var parameters = parameters
        if let object = parameters["request"] {
            guard parameters["request_uri"] == nil else { return .refuse(.invalidRequest("send request or request_uri, not both")) }
            guard let client else { return .refuse(.invalidRequest("client_id \(clientID) is not a registered client")) }
            do {
                parameters = try RequestObject.parameters(object, client: client, issuer: issuer(), now: now)
            } catch {
                return .refuse(error)
            }
        }
        let request: AuthorizationRequest
        if let requestURI = parameters["request_uri"] {
            guard requestURI.hasPrefix(Self.requestURIPrefix),
                let pushed = try await grants.takePushedRequest(id: String(requestURI.dropFirst(Self.requestURIPrefix.count)), now: now),
                pushed.clientID == clientID
            else { return .refuse(.invalidRequestURI("request_uri is unknown, used or expired; push the request again")) }
            guard let app, app.status == .active else { return .refuse(.invalidRequest("the client's app is suspended")) }
            request = pushed
        } else {
            do {
                request = try AuthorizationRequest.validate(parameters, client: client, app: app)
            } catch {
                return refusal(error)
            }
            if requiresPushedRequests {
                return .redirect(request.redirect.url(for: .invalidRequest("this server takes pushed authorization requests only"), issuer: issuer()))
            }
        }
        if let intentID = request.intentID {
            do {
                _ = try await pendingIntent(intentID, of: request)
            } catch let error as OAuthError {
                return .redirect(request.redirect.url(for: error, issuer: issuer()))
            }
        }
        let started = AuthorizationInteraction.start(request, clientName: app?.name ?? clientID, now: now)
        try await grants.saveInteraction(started.interaction)
        return .show(started.interaction, browserSecret: started.browserSecret)
    }

    /// Starts a customer's sign-in to the bank's own pages (the consents page at `returnPath`):
    /// the same password and one-time code as an authorization, ending at the authenticated
    /// stage, which the pages at `returnPath` then treat as the customer's session.
    public func startSignIn(returnPath: String, pageName: String) async throws -> AuthorizationStep {
        let started = AuthorizationInteraction.start(AuthorizationRequest.customerSignIn(returnPath: returnPath), clientName: pageName, now: clock())
        try await grants.saveInteraction(started.interaction)
        return .show(started.interaction, browserSecret: started.browserSecret)
    }

    /// The customer signed in by interaction `id` in the browser holding `browserSecret`;
    /// `nil` when it is unknown, expired, another browser's, not a sign-in or not yet authenticated.
    public func signedInCustomer(interaction id: String, browserSecret: String?) async throws -> (AuthorizationInteraction, customerID: String)? {
        guard let interaction = try await grants.interaction(id: id, now: clock()), interaction.request.isCustomerSignIn,
            interaction.isBound(to: browserSecret), case .decision(let customerID, _) = interaction.stage
        else { return nil }
        return (interaction, customerID)
    }

    /// Ends a sign-in.
    public func signOut(interaction id: String) async throws {
        try await grants.endInteraction(id: id)
    }

    /// The page of interaction `id` as it stands, for the browser holding `browserSecret`.
    public func current(id: String, browserSecret: String?) async throws -> AuthorizationStep {
        guard let interaction = try await grants.interaction(id: id, now: clock()) else { return Self.ended }
        guard interaction.isBound(to: browserSecret) else { return Self.foreign }
        return .show(interaction, browserSecret: nil)
    }

    /// What the decision page shows for a request carrying an intent: the intent and the
    /// accounts the customer may share; `nil` for a request without one, or before the
    /// customer has authenticated.
    public func intentDecision(for interaction: AuthorizationInteraction) async throws -> IntentDecision? {
        guard let intentID = interaction.request.intentID, case .decision(let customerID, _) = interaction.stage else { return nil }
        return IntentDecision(
            intent: try await pendingIntent(intentID, of: interaction.request),
            accounts: try await intentsOrRefuse().selectableAccounts(intentID: intentID, customerID: customerID))
    }

    /// An intent with the accounts the customer may choose from.
    public struct IntentDecision: Sendable, Hashable {
        public var intent: PendingIntent
        public var accounts: [SelectableAccount]
    }

    /// A posted page of the interaction.
    public struct Submission: Sendable {
        public enum Action: Sendable {
            case logIn(customerID: String, password: String)
            case confirm(code: String)
            /// Allow; with an intent, sharing the accounts chosen.
            case approve(accountIDs: [String])
            case deny
        }

        public var interactionID: String
        public var browserSecret: String?
        public var formToken: String?
        public var action: Action
        /// Where the browser called from, for the consent's audit trail.
        public var address: String?

        public init(interactionID: String, browserSecret: String?, formToken: String?, action: Action, address: String? = nil) {
            self.interactionID = interactionID
            self.browserSecret = browserSecret
            self.formToken = formToken
            self.action = action
            self.address = address
        }
    }

    /// Takes a posted page: checks that it comes from the interaction's browser and page, then
    /// moves the interaction on. A page posted for an earlier stage (a second click, the back
    /// button) shows the current page.
    public func submit(_ submission: Submission) async throws -> AuthorizationStep {
        let now = clock()
        guard let interaction = try await grants.interaction(id: submission.interactionID, now: now) else { return Self.ended }
        guard interaction.accepts(browserSecret: submission.browserSecret, formToken: submission.formToken) else { return Self.foreign }
        switch (interaction.stage, submission.action) {
        case (.login, .logIn(let customerID, let password)):
            guard let customer = try await customers.customer(id: customerID, password: password) else {
                return try await failed(interaction, "The customer number or the password is not right.")
            }
            let code = OneTimeCode.generate()
            let notice = try await codes.send(code, to: customer, approving: interaction.clientName)
            return try await store(interaction.passwordAccepted(customerID: customer.id, code: code, notice: notice), over: interaction)
        case (.oneTimeCode, .confirm(let code)):
            guard interaction.isExpectedCode(code) else { return try await failed(interaction, "That code is not right.") }
            return try await store(interaction.codeAccepted(at: now), over: interaction)
        case (.decision, _) where interaction.request.isCustomerSignIn:
            // A sign-in has nothing to approve: its authenticated stage is the session.
            return .show(interaction, browserSecret: nil)
        case (.decision(let customerID, let authenticatedAt), .approve(let accountIDs)):
            if let intentID = interaction.request.intentID {
                let selectable = Set(try await intentsOrRefuse().selectableAccounts(intentID: intentID, customerID: customerID).map(\.id))
                let isPayment = try await pendingIntent(intentID, of: interaction.request).payment != nil
                guard !accountIDs.isEmpty, accountIDs.allSatisfy(selectable.contains), !isPayment || Set(accountIDs).count == 1 else {
                    let notice = isPayment ? "Choose the account to pay from." : "Choose at least one of your accounts to share."
                    return try await store(interaction.noticed(notice), over: interaction)
                }
                guard try await conclude(interaction) else { return Self.ended }
                do {
                    try await intentsOrRefuse().authorise(
                        id: intentID, customerID: customerID, authenticatedAt: authenticatedAt, accountIDs: accountIDs,
                        address: submission.address)
                } catch let error as OAuthError {
                    return .redirect(interaction.request.redirect.url(for: error, issuer: issuer()))
                }
            } else {
                guard try await conclude(interaction) else { return Self.ended }
            }
            let code = SecureRandom.token(byteCount: 32)
            try await grants.saveCode(
                AuthorizationCodeRecord(
                    hash: TokenEndpoint.hash(code), request: interaction.request, customerID: customerID, authenticatedAt: authenticatedAt,
                    expiresAt: now.addingTimeInterval(Self.codeLifetime.timeInterval)))
            return .redirect(interaction.request.redirect.url([("code", code)], issuer: issuer()))
        case (.decision(let customerID, _), .deny):
            guard try await conclude(interaction) else { return Self.ended }
            if let intentID = interaction.request.intentID {
                do {
                    try await intentsOrRefuse().reject(id: intentID, customerID: customerID, address: submission.address)
                } catch is OAuthError {
                    // No longer pending (expired or deleted meanwhile): the answer is access_denied all the same.
                }
            }
            return .redirect(interaction.request.redirect.url(for: .accessDenied("the customer denied the request"), issuer: issuer()))
        default:
            return .show(interaction, browserSecret: nil)
        }
    }

    /// The intent a request carries, if its client may have it authorised now and the request
    /// asks for the intent's scope (`payments` for a payment, else `accounts`).
    private func pendingIntent(_ id: String, of request: AuthorizationRequest) async throws -> PendingIntent {
        let intent = try await intentsOrRefuse().pendingIntent(id: id, clientID: request.clientID)
        let scope = intent.payment == nil ? "accounts" : "payments"
        guard request.scopes.contains(scope) else {
            throw OAuthError.invalidScope("consent \(id) is authorised with the \(scope) scope, which the request does not ask for")
        }
        return intent
    }

    private func intentsOrRefuse() throws -> any AuthorizationIntents {
        guard let intents else { throw OAuthError.invalidRequest("this server does not take \(AuthorizationRequest.intentClaim)") }
        return intents
    }

    private func failed(_ interaction: AuthorizationInteraction, _ notice: String) async throws -> AuthorizationStep {
        switch interaction.failed(notice) {
        case .retry(let next):
            return try await store(next, over: interaction)
        case .abandon:
            guard try await conclude(interaction) else { return Self.ended }
            return .redirect(
                interaction.request.redirect.url(for: .accessDenied("the customer could not be authenticated"), issuer: issuer()))
        }
    }

    /// Stores `next`; when another request changed the interaction first, shows where it is now.
    private func store(_ next: AuthorizationInteraction, over current: AuthorizationInteraction) async throws -> AuthorizationStep {
        if try await grants.replaceInteraction(next, from: current.version) { return .show(next, browserSecret: nil) }
        return try await grants.interaction(id: current.id, now: clock()).map { .show($0, browserSecret: nil) } ?? Self.ended
    }

    /// Ends the interaction; `false` when another request concluded it first.
    private func conclude(_ interaction: AuthorizationInteraction) async throws -> Bool {
        guard try await grants.replaceInteraction(interaction.concluding(), from: interaction.version) else { return false }
        try await grants.endInteraction(id: interaction.id)
        return true
    }

    private func refusal(_ failure: AuthorizationRequestFailure) -> AuthorizationStep {
        guard let redirect = failure.redirect else { return .refuse(failure.error) }
        return .redirect(redirect.url(for: failure.error, issuer: issuer()))
    }

    private static let ended = AuthorizationStep.refuse(
        .invalidRequest("this authorization has ended or expired; start again from the app that sent you here"))
    private static let foreign = AuthorizationStep.refuse(
        .invalidRequest("this page was not sent by the browser the authorization started in; start again from the app"))
}
