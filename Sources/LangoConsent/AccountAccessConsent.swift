import Foundation
import LangoCrypto
import LangoPolicy

/// OBIE v3.1 consent status codes.
public enum ConsentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case awaitingAuthorisation = "AwaitingAuthorisation"
    case authorised = "Authorised"
    case rejected = "Rejected"
    case revoked = "Revoked"
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

/// An OBIE account-access consent: created by a client, authorised (over the accounts the
/// customer selects) or rejected by a customer, revoked by the customer or deleted by the
/// client. Changes are pure: each returns the changed consent with the audit event that
/// records it, or throws ``ConsentError``; a store keeps both together (and, through `Codable`,
/// the consent as it is after each).
public struct AccountAccessConsent: Sendable, Hashable, Codable {
    /// `aac-` and 32 hex digits.
    public let id: String
    public let clientID: String
    public let appID: String
    /// Without repeats, in OBIE's order.
    public let permissions: [AccountPermission]
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
    /// 1 when created, one more with each change.
    public private(set) var version: Int

    /// Whether the consent has passed its `ExpirationDateTime` at `now`.
    public func isExpired(at now: Date) -> Bool { expiresAt.map { now >= $0 } ?? false }

    /// Whether the consent grants `permission`, directly or through its Detail counterpart.
    public func grants(_ permission: AccountPermission) -> Bool { permission.isGranted(by: Set(permissions)) }

    /// A new consent for `request`, awaiting a customer's authorisation.
    public static func create(
        _ request: AccountAccessConsentRequest, clientID: String, appID: String, at now: Date, address: String?
    ) -> ConsentChange {
        let consent = AccountAccessConsent(
            id: "aac-" + Hex.encode(SecureRandom.bytes(16)), clientID: clientID, appID: appID, permissions: request.permissions,
            expiresAt: request.expiresAt, transactionFrom: request.transactionFrom, transactionTo: request.transactionTo, createdAt: now,
            status: .awaitingAuthorisation, statusUpdatedAt: now, customerID: nil, accountIDs: [], authorisedAt: nil, deletedAt: nil,
            expiryRecorded: false, version: 1)
        return ConsentChange(
            consent: consent,
            event: ConsentEvent(
                consentID: consent.id, kind: .created, actor: .client(clientID), at: now, address: address, statusBefore: nil,
                statusAfter: .awaitingAuthorisation))
    }

    /// The customer authorises the consent over `accountIDs` (at least one).
    public func authorise(customerID: String, accountIDs: [String], at now: Date, address: String?) throws(ConsentError)
        -> ConsentChange
    {
        try requirePending(at: now)
        var seen: Set<String> = []
        let accounts = accountIDs.filter { seen.insert($0).inserted }
        guard !accounts.isEmpty else { throw .noAccounts }
        var next = changed(to: .authorised, at: now)
        next.customerID = customerID
        next.accountIDs = accounts
        next.authorisedAt = now
        return event(.authorised, next, actor: .customer(customerID), at: now, address: address)
    }

    /// The customer refuses the consent.
    public func reject(customerID: String, at now: Date, address: String?) throws(ConsentError) -> ConsentChange {
        try requirePending(at: now)
        var next = changed(to: .rejected, at: now)
        next.customerID = customerID
        return event(.rejected, next, actor: .customer(customerID), at: now, address: address)
    }

    /// The customer withdraws an authorised consent of theirs.
    public func revoke(customerID: String, at now: Date, address: String?) throws(ConsentError) -> ConsentChange {
        guard self.customerID == customerID, deletedAt == nil else { throw .notFound(id) }
        guard status == .authorised else { throw .wrongStatus(id, status) }
        return event(.revoked, changed(to: .revoked, at: now), actor: .customer(customerID), at: now, address: address)
    }

    /// The client deletes the consent, whatever its status: it serves nothing from now on.
    public func delete(clientID: String, at now: Date, address: String?) throws(ConsentError) -> ConsentChange {
        guard self.clientID == clientID, deletedAt == nil else { throw .notFound(id) }
        var next = changed(to: .revoked, at: now)
        next.deletedAt = now
        return event(.deleted, next, actor: .client(clientID), at: now, address: address)
    }

    /// Records that an authorised consent has passed its expiry (its OBIE status stays `Authorised`).
    public func recordExpiry(at now: Date) throws(ConsentError) -> ConsentChange {
        guard status == .authorised, isExpired(at: now), !expiryRecorded else { throw .wrongStatus(id, status) }
        var next = self
        next.expiryRecorded = true
        next.version += 1
        return event(.expired, next, actor: .system, at: now, address: nil)
    }

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
    public let consent: AccountAccessConsent
    public let event: ConsentEvent
}

/// One entry of a consent's audit trail: who did what, when, from where.
public struct ConsentEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case created, authorised, rejected, revoked, deleted, expired
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
        }
    }
}
