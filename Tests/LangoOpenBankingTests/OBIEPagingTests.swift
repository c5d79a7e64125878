import LangoJSON
import LangoOpenBanking
import Testing

struct OBIEPagingTests {
    private let base = "https://api.lango.example/open-banking/v3.1/aisp/accounts/C0001-KES-1/transactions"

    private func paging(page: Int, size: Int = 25, total: Int, query: [(String, String)] = []) -> OBIEPaging {
        OBIEPaging(baseURL: base, preservedQuery: query, page: page, pageSize: size, totalItems: total)
    }

    @Test(arguments: [(0, 1), (1, 1), (25, 1), (26, 2), (100, 4), (101, 5)] as [(Int, Int)])
    func totalPagesIsAtLeastOne(totalItems: Int, pages: Int) {
        #expect(paging(page: 1, total: totalItems).totalPages == pages)
    }

    @Test func offsetCountsThePagesBefore() {
        #expect(paging(page: 1, total: 100).offset == 0)
        #expect(paging(page: 3, total: 100).offset == 50)
        #expect(OBIEPaging.offset(page: 4, pageSize: 10) == 30)
        #expect(OBIEPaging.offset(page: .max, pageSize: 1_000) == .max)
    }

    @Test func outOfRangeArgumentsAreClamped() {
        let clamped = OBIEPaging(baseURL: base, preservedQuery: [], page: -3, pageSize: 0, totalItems: -5)
        #expect(clamped.page == 1 && clamped.pageSize == 1 && clamped.totalItems == 0 && clamped.totalPages == 1)
    }

    @Test func middlePageLinksEverywhere() {
        let links = paging(page: 2, total: 80).links
        #expect(links.objectValue?.orderedKeys == ["Self", "First", "Prev", "Next", "Last"])
        #expect(links == [
            "Self": .string(base + "?page=2"), "First": .string(base + "?page=1"), "Prev": .string(base + "?page=1"),
            "Next": .string(base + "?page=3"), "Last": .string(base + "?page=4"),
        ])
    }

    @Test func firstLastAndOnlyPages() {
        #expect(paging(page: 1, total: 80).links.objectValue?.orderedKeys == ["Self", "First", "Next", "Last"])
        #expect(paging(page: 4, total: 80).links.objectValue?.orderedKeys == ["Self", "First", "Prev", "Last"])
        let only = paging(page: 1, total: 3).links
        #expect(only == ["Self": .string(base + "?page=1"), "First": .string(base + "?page=1"), "Last": .string(base + "?page=1")])
        let empty = paging(page: 1, total: 0).links
        #expect(empty["Last"] == .string(base + "?page=1") && empty["Next"] == nil)
    }

    @Test func pastTheLastPagePrevPointsAtTheLastPage() {
        let links = paging(page: 9, total: 80).links
        #expect(links["Self"] == .string(base + "?page=9"))
        #expect(links["Prev"] == .string(base + "?page=4"))
        #expect(links["Next"] == nil)
    }

    @Test func preservedQueryIsPercentEncodedAndAnyPageDropped() {
        let links = paging(page: 1, total: 30, query: [
            ("fromBookingDateTime", "2026-01-01T00:00:00+03:00"), ("page", "7"), ("note", "a b/é~_.-"),
        ]).links
        #expect(links["Next"] == .string(
            base + "?page=2&fromBookingDateTime=2026-01-01T00%3A00%3A00%2B03%3A00&note=a%20b%2F%C3%A9~_.-"))
    }

    @Test(arguments: [(nil, 1), ("1", 1), ("7", 7), ("007", 7), ("1000000", 1_000_000)] as [(String?, Int)])
    func parsesPageNumbers(raw: String?, page: Int) throws {
        #expect(try OBIEPaging.parsePage(raw) == page)
    }

    @Test(arguments: ["0", "-1", "x", "", " 1", "1 ", "+1", "1.0", "1e2", "٣", "1000001", "99999999999999999999999"])
    func rejectsAnythingButAPositiveWholeNumber(raw: String) {
        let error = #expect(throws: OBIERequestError.self) { try OBIEPaging.parsePage(raw) }
        #expect(error == .invalidPage(raw))
        #expect(error?.errorCode == .fieldInvalid && error?.path == "page")
    }
}
