import Foundation
import LangoPolicy

/// The OBIE intents (consents) an authorization request can carry as `openbanking_intent_id`,
/// as the authorization server needs them: checked when the request arrives, shown to the
/// customer, then authorised with the accounts the customer chose, or rejected.
///
/// The gateway implements it over the consent store and the core bank; the authorization
/// server knows nothing of consents beyond this.
public protocol AuthorizationIntents: Sendable {
    /// Intent `id` if client `clientID` may ask a customer to authorise it now; throws an
    /// ``OAuthError`` saying why not (unknown, another client's, not awaiting authorisation, expired).
    func pendingIntent(id: String, clientID: String) async throws -> PendingIntent
    /// The accounts customer `customerID` may choose from for intent `intentID`, in the order to
    /// show them: for a payment, only those it can be paid from.
    func selectableAccounts(intentID: String, customerID: String) async throws -> [SelectableAccount]
    /// Authorises the intent for `customerID`, signed in at `authenticatedAt`, over `accountIDs`;
    /// throws an ``OAuthError`` when it is no longer pending. `address` is where the customer's
    /// browser called from.
    func authorise(id: String, customerID: String, authenticatedAt: Date, accountIDs: [String], address: String?) async throws
    /// Records that `customerID` refused the intent.
    func reject(id: String, customerID: String, address: String?) async throws
    /// Whether tokens may still be issued or refreshed for the intent: authorised by `customerID`
    /// for `clientID`, not revoked, not expired.
    func isActive(id: String, clientID: String, customerID: String) async throws -> Bool
}

/// An intent awaiting a customer's authorisation, with what the customer must be shown.
public struct PendingIntent: Sendable, Hashable {
    public var id: String
    /// The OBIE permissions asked for.
    public var permissions: [AccountPermission]
    public var expiresAt: Date?
    public var transactionFrom: Date?
    public var transactionTo: Date?
    /// For a payment consent, the payment the customer approves; then the customer chooses
    /// exactly one account, the one to pay from.
    public var payment: PendingPayment?
    /// Whether the customer already authorised the intent and is asked to authenticate again
    /// for it (a fraud check's step-up), choosing the same account.
    public var isStepUp: Bool

    public init(
        id: String, permissions: [AccountPermission], expiresAt: Date?, transactionFrom: Date?, transactionTo: Date?,
        payment: PendingPayment? = nil, isStepUp: Bool = false
    ) {
        self.id = id
        self.permissions = permissions
        self.expiresAt = expiresAt
        self.transactionFrom = transactionFrom
        self.transactionTo = transactionTo
        self.payment = payment
        self.isStepUp = isStepUp
    }
}

/// A payment awaiting the customer's approval, as the decision page shows it: one payee, or
/// several for a bulk.
public struct PendingPayment: Sendable, Hashable {
    /// One payment of it.
    public struct Payee: Sendable, Hashable {
        /// The amount as a decimal, such as `1250.50`.
        public var amount: String
        /// Who is paid: the creditor account's name.
        public var name: String
        /// The creditor's account identification (sort code and number, IBAN…).
        public var account: String
        /// The reference the creditor sees.
        public var reference: String?

        public init(amount: String, name: String, account: String, reference: String?) {
            self.amount = amount
            self.name = name
            self.account = account
            self.reference = reference
        }
    }

    /// What the payments add up to, as a decimal.
    public var total: String
    public var currency: String
    public var payees: [Payee]

    public init(total: String, currency: String, payees: [Payee]) {
        self.total = total
        self.currency = currency
        self.payees = payees
    }
}

/// One of the customer's accounts, as the account selection shows it.
public struct SelectableAccount: Sendable, Hashable {
    public var id: String
    /// What the customer calls it: the nickname, or the product.
    public var name: String
    /// The account number with all but its last digits hidden.
    public var maskedIdentification: String
    public var currency: String

    public init(id: String, name: String, maskedIdentification: String, currency: String) {
        self.id = id
        self.name = name
        self.maskedIdentification = maskedIdentification
        self.currency = currency
    }
}
