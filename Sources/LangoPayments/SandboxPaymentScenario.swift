import Foundation
import LangoBank

/// What a sandbox payment plays out, chosen by the pence of its amount so partners can produce
/// each outcome on demand. Production apps never get a scenario: their payments just execute.
///
/// | pence | scenario |
/// |---|---|
/// | `.91` | rejected by the receiving bank |
/// | `.92` | delayed: stays `Pending` for ``delayed`` seconds, then completes |
/// | `.93` | unconfirmed: the core never confirms the booking, so the payment stays
/// `AcceptedSettlementInProcess` (nothing booked) until the bank reconciles it |
///
/// Insufficient funds needs no scenario: pay more than the account holds.
public enum SandboxPaymentScenario: String, Sendable, Hashable, Codable, CaseIterable {
    case rejectedByReceivingBank = "rejected-by-receiving-bank"
    case delayed
    case unconfirmed

    /// How long a delayed payment stays pending.
    public static let delayedSeconds: TimeInterval = 10

    /// The scenario an amount selects, if any.
    public init?(amount: Money) {
        switch abs(amount.minorUnits) % 100 {
        case 91: self = .rejectedByReceivingBank
        case 92: self = .delayed
        case 93: self = .unconfirmed
        default: return nil
        }
    }

    /// How long the payment waits before it executes.
    var delay: TimeInterval { self == .delayed ? Self.delayedSeconds : 0 }
}
