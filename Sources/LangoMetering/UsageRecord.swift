import Foundation

/// What one metered call is counted under: the app, the API product and rule, the class of
/// the status it got, and the hour it fell in (UTC). Billing reads these; enforcement counters
/// are a separate thing (the limiter's).
public struct UsageKey: Sendable, Hashable {
    public var appID: String
    public var product: String
    public var ruleID: String
    /// `2xx`, `3xx`, `4xx` or `5xx`.
    public var statusClass: String
    /// The start of the UTC hour of the call.
    public var hour: Date

    public init(appID: String, product: String, ruleID: String, statusClass: String, hour: Date) {
        self.appID = appID
        self.product = product
        self.ruleID = ruleID
        self.statusClass = statusClass
        self.hour = hour
    }

    /// The key of a call answered with `status` at `time`.
    public init(appID: String, product: String, ruleID: String, status: Int, at time: Date) {
        self.init(
            appID: appID, product: product, ruleID: ruleID, statusClass: Self.statusClass(status),
            hour: Self.hour(containing: time))
    }

    /// The class of an HTTP status, `1xx` to `5xx` (anything outside counts as the nearest).
    public static func statusClass(_ status: Int) -> String {
        "\(statusClassDigit(status))xx"
    }

    /// The first digit of the status class, 1 to 5 (anything outside counts as the nearest).
    public static func statusClassDigit(_ status: Int) -> Int {
        min(max(status / 100, 1), 5)
    }

    static func hour(containing time: Date) -> Date {
        Date(timeIntervalSince1970: (time.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600)
    }
}

/// How much was used under one key.
public struct UsageCounts: Sendable, Hashable {
    public var requests: Int64
    public var cost: Int64

    public init(requests: Int64, cost: Int64) {
        self.requests = requests
        self.cost = cost
    }

    /// No requests, no cost.
    public static let zero = Self(requests: 0, cost: 0)

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(requests: lhs.requests + rhs.requests, cost: lhs.cost + rhs.cost)
    }

    public static func += (lhs: inout Self, rhs: Self) {
        lhs = lhs + rhs
    }
}

/// One line of a usage report: totals for an app and product, by status class.
public struct UsageTotal: Sendable, Hashable {
    public var appID: String
    public var product: String
    public var statusClass: String
    public var counts: UsageCounts

    public init(appID: String, product: String, statusClass: String, counts: UsageCounts) {
        self.appID = appID
        self.product = product
        self.statusClass = statusClass
        self.counts = counts
    }
}
