import Testing

@testable import LangoPolicy

@Suite struct RequestPathTests {
    private func segments(_ path: String) -> [String]? {
        RequestPath(path)?.segments.map(String.init)
    }

    @Test func splitsIntoSegments() {
        #expect(segments("/internal/v1/accounts") == ["internal", "v1", "accounts"])
        #expect(segments("/") == [])
    }

    @Test func ignoresQueryAndFragment() {
        #expect(segments("/a/b?x=1/2") == ["a", "b"])
        #expect(segments("/a#frag") == ["a"])
        #expect(segments("/?x") == [])
    }

    @Test func decodesPercentEscapesPerSegment() {
        #expect(segments("/a%20b/%C3%A9t%c3%a9") == ["a b", "été"])
        #expect(segments("/%41") == ["A"])
    }

    @Test func rejectsUnroutablePaths() {
        #expect(segments("") == nil)
        #expect(segments("a/b") == nil)
        #expect(segments("/a/") == nil)
        #expect(segments("//a") == nil)
        #expect(segments("/a//b") == nil)
        #expect(segments("/a/%zz") == nil)
        #expect(segments("/a/%4") == nil)
        #expect(segments("/a/%2F") == nil)
        #expect(segments("/a/%2f") == nil)
        #expect(segments("/a/%00") == nil)
        #expect(segments("/a/%FF") == nil)
        #expect(segments("/a/../b") == nil)
        #expect(segments("/a/%2E%2E/b") == nil)
        #expect(segments("/./a") == nil)
    }
}
