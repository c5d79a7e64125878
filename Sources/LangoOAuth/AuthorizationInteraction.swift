import Foundation
import LangoCrypto
import LangoJSON

/// One customer's way through the authorization pages, from the authorization request to the
/// decision: log in with a password, confirm with a one-time code (strong customer
/// authentication), then approve or deny. Stored between pages, so any gateway node can serve
/// the next one.
///
/// The browser that started it is bound to it by a cookie (only its hash is kept) and each
/// form carries ``formToken``; a page posted without both is refused, which stops cross-site
/// request forgery. Transitions are values: each returns the interaction to store next.
public struct AuthorizationInteraction: Sendable, Hashable, Codable {
    public enum Stage: Sendable, Hashable, Codable {
        /// Waiting for the customer number and password.
        case login
        /// The password was right; waiting for the one-time code whose hash is `codeHash`.
        case oneTimeCode(customerID: String, codeHash: String, notice: OneTimeCodeNotice)
        /// Authenticated at `authenticatedAt`; waiting for approve or deny.
        case decision(customerID: String, authenticatedAt: Date)
    }

    /// What a failed attempt leads to.
    public enum FailureOutcome: Sendable, Hashable {
        /// Show the page again with `notice`.
        case retry(AuthorizationInteraction)
        /// Too many failures: the request is refused.
        case abandon
    }

    /// Wrong passwords and codes allowed before the request is refused.
    public static let maximumFailedAttempts = 5
    /// How long the customer has from the request to the decision.
    public static let lifetime: Duration = .seconds(600)

    public let id: String
    public let request: AuthorizationRequest
    /// The client's app name, as the pages show it.
    public let clientName: String
    /// Hex SHA-256 of the browser cookie's value.
    public let browserBinding: String
    /// The anti-forgery value every form of this interaction carries.
    public let formToken: String
    public private(set) var stage: Stage
    public private(set) var failedAttempts: Int
    /// What the next page tells the customer (a wrong password, a code sent).
    public private(set) var notice: String?
    public let expiresAt: Date
    /// Increases with each change; a change is stored only over the version it was made from.
    public private(set) var version: Int

    /// A new interaction for `request`, and the cookie value that binds it to the browser.
    public static func start(
        _ request: AuthorizationRequest, clientName: String, now: Date
    ) -> (interaction: AuthorizationInteraction, browserSecret: String) {
        let secret = SecureRandom.token(byteCount: 32)
        let interaction = AuthorizationInteraction(
            id: SecureRandom.token(byteCount: 24), request: request, clientName: clientName,
            browserBinding: Hex.encode(SHA256.hash(secret)), formToken: SecureRandom.token(byteCount: 24), stage: .login,
            failedAttempts: 0, notice: nil, expiresAt: now.addingTimeInterval(lifetime.timeInterval), version: 1)
        return (interaction, secret)
    }

    /// Whether the request comes from the browser that started this interaction.
    public func isBound(to browserSecret: String?) -> Bool {
        guard let browserSecret else { return false }
        return ConstantTime.equals(Array(Hex.encode(SHA256.hash(browserSecret)).utf8), Array(browserBinding.utf8))
    }

    /// Whether a posted form comes from this interaction's page, in the browser that started it.
    public func accepts(browserSecret: String?, formToken: String?) -> Bool {
        guard let formToken else { return false }
        let tokenMatches = ConstantTime.equals(Array(formToken.utf8), Array(self.formToken.utf8))
        return isBound(to: browserSecret) && tokenMatches
    }

    /// The password was right and `code` went out as `notice`.
    public func passwordAccepted(customerID: String, code: String, notice: OneTimeCodeNotice) -> Self {
        var next = changed()
        next.stage = .oneTimeCode(customerID: customerID, codeHash: codeHash(code), notice: notice)
        next.notice = nil
        return next
    }

    /// Whether `code` is the one-time code this interaction waits for.
    public func isExpectedCode(_ code: String) -> Bool {
        guard case .oneTimeCode(_, let expected, _) = stage else { return false }
        return ConstantTime.equals(Array(codeHash(code).utf8), Array(expected.utf8))
    }

    /// The one-time code was right: the customer is authenticated.
    public func codeAccepted(at now: Date) -> Self {
        guard case .oneTimeCode(let customerID, _, _) = stage else { return self }
        var next = changed()
        next.stage = .decision(customerID: customerID, authenticatedAt: now)
        next.notice = nil
        return next
    }

    /// A wrong password or code, told to the customer as `notice`.
    public func failed(_ notice: String) -> FailureOutcome {
        var next = changed()
        next.failedAttempts += 1
        guard next.failedAttempts < Self.maximumFailedAttempts else { return .abandon }
        next.notice = notice
        return .retry(next)
    }

    /// The same stage again, telling the customer `notice` (a choice to correct, not a failure).
    public func noticed(_ notice: String) -> Self {
        var next = changed()
        next.notice = notice
        return next
    }

    /// The same interaction, claimed by the request that concludes it: storing it over the
    /// current version succeeds for one request only.
    public func concluding() -> Self { changed() }

    private func changed() -> Self {
        var next = self
        next.version += 1
        return next
    }

    /// Bound to the interaction, so a code hash means nothing elsewhere.
    private func codeHash(_ code: String) -> String {
        Hex.encode(SHA256.hash(id + ":" + code))
    }
}
