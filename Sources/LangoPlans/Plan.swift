import Foundation
import LangoLimits

/// One compiled pricing plan from `plans/*.json`: its rate limit, quotas, products and price.
///
/// Plans come from ``PlanCatalog/compile(_:products:)``, which has checked every field.
public struct Plan: Sendable, Hashable {
    /// The plan id (`plan`), such as `startup`: unique in the catalog; apps refer to it.
    public let id: String
    /// The content version (`version`), bumped on every change.
    public let version: Int
    /// The name shown to people (`name`), such as `Startup`.
    public let name: String
    /// Free text (`description`).
    public let description: String?
    /// The source the plan was read from, as diagnostics name it.
    public let file: String
    /// The app's rate (`rate`): `requests` per second or minute, at most `burst` at once.
    public let rateLimit: RateLimit
    /// The calendar quotas (`quotas`), at most one per period; empty when `"unlimited"`.
    public let quotas: [Quota]
    /// The API products the plan includes (`products`).
    public let products: Set<String>
    /// The price (`price`).
    public let price: PlanPrice
    /// Revenue shares on premium products (`revenue_share`), in file order.
    public let revenueShares: [RevenueShare]

    /// Whether the plan has no quotas (`"quotas": "unlimited"`); its rate still applies.
    public var isUnlimited: Bool { quotas.isEmpty }

    /// The quota windows in force at `now`, in the quotas' order, placed by `calendar`.
    public func quotaWindows(at now: Date, calendar: QuotaCalendar) -> [QuotaWindow] {
        calendar.windows(for: quotas, at: now)
    }

    /// The limiter request for a call of `cost` units by `subject` (the app id) at `now` under
    /// this plan.
    public func limitRequest(subject: String, cost: Int, at now: Date, calendar: QuotaCalendar) -> LimitRequest {
        LimitRequest(subject: subject, cost: cost, rate: rateLimit, quotas: quotaWindows(at: now, calendar: calendar), now: now)
    }

    /// The month's charge for `billableCalls` calls (see ``PriceList/charge(forBillableCalls:)``);
    /// `nil` for a custom-priced plan.
    public func charge(forBillableCalls billableCalls: Int) -> PlanCharge? {
        guard case .listed(let priceList) = price else { return nil }
        return priceList.charge(forBillableCalls: billableCalls)
    }
}
