import Foundation
import LangoBank
import LangoCrypto
import LangoPolicy

/// OBIE v3.1 consent status codes.
public enum ConsentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case awaitingAuthorisation = "AwaitingAuthorisation"
    case authorised = "Authorised"
    case rejected = "Rejected"
    case revoked = "Revoked"
    /// A payment consent a payment was made under: it serves nothing more.
    case consumed = "Consumed"
}

/// Who caused a consent change, for the audit trail.
public enum ConsentActor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The OAuth client (the partner's app).
    case client(String)
    /// The bank customer.
    case customer(String)
    /// Lango itself (expiry).
    case system

    /// `client app_x`, `customer C0001`, `system`.
    public var description: String {
        switch self {
        case .client(let id): "client \(id)"
        case .customer(let id): "customer \(id)"
        case .system: "system"
        }
    }
}

/// An OBIE consent: an account-access consent (AIS) or a domestic payment consent (PIS),
/// created by a client, authorised (over the accounts the customer selects: any number for
/// account access, the one to pay from for a payment) or rejected by a customer. An
/// account-access consent is then revoked by the customer or deleted by the client; a payment
/// consent is consumed by the one payment made under it.
///
/// Changes are pure: each returns the changed consent with the audit event that records it,
/// or throws ``ConsentError``; a store keeps both together (and, through `Codable`, the consent
/// as it is after each).
public struct Consent: Sendable, Hashable, Codable {
    /// `aac-` (account access), `pdc-` (domestic payment) or `pbc-` (bulk payment), and 32 hex digits.
    public let id: String
    public let clientID: String
    public let appID: String
    /// The account-access permissions, without repeats, in OBIE's order; empty for a payment consent.
    public let permissions: [AccountPermission]
    /// What a payment consent allows to be paid; `nil` for an account-access consent.
    public let payment: PaymentConsentTerms?
    public let expiresAt: Date?
    public let transactionFrom: Date?
    public let transactionTo: Date?
    public let createdAt: Date
    public private(set) var status: ConsentStatus
    public private(set) var statusUpdatedAt: Date
    /// The customer who authorised or rejected it.
    public private(set) var customerID: String?
    /// The accounts the customer selected, in the order chosen.
    public private(set) var accountIDs: [String]
    public private(set) var authorisedAt: Date?
    /// When the client deleted it (its status is then `Revoked`).
    public private(set) var deletedAt: Date?
    /// Whether the passing of its expiry has been recorded.
    public private(set) var expiryRecorded: Bool
    /// The payment (or bulk payment) made under a consumed payment consent.
    public private(set) var paymentID: String?
    /// When a fraud check asked for the customer to authenticate again before the payment
    /// (step-up); `nil` when no step-up is pending. The consent serves nothing meanwhile.
    public private(set) var stepUpRequestedAt: Date?
    /// When the customer last authenticated again for a step-up.
    public private(set) var steppedUpAt: Date?
    /// 1 when created, one more with each change.
    public private(set) var version: Int

    /// Account access or payment.
    public var kind: ConsentRequirement.Kind { payment == nil ? .accountAccess : .payment }

    /// Whether the consent has passed its `ExpirationDateTime` at `now`.
    public func isExpired(at now: Date) -> Bool { expiresAt.map { now >= $0 } ?? false }

    /// Whether the consent grants `permission`, directly or through its Detail counterpart.
    public func grants(_ permission: AccountPermission) -> Bool { permission.isGranted(by: Set(permissions)) }

    /// A new account-access consent for `request`, awaiting a customer's authorisation.
    public static func create(
        _ request: AccountAccessConsentRequest, clientID: String, appID: String, at now: Date, address: String?
    ) -> ConsentChange {
        created(
            Consent(
                id: "aac-" + Hex.encode(SecureRandom.bytes(16)), clientID: clientID, appID: appID, permissions: request.permissions,
                payment: nil, expiresAt: request.expiresAt, transactionFrom: request.transactionFrom, transactionTo: request.transactionTo,
                createdAt: now, status: .awaitingAuthorisation, statusUpdatedAt: now, customerID: nil, accountIDs: [], authorisedAt: nil,
                deletedAt: nil, expiryRecorded: false, paymentID: nil, stepUpRequestedAt: nil, steppedUpAt: nil, version: 1),
            at: now, address: address)
    }

    /// A new domestic payment consent for `request`, awaiting a customer's authorisation.
    public static func create(
        _ request: DomesticPaymentConsentRequest, clientID: String, appID: String, at now: Date, address: String?
    ) -> ConsentChange {
        let terms = PaymentConsentTerms(
            initiations: [request.initiation], isBulk: false, readRefundAccount: request.readRefundAccount,
            risk: DomesticPaymentInitiation.canonicalText(request.risk))
        return created(payment: terms, prefix: "pdc-", clientID: clientID, appID: appID, at: now, address: address)
    }

    /// A new bulk payment consent for `request`, awaiting a customer's authorisation.
    public static func create(
        _ request: BulkPaymentConsentRequest, clientID: String, appID: String, at now: Date, address: String?
    ) -> ConsentChange {
        let terms = PaymentConsentTerms(
            initiations: request.initiations, isBulk: true, readRefundAccount: request.readRefundAccount,
            risk: DomesticPaymentInitiation.canonicalText(request.risk))
        return created(payment: terms, prefix: "pbc-", clientID: clientID, appID: appID, at: now, address: address)
    }

    private static func created(
        payment terms: PaymentConsentTerms, prefix: String, clientID: String, appID: String, at now: Date, address: String?
    ) -> ConsentChange {
        created(
            Consent(
                id: prefix + Hex.encode(SecureRandom.bytes(16)), clientID: clientID, appID: appID, permissions: [], payment: terms,
                expiresAt: nil, transactionFrom: nil, transactionTo: nil, createdAt: now, status: .awaitingAuthorisation,
                statusUpdatedAt: now, customerID: nil, accountIDs: [], authorisedAt: nil, deletedAt: nil, expiryRecorded: false,
                paymentID: nil, stepUpRequestedAt: nil, steppedUpAt: nil, version: 1),
            at: now, address: address)
    }

    private static func created(_ consent: Consent, at now: Date, address: String?) -> ConsentChange {
        ConsentChange(
            consent: consent,
            event: ConsentEvent(
                consentID: consent.id, kind: .created, actor: .client(consent.clientID), at: now, address: address, statusBefore: nil,
                statusAfter: .awaitingAuthorisation))
    }

    /// The customer authorises the consent over `accountIDs`: at least one for account access,
    /// exactly one (the account to pay from) for a payment.
    public func authorise(customerID: String, accountIDs: [String], at now: Date, address: String?) throws(ConsentError)
        -> ConsentChange
    {
        try requirePending(at: now)
        var seen: Set<String> = []
        let accounts = accountIDs.filter { seen.insert($0).inserted }
        guard !accounts.isEmpty else { throw .noAccounts }
        guard payment == nil || accounts.count == 1 else { throw .oneDebtorAccount }
        var next = changed(to: .authorised, at: now)
        next.customerID = customerID
        next.accountIDs = accounts
        next.authorisedAt = now
        return event(.authorised, next, actor: .customer(customerID), at: now, address: address)
    }

    /// The customer refuses the consent, or the payment a step-up asked them to confirm.
    public func reject(customerID: String, at now: Date, address: String?) throws(ConsentError) -> ConsentChange {
        if stepUpRequestedAt != nil, status == .authorised {
            guard self.customerID == customerID, deletedAt == nil else { throw .notFound(id) }
        } else {
            try requirePending(at: now)
        }
        var next = changed(to: .rejected, at: now)
        next.stepUpRequestedAt = nil
        next.customerID = customerID
        return event(.rejected, next, actor: .customer(customerID), at: now, address: address)
    }

    /// The customer withdraws an authorised account-access consent of theirs (a payment
    /// consent cannot be withdrawn: OBIE gives it no such status).
    public func revoke(customerID: String, at now: Date, address: String?) throws(ConsentError) -> ConsentChange {
        guard self.customerID == customerID, deletedAt == nil else { throw .notFound(id) }
        guard status == .authorised, payment == nil else { throw .wrongStatus(id, status) }
        return event(.revoked, changed(to: .revoked, at: now), actor: .customer(customerID), at: now, address: address)
    }

    /// The client deletes the consent, whatever its status: it serves nothing from now on.
    public func delete(clientID: String, at now: Date, address: String?) throws(ConsentError) -> ConsentChange {
        guard self.clientID == clientID, deletedAt == nil else { throw .notFound(id) }
        var next = changed(to: .revoked, at: now)
        next.deletedAt = now
        return event(.deleted, next, actor: .client(clientID), at: now, address: address)
    }

    /// The client makes payment `paymentID` (a bulk payment's id, for a bulk consent) under this
    /// authorised payment consent, which it consumes: one consent, one payment.
    public func consume(paymentID: String, clientID: String, at now: Date, address: String?) throws(ConsentError) -> ConsentChange {
        guard self.clientID == clientID, deletedAt == nil, payment != nil else { throw .notFound(id) }
        // A pending step-up is checked here too, in the same compare-and-set as the consumption:
        // a node whose cache has not seen the pause yet cannot make the payment.
        guard status == .authorised, stepUpRequestedAt == nil else { throw .wrongStatus(id, status) }
        var next = changed(to: .consumed, at: now)
        next.paymentID = paymentID
        return event(.consumed, next, actor: .client(clientID), at: now, address: address)
    }

    /// A fraud check wants the customer to authenticate again before a payment is made under
    /// this authorised payment consent: until they do, it serves nothing.
    public func requireStepUp(at now: Date) throws(ConsentError) -> ConsentChange {
        guard payment != nil, deletedAt == nil else { throw .notFound(id) }
        guard status == .authorised else { throw .wrongStatus(id, status) }
        var next = self
        next.stepUpRequestedAt = now
        next.version += 1
        return event(.stepUpRequired, next, actor: .system, at: now, address: nil)
    }

    /// The customer who authorised the consent authenticated again, at `authenticatedAt`, for a
    /// pending step-up; a sign-in from before the step-up was asked does not count.
    public func confirmStepUp(customerID: String, authenticatedAt: Date, at now: Date, address: String?) throws(ConsentError)
        -> ConsentChange
    {
        guard self.customerID == customerID, deletedAt == nil else { throw .notFound(id) }
        guard status == .authorised, let requestedAt = stepUpRequestedAt else { throw .wrongStatus(id, status) }
        guard authenticatedAt >= requestedAt else { throw .authenticatedBeforeStepUp(id) }
        var next = self
        next.stepUpRequestedAt = nil
        next.steppedUpAt = now
        next.version += 1
        return event(.steppedUp, next, actor: .customer(customerID), at: now, address: address)
    }

    /// Records that a consent authorised or still awaiting authorisation has passed its expiry.
    /// Its status stays (OBIE v3.1 has no `Expired`): an authorised one serves nothing more, one
    /// awaiting authorisation can no longer be authorised, and the trail says why.
    public func recordExpiry(at now: Date) throws(ConsentError) -> ConsentChange {
        guard Self.expiringStatuses.contains(status), isExpired(at: now), !expiryRecorded else { throw .wrongStatus(id, status) }
        var next = self
        next.expiryRecorded = true
        next.version += 1
        return event(.expired, next, actor: .system, at: now, address: nil)
    }

    /// The statuses whose passing of `ExpirationDateTime` is recorded as an `expired` event.
    public static let expiringStatuses: Set<ConsentStatus> = [.authorised, .awaitingAuthorisation]

    private func requirePending(at now: Date) throws(ConsentError) {
        guard deletedAt == nil else { throw .notFound(id) }
        guard status == .awaitingAuthorisation else { throw .wrongStatus(id, status) }
        guard !isExpired(at: now) else { throw .expired(id) }
    }

    private func changed(to status: ConsentStatus, at now: Date) -> Self {
        var next = self
        next.status = status
        next.statusUpdatedAt = now
        next.version += 1
        return next
    }

    private func event(_ kind: ConsentEvent.Kind, _ next: Self, actor: ConsentActor, at now: Date, address: String?) -> ConsentChange {
        ConsentChange(
            consent: next,
            event: ConsentEvent(
                consentID: id, kind: kind, actor: actor, at: now, address: address, statusBefore: status, statusAfter: next.status))
    }
}

/// A consent after a change, with the audit event recording it.
public struct ConsentChange: Sendable, Hashable {
    public let consent: Consent
    public let event: ConsentEvent
}

/// One entry of a consent's audit trail: who did what, when, from where.
public struct ConsentEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case created, authorised, rejected, revoked, deleted, expired, consumed
        /// A fraud check asked for the customer to authenticate again.
        case stepUpRequired = "step_up_required"
        /// The customer authenticated again.
        case steppedUp = "stepped_up"
    }

    /// The store's position of the event, increasing; 0 until stored.
    public var sequence: Int64
    public let consentID: String
    public let kind: Kind
    public let actor: ConsentActor
    public let at: Date
    /// The caller's IP address, when known.
    public let address: String?
    public let statusBefore: ConsentStatus?
    public let statusAfter: ConsentStatus

    public init(
        sequence: Int64 = 0, consentID: String, kind: Kind, actor: ConsentActor, at: Date, address: String?, statusBefore: ConsentStatus?,
        statusAfter: ConsentStatus
    ) {
        self.sequence = sequence
        self.consentID = consentID
        self.kind = kind
        self.actor = actor
        self.at = at
        self.address = address
        self.statusBefore = statusBefore
        self.statusAfter = statusAfter
    }
}

/// Why a consent cannot change as asked.
public struct ConsentError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case notFound(String)
        case wrongStatus(String, ConsentStatus)
        case expired(String)
        case noAccounts
        case oneDebtorAccount
        case authenticatedBeforeStepUp(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// No such consent for this caller (or it was deleted).
    public static func notFound(_ id: String) -> Self { Self(.notFound(id)) }
    /// The consent's status does not allow the change.
    public static func wrongStatus(_ id: String, _ status: ConsentStatus) -> Self { Self(.wrongStatus(id, status)) }
    /// The consent expired before it was authorised.
    public static func expired(_ id: String) -> Self { Self(.expired(id)) }
    /// An authorisation selected no account.
    public static let noAccounts = Self(.noAccounts)
    /// A payment consent's authorisation selected more than one account to pay from.
    public static let oneDebtorAccount = Self(.oneDebtorAccount)
    /// A step-up was confirmed with a sign-in that started before it was asked for.
    public static func authenticatedBeforeStepUp(_ id: String) -> Self { Self(.authenticatedBeforeStepUp(id)) }

    /// Whether the consent does not exist for the caller.
    public var isNotFound: Bool {
        if case .notFound = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .notFound(let id): "consent \(id) does not exist"
        case .wrongStatus(let id, let status): "consent \(id) is \(status.rawValue)"
        case .expired(let id): "consent \(id) has expired"
        case .noAccounts: "at least one account must be selected"
        case .oneDebtorAccount: "exactly one account to pay from must be selected"
        case .authenticatedBeforeStepUp(let id): "consent \(id) needs a sign-in made after its confirmation was asked for"
        }
    }
}

/// What a payment consent allows: the payment (or, for a bulk, the payments, in order) as the
/// client described it.
public struct PaymentConsentTerms: Sendable, Hashable, Codable {
    /// One for a single payment; 1 to 100 for a bulk, all in one currency.
    public let initiations: [DomesticPaymentInitiation]
    /// Whether it is a bulk consent (`/lango/v1/pisp/bulk-payment-consents`).
    public let isBulk: Bool
    /// Whether the client asked to see the refund account (`ReadRefundAccount: Yes`).
    public let readRefundAccount: Bool
    /// The `Risk` object as sent, compact JSON with sorted keys.
    public let risk: String

    /// The single payment's `Initiation` (a bulk's first).
    public var initiation: DomesticPaymentInitiation { initiations[0] }

    /// What the payments add up to, in their one currency.
    public var total: Money {
        Money(minorUnits: initiations.reduce(0) { $0 + $1.amount.minorUnits }, currency: initiation.amount.currency)
    }
}
