import Foundation
import LangoBank
import LangoConsent
import LangoCrypto

/// The OBIE v3.1 payment status codes Lango reports (`OBWriteDomesticResponse5.Data.Status`).
public enum PaymentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Accepted by Lango, not yet executed.
    case pending = "Pending"
    /// Being booked on the debtor's account; a payment found still here after its node stopped
    /// is left for the bank to reconcile, never booked twice.
    case acceptedSettlementInProcess = "AcceptedSettlementInProcess"
    /// Booked: the money has left the debtor's account.
    case acceptedSettlementCompleted = "AcceptedSettlementCompleted"
    /// Refused (insufficient funds, the account's currency, the scheme); nothing was booked.
    case rejected = "Rejected"

    /// Whether the status can no longer change.
    public var isFinal: Bool { self == .acceptedSettlementCompleted || self == .rejected }
}

/// A domestic payment made under a consumed payment consent, from the account the customer
/// chose, and what became of it. Changes are pure and return the changed payment; a store
/// keeps it over the version it was read at.
public struct DomesticPayment: Sendable, Hashable, Codable {
    /// `dp-` and 32 hex digits (OBIE `DomesticPaymentId`, at most 40 characters).
    public let id: String
    public let consentID: String
    public let clientID: String
    public let appID: String
    /// The customer who authorised the consent.
    public let customerID: String
    /// The account the customer chose to pay from.
    public let debtorAccountID: String
    public let initiation: DomesticPaymentInitiation
    public let createdAt: Date
    /// Not executed before this moment.
    public private(set) var executeAfter: Date
    /// The bulk payment it belongs to (`bp-…`), and its place in the bulk from 0; `nil` for a single payment.
    public let bulk: BulkMembership?
    /// The fraud check that let the payment through, when its rule has one: kept with the
    /// payment for the bank's audit.
    public let fraudCheck: PaymentFraudCheck?
    /// The sandbox scenario the payment plays out, for sandbox apps.
    public let scenario: SandboxPaymentScenario?
    public private(set) var status: PaymentStatus
    public private(set) var statusUpdatedAt: Date
    /// The transaction booked on the debtor's account, once completed.
    public private(set) var transactionID: String?
    /// Why it was rejected, in words for the client's developers.
    public private(set) var rejectionReason: String?
    /// When the bank recorded the outcome after reconciling it with the core's ledger; `nil`
    /// when the execution service recorded it.
    public internal(set) var reconciledAt: Date?
    /// The webhook events the outcome still owes the app: set in the same write as the final
    /// outcome (``announcing(_:)``) and cleared once they are in the outbox (``announced()``),
    /// so an outcome stored by a node that stopped before telling is still told.
    public private(set) var announcement: PaymentAnnouncement?
    /// 1 when created, one more with each change.
    public private(set) var version: Int

    /// A new pending payment for `initiation`, from `debtorAccountID`; `id` is chosen first
    /// because the consent records it when the payment consumes it.
    public init(
        id: String = Self.newID(), consentID: String, clientID: String, appID: String, customerID: String, debtorAccountID: String,
        initiation: DomesticPaymentInitiation, bulk: BulkMembership? = nil, fraudCheck: PaymentFraudCheck? = nil,
        scenario: SandboxPaymentScenario?, at now: Date
    ) {
        self.id = id
        self.consentID = consentID
        self.clientID = clientID
        self.appID = appID
        self.customerID = customerID
        self.debtorAccountID = debtorAccountID
        self.initiation = initiation
        self.createdAt = now
        self.bulk = bulk
        self.fraudCheck = fraudCheck
        self.executeAfter = now.addingTimeInterval(scenario?.delay ?? 0)
        self.scenario = scenario
        self.status = .pending
        self.statusUpdatedAt = now
        self.version = 1
    }

    /// A fresh payment id.
    public static func newID() -> String { "dp-" + Hex.encode(SecureRandom.bytes(16)) }

    /// Booking has started.
    public func startingSettlement(at now: Date) -> Self {
        changed(to: .acceptedSettlementInProcess, at: now)
    }

    /// Booked as `transactionID`.
    public func settled(transactionID: String, at now: Date) -> Self {
        var next = changed(to: .acceptedSettlementCompleted, at: now)
        next.transactionID = transactionID
        return next
    }

    /// Back to pending until `later`: the core could not take the booking and booked nothing.
    public func postponed(until later: Date) -> Self {
        var next = changed(to: .pending, at: statusUpdatedAt)
        next.executeAfter = later
        return next
    }

    /// The same change, owing the app the webhook events of its outcome; `booking` is the
    /// transaction the core booked for it, when it did.
    public func announcing(_ booking: Transaction?) -> Self {
        var next = self
        next.announcement = PaymentAnnouncement(
            balanceAfter: booking?.balanceAfter, balanceAfterCreditDebit: booking?.balanceAfterCreditDebit)
        return next
    }

    /// Its outcome's events are in the outbox.
    public func announced() -> Self {
        var next = self
        next.announcement = nil
        next.version += 1
        return next
    }

    /// Refused for `reason`; nothing was booked.
    public func rejected(reason: String, at now: Date) -> Self {
        var next = changed(to: .rejected, at: now)
        next.rejectionReason = reason
        return next
    }

    private func changed(to status: PaymentStatus, at now: Date) -> Self {
        var next = self
        next.status = status
        next.statusUpdatedAt = now
        next.version += 1
        return next
    }
}

/// What a payment's outcome still owes the app's webhooks, beyond the payment itself.
public struct PaymentAnnouncement: Sendable, Hashable, Codable {
    /// The debtor account's balance the booking left, for `balance.low`; `nil` when nothing
    /// was booked, or the bank reconciled the booking (the gateway never saw the balance).
    public let balanceAfter: Money?
    public let balanceAfterCreditDebit: CreditDebit?

    public init(balanceAfter: Money?, balanceAfterCreditDebit: CreditDebit?) {
        self.balanceAfter = balanceAfter
        self.balanceAfterCreditDebit = balanceAfterCreditDebit
    }
}

/// A payment's place in a bulk payment.
public struct BulkMembership: Sendable, Hashable, Codable {
    /// `bp-` and 32 hex digits.
    public let id: String
    /// From 0, in the order of the consent's `Initiations`.
    public let position: Int

    public init(id: String, position: Int) {
        self.id = id
        self.position = position
    }

    /// A fresh bulk payment id.
    public static func newID() -> String { "bp-" + Hex.encode(SecureRandom.bytes(16)) }
}

/// What the fraud check said about a payment it let through.
public struct PaymentFraudCheck: Sendable, Hashable, Codable {
    /// The hook the rule names.
    public let hook: String
    /// `allow`, or `step_up` when the customer had authenticated again.
    public let action: String
    /// The hook's score; `nil` when it gave none and the rule's fail mode (open) let the payment through.
    public let score: Int?
    /// The fail mode that decided, when the hook gave no score.
    public let failMode: String?

    public init(hook: String, action: String, score: Int?, failMode: String?) {
        self.hook = hook
        self.action = action
        self.score = score
        self.failMode = failMode
    }
}
