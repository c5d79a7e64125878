import Foundation
import LangoJSON
import LangoURI

/// The HTTP contract between Lango and a core-banking service: paths, query parameters and
/// error bodies. `lango core-sim` serves it; the gateway's HTTP adapter calls it. Bodies are
/// the Codable form of this module's models (`Account`, `TransactionPage`, …) through
/// LangoJSON; `docs/core-contract.md` describes it for core-banking teams.
public enum CoreContract {
    /// Every path starts here.
    public static let basePath = "/core/v1"
    /// The caller's correlation id, passed through to the core's logs.
    public static let interactionHeader = "x-fapi-interaction-id"
    /// Query parameter restricting a call to some of the customer's accounts (comma-separated ids).
    public static let accountsParameter = "accounts"

    public static func partyPath(customerID: String) -> String {
        customerPath(customerID) + "/party"
    }

    public static func accountsPath(customerID: String) -> String {
        customerPath(customerID) + "/accounts"
    }

    public static func accountPath(customerID: String, accountID: String) -> String {
        accountsPath(customerID: customerID) + "/" + PercentEncoding.encode(accountID)
    }

    public static func balancesPath(customerID: String, accountID: String) -> String {
        accountPath(customerID: customerID, accountID: accountID) + "/balances"
    }

    public static func transactionsPath(customerID: String, accountID: String) -> String {
        accountPath(customerID: customerID, accountID: accountID) + "/transactions"
    }

    /// `from`, `to` (RFC 3339, inclusive), `offset` and `limit` for a transaction query.
    public static func queryItems(for query: TransactionQuery) -> [(String, String)] {
        var items: [(String, String)] = []
        if let from = query.from { items.append(("from", ISO8601.format(from, fractionalSeconds: true))) }
        if let to = query.to { items.append(("to", ISO8601.format(to, fractionalSeconds: true))) }
        if let creditDebit = query.creditDebit { items.append(("credit_debit", creditDebit.rawValue)) }
        items.append(("offset", String(query.offset)))
        items.append(("limit", String(query.limit)))
        return items
    }

    /// Reads a transaction query back from its parameters; `nil` when one is malformed.
    public static func transactionQuery(from items: [String: String]) -> TransactionQuery? {
        func date(_ name: String) -> Date?? {
            guard let text = items[name] else { return .some(nil) }
            return ISO8601.parse(text).map { .some($0) }
        }
        let creditDebit = items["credit_debit"].map(CreditDebit.init(rawValue:))
        guard let from = date("from"), let to = date("to"), creditDebit != .some(nil),
            let offset = Int(items["offset"] ?? "0"), let limit = Int(items["limit"] ?? "100")
        else { return nil }
        return TransactionQuery(from: from, to: to, creditDebit: creditDebit ?? nil, offset: offset, limit: limit)
    }

    /// The `accounts` parameter for a scope that lists accounts; none for a whole-customer scope.
    public static func scopeItems(_ scope: CustomerScope) -> [(String, String)] {
        guard let accounts = scope.accounts else { return [] }
        return [(accountsParameter, accounts.sorted().joined(separator: ","))]
    }

    /// The scope a request names: its customer and, when given, its account list.
    public static func scope(customerID: String, accountsParameter value: String?) -> CustomerScope {
        CustomerScope(customerID: customerID, accounts: value.map { Set($0.split(separator: ",").map(String.init)) })
    }

    /// `?a=1&b=2` with names and values percent-encoded; empty for no items.
    public static func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + PercentEncoding.query(items)
    }

    /// The HTTP status the core answers with for a failure of `category`.
    public static func status(for category: CoreBankError.Category) -> Int {
        switch category {
        case .notFound: 404
        case .invalidRequest, .currencyMismatch: 400
        case .insufficientFunds: 422
        case .unavailable: 503
        case .timeout: 504
        }
    }

    private static func customerPath(_ customerID: String) -> String {
        basePath + "/customers/" + PercentEncoding.encode(customerID)
    }
}
