import LangoPolicy
import Testing

@Suite struct PathParametersTests {
    @Test func looksUpByNameAndKeepsOrder() {
        let parameters = PathParameters([(name: "AccountId", value: "ACC-1"), (name: "rest", value: "a/b")])
        #expect(parameters["AccountId"] == "ACC-1")
        #expect(parameters["rest"] == "a/b")
        #expect(parameters["missing"] == nil)
        #expect(parameters.count == 2)
        #expect(parameters.map(\.name) == ["AccountId", "rest"])
        #expect(parameters.description == "AccountId=ACC-1, rest=a/b")
    }

    @Test func emptyParameters() {
        let parameters = PathParameters()
        #expect(parameters.isEmpty)
        #expect(parameters.description == "(none)")
        #expect(parameters == PathParameters([]))
    }
}
