import Foundation
import LangoJSON
import LangoPolicy

/// The PSD2 rules on how long and how often an account-access consent serves requests, as the
/// bank configures them.
public struct ConsentRules: Sendable, Hashable {
    /// How long after the customer last authenticated for the consent it keeps serving data
    /// (PSD2 RTS art. 10a: 180 days).
    public var reauthenticationPeriod: Duration
    /// How many requests a consent serves in any 24 hours (a rolling window) when the customer
    /// is not present (no `x-fapi-customer-ip-address`); PSD2 RTS art. 36(6) allows 4.
    public var unattendedAccessesPerDay: Int

    /// The PSD2 defaults: 180 days, 4 unattended accesses a day.
    public static let psd2 = ConsentRules(reauthenticationPeriod: .seconds(180 * 86_400), unattendedAccessesPerDay: 4)

    public init(reauthenticationPeriod: Duration, unattendedAccessesPerDay: Int) {
        self.reauthenticationPeriod = reauthenticationPeriod
        self.unattendedAccessesPerDay = unattendedAccessesPerDay
    }

    /// When a consent authorised at `authorisedAt` needs the customer to authenticate again.
    public func reauthenticationDue(after authorisedAt: Date) -> Date {
        authorisedAt.addingTimeInterval(reauthenticationPeriod.timeInterval)
    }
}

extension Consent {
    /// What the policy engine needs to know of the consent at `now`: its standing (expiry and
    /// the reauthentication deadline worked out here), client, customer, permissions, accounts.
    public func facts(at now: Date, rules: ConsentRules) -> ConsentFacts {
        ConsentFacts(
            id: id, kind: kind, status: standing(at: now, rules: rules), clientID: clientID, customerID: customerID,
            permissions: Set(permissions), accountIDs: Set(accountIDs))
    }

    /// The consent's standing at `now` in the policy engine's terms.
    public func standing(at now: Date, rules: ConsentRules) -> ConsentFacts.Status {
        if deletedAt != nil { return .revoked }
        switch status {
        case .awaitingAuthorisation: return .awaitingAuthorisation
        case .rejected: return .rejected
        case .revoked: return .revoked
        case .consumed: return .consumed
        case .authorised:
            if isExpired(at: now) { return .expired }
            if stepUpRequestedAt != nil { return .reauthenticationRequired }
            if let authorisedAt, now >= rules.reauthenticationDue(after: authorisedAt) { return .reauthenticationRequired }
            return .authorised
        }
    }
}
