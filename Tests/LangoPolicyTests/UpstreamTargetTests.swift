import LangoJSON
import LangoPolicy
import Testing

@Suite struct UpstreamTargetTests {
    private typealias T = TestSupport

    private func target(match: String, rewrite: String?) throws -> UpstreamTarget {
        var upstream: JSONObject = ["adapter": "proxy", "operation": "forward"]
        upstream["path"] = rewrite.map(JSONValue.string)
        let set = try T.compile(T.policy(rules: [T.allow("r", "GET", match, extra: ["upstream": .object(upstream)])]))
        return try #require(set.rule(id: "r")?.upstream)
    }

    @Test func fillsParametersIntoTheRewriteTemplate() throws {
        let upstream = try target(match: "/v1/accounts/{AccountId}/tx/{TxId}", rewrite: "/core/{TxId}/of/{AccountId}")
        let parameters = PathParameters([(name: "AccountId", value: "ACC-1"), (name: "TxId", value: "T 9/é")])
        #expect(upstream.rewrittenPath(parameters) == "/core/T%209%2F%C3%A9/of/ACC-1")
        #expect(upstream.pathTemplate == "/core/{TxId}/of/{AccountId}")
    }

    @Test func catchAllValuesKeepTheirSlashes() throws {
        let upstream = try target(match: "/files/{*rest}", rewrite: "/store/{rest}")
        #expect(upstream.rewrittenPath(PathParameters([(name: "rest", value: "a b/c")])) == "/store/a%20b/c")
        #expect(upstream.rewrittenPath(PathParameters([(name: "rest", value: "a/../b")])) == nil)
        #expect(upstream.rewrittenPath(PathParameters([(name: "rest", value: "a//b")])) == nil)
    }

    @Test func refusesValuesThatCannotBeSegments() throws {
        let upstream = try target(match: "/a/{x}", rewrite: "/b/{x}")
        #expect(upstream.rewrittenPath(PathParameters([(name: "x", value: "..")])) == nil)
        #expect(upstream.rewrittenPath(PathParameters([(name: "x", value: "")])) == nil)
        #expect(upstream.rewrittenPath(PathParameters()) == nil)
        #expect(upstream.rewrittenPath(PathParameters([(name: "x", value: "~ok-._")])) == "/b/~ok-._")
    }

    @Test func noRewriteMeansNoPath() throws {
        let upstream = try target(match: "/a/{x}", rewrite: nil)
        #expect(upstream.pathTemplate == nil)
        #expect(upstream.rewrittenPath(PathParameters([(name: "x", value: "1")])) == nil)
        #expect(try target(match: "/a", rewrite: "/").rewrittenPath(PathParameters()) == "/")
    }

    @Test func worksWithParametersFromARealMatch() throws {
        let set = try T.compile(
            T.policy(rules: [
                T.allow(
                    "r", "GET", "/v1/{Id}",
                    extra: ["upstream": ["adapter": "proxy", "operation": "forward", "path": "/v2/items/{Id}"]])
            ])
        )
        guard case .matched(let route) = set.resolve(method: "GET", path: "/v1/item%201") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.rule.upstream?.rewrittenPath(route.parameters) == "/v2/items/item%201")
    }
}
