import LangoPolicy
import Testing

@Suite struct HTTPMethodSetTests {
    @Test func containsNamedMethodsCaseSensitively() throws {
        let methods = try #require(HTTPMethodSet(["POST", "GET"]))
        #expect(methods.contains("GET"))
        #expect(methods.contains("POST"))
        #expect(!methods.contains("get"))
        #expect(!methods.contains("HEAD"))
        #expect(!methods.contains("TRACE"))
        #expect(methods.names == ["GET", "POST"])
        #expect(methods.description == "GET|POST")
    }

    @Test func rejectsUnknownNames() {
        #expect(HTTPMethodSet(["GET", "FETCH"]) == nil)
        #expect(HTTPMethodSet(["get"]) == nil)
    }

    @Test func anyMatchesEveryMethod() {
        #expect(HTTPMethodSet.any.contains("GET"))
        #expect(HTTPMethodSet.any.contains("TRACE"))
        #expect(HTTPMethodSet.any.names == ["*"])
    }

    @Test func overlaps() throws {
        let get = try #require(HTTPMethodSet(["GET"]))
        let getPost = try #require(HTTPMethodSet(["GET", "POST"]))
        let put = try #require(HTTPMethodSet(["PUT"]))
        #expect(get.overlaps(getPost))
        #expect(!get.overlaps(put))
        #expect(put.overlaps(.any))
        #expect(HTTPMethodSet.any.overlaps(put))
    }
}
