import LangoJSON
import LangoURI

/// Page-number paging of an OBIE list (1-based `?page=N`), and the `Links` that go with it.
///
/// Every link is `baseURL?page=N` followed by the preserved query parameters (percent-encoded),
/// so following `Next` keeps the caller's booking-date window.
public struct OBIEPaging: Sendable {
    /// The absolute URL of the resource, without a query.
    public let baseURL: String
    /// Query parameters to carry into every link, in order; any `page` among them is dropped.
    public let preservedQuery: [(name: String, value: String)]
    /// The page being returned, from 1.
    public let page: Int
    /// Items per page, at least 1.
    public let pageSize: Int
    /// Items across all pages.
    public let totalItems: Int

    /// Paging for `page` of `totalItems` in pages of `pageSize` (a page below 1 is read as 1, a
    /// size below 1 as 1).
    public init(baseURL: String, preservedQuery: [(String, String)], page: Int, pageSize: Int, totalItems: Int) {
        self.baseURL = baseURL
        self.preservedQuery = preservedQuery.filter { $0.0 != "page" }.map { (name: $0.0, value: $0.1) }
        self.page = max(1, page)
        self.pageSize = max(1, pageSize)
        self.totalItems = max(0, totalItems)
    }

    /// How many items come before `page`: the ledger query's offset.
    public var offset: Int { Self.offset(page: page, pageSize: pageSize) }

    /// How many pages there are; at least 1, so an empty list still has a (empty) first page.
    public var totalPages: Int { max(1, (totalItems + pageSize - 1) / pageSize) }

    /// How many items come before `page` in pages of `pageSize`, saturating instead of overflowing.
    public static func offset(page: Int, pageSize: Int) -> Int {
        let (offset, overflow) = (max(1, page) - 1).multipliedReportingOverflow(by: max(1, pageSize))
        return overflow ? .max : offset
    }

    /// The highest page number ``parsePage(_:)`` accepts, so `(page - 1) * pageSize` stays far
    /// from overflowing.
    public static let maxPage = 1_000_000

    /// Parses the `page` query parameter: absent means 1; anything but ASCII digits naming a
    /// number from 1 to ``maxPage`` (no sign, no spaces) is ``OBIERequestError/invalidPage(_:)``.
    public static func parsePage(_ raw: String?) throws(OBIERequestError) -> Int {
        guard let raw else { return 1 }
        guard !raw.isEmpty, raw.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let page = Int(raw), (1...maxPage).contains(page)
        else { throw .invalidPage(raw) }
        return page
    }

    /// The link to page `number`.
    public func url(page number: Int) -> String {
        let query = [("page", String(number))] + preservedQuery.map { ($0.name, $0.value) }
        return baseURL + "?" + PercentEncoding.query(query)
    }

    /// `Links`: `Self`, `First` and `Last` always; `Prev` after the first page (pointing at the
    /// last page when `page` is past it); `Next` before the last.
    public var links: JSONValue {
        var links: JSONObject = ["Self": .string(url(page: page)), "First": .string(url(page: 1))]
        if page > 1 { links["Prev"] = .string(url(page: min(page - 1, totalPages))) }
        if page < totalPages { links["Next"] = .string(url(page: page + 1)) }
        links["Last"] = .string(url(page: totalPages))
        return .object(links)
    }
}
