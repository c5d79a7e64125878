import Testing

@testable import LangoPolicy

@Suite struct PathTemplateTests {
    private func parse(_ text: String) throws -> PathTemplate { try PathTemplate(parsing: text) }

    private func error(_ text: String) -> PathTemplateError? {
        do {
            _ = try PathTemplate(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesLiteralsParametersAndCatchAll() throws {
        let template = try parse("/internal/v1/accounts/{AccountId}/files/{*rest}")
        #expect(
            template.segments == [
                .literal("internal"), .literal("v1"), .literal("accounts"), .parameter("AccountId"), .literal("files"),
                .catchAll("rest"),
            ]
        )
        #expect(template.parameterNames == ["AccountId", "rest"])
        #expect(template.catchAllName == "rest")
        #expect(try parse("/").segments.isEmpty)
        #expect(try parse("/a:b@c;d=e").segments == [.literal("a:b@c;d=e")])
    }

    @Test func rejectsMalformedTemplatesWithReasons() {
        #expect(error("")?.message == "path template is empty")
        #expect(error("accounts")?.message == #"path template must start with "/""#)
        #expect(error("/accounts?x=1")?.message == "path template must not contain a query string")
        #expect(error("/accounts#x")?.message == "path template must not contain a fragment")
        #expect(error("/a//b")?.message == "path template has an empty segment")
        #expect(error("/a//b")?.hint == #"remove the doubled "/""#)
        #expect(error("/a/")?.hint == #"remove the trailing "/""#)
        #expect(error("/a/{1x}")?.message == #"invalid parameter name "1x""#)
        #expect(error("/a/{}")?.message == #"invalid parameter name """#)
        #expect(error("/a/{*}")?.message == #"invalid parameter name """#)
        #expect(error("/a/{x-y}")?.message == #"invalid parameter name "x-y""#)
        #expect(error("/a/id{x}")?.message == #"segment "id{x}" mixes text and a parameter"#)
        #expect(error("/a/{x}/{x}")?.message == #"parameter "x" appears more than once"#)
        #expect(error("/a/{*rest}/b")?.message == "a catch-all parameter must be the last segment")
        #expect(error("/a/../b")?.message == #"path template must not contain "." or ".." segments"#)
        #expect(error("/a b")?.message == #"segment "a b" contains " ", which a path template cannot hold"#)
        #expect(error("/a%20b")?.message == #"segment "a%20b" contains "%", which a path template cannot hold"#)
        #expect(error("/café")?.message == #"segment "café" contains "é", which a path template cannot hold"#)
    }

    @Test func matchesSegmentsExactly() throws {
        let template = try parse("/a/{x}/c")
        #expect(template.matches(["a", "b", "c"]))
        #expect(!template.matches(["a", "b"]))
        #expect(!template.matches(["a", "b", "c", "d"]))
        #expect(!template.matches(["a", "b", "d"]))
        let catchAll = try parse("/a/{*rest}")
        #expect(catchAll.matches(["a", "b"]))
        #expect(catchAll.matches(["a", "b", "c"]))
        #expect(!catchAll.matches(["a"]))
        #expect(try parse("/").matches([]))
        #expect(!(try parse("/")).matches(["a"]))
    }

    @Test func extractsParametersInOrder() throws {
        let parameters = try parse("/a/{x}/b/{*rest}").parameters(from: ["a", "1", "b", "2", "3"])
        #expect(parameters["x"] == "1")
        #expect(parameters["rest"] == "2/3")
        #expect(parameters.map(\.name) == ["x", "rest"])
        #expect(try parse("/a").parameters(from: ["a"]).isEmpty)
    }

    @Test func relatesTemplatesBySpecificity() throws {
        func relation(_ lhs: String, _ rhs: String) throws -> TemplateRelation { try parse(lhs).relation(to: parse(rhs)) }
        #expect(try relation("/a/{x}", "/a/{y}") == .sameShape)
        #expect(try relation("/a/{*x}", "/a/{*y}") == .sameShape)
        #expect(try relation("/a/b", "/a/{x}") == .moreSpecific)
        #expect(try relation("/a/{x}", "/a/b") == .lessSpecific)
        #expect(try relation("/a/{x}", "/a/{*rest}") == .moreSpecific)
        #expect(try relation("/{*rest}", "/a/{x}/c") == .lessSpecific)
        #expect(try relation("/a/b/{*r}", "/a/{*r}") == .moreSpecific)
        #expect(try relation("/a/{x}/c", "/a/b/{y}") == .ambiguous(example: "/a/b/c"))
        #expect(try relation("/{x}/b", "/a/{*rest}") == .ambiguous(example: "/a/b"))
        #expect(try relation("/a/{*rest}", "/{x}/{y}/c") == .ambiguous(example: "/a/y/c"))
        #expect(try relation("/a/b", "/a/c") == .disjoint)
        #expect(try relation("/a", "/a/{x}") == .disjoint)
        #expect(try relation("/a", "/a/{*rest}") == .disjoint)
        #expect(try relation("/a/{x}/c", "/a/{y}") == .disjoint)
    }
}
