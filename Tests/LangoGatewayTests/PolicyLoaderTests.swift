import Foundation
import LangoGateway
import LangoPolicy
import Testing

@Suite struct PolicyLoaderTests {
    func directory(_ files: [String: String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lango-policies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("tests"), withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url.path
    }

    @Test func loadsJSONFilesInNameOrderAndIgnoresOthers() throws {
        let path = try directory(["b.json": policy(name: "second", id: "b.rule", path: "/internal/v1/b"), "a.json": policy(id: "a.rule"), "notes.txt": "x"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try PolicyLoader.sources(in: path).map { ($0.name as NSString).lastPathComponent } == ["a.json", "b.json"])
        let set = try PolicyLoader.load(from: path, configuration: GatewayConfiguration())
        #expect(set.rules.map(\.id) == ["a.rule", "b.rule"])
        #expect(try PolicyLoader.fixtureSources(in: path).isEmpty)
    }

    @Test func coreBankingRoutesMustActForACustomerAndNameTheAccount() throws {
        let noCustomer = policy(auth: #"{ "type": "api_key", "scopes": ["accounts:read"] }"#)
        let noAccount = policy(name: "other", id: "balances", path: "/internal/v1/balances", operation: "balances")
        let path = try directory(["a.json": noCustomer, "b.json": noAccount])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let failure = try #require(throws: PolicyCheckFailure.self) {
            try PolicyLoader.load(from: path, configuration: GatewayConfiguration())
        }
        let messages = failure.errors.map(\.description)
        #expect(messages.contains { $0.contains("$.rules[0].auth") && $0.contains("acts for a customer") })
        #expect(messages.contains { $0.contains("$.rules[0].match.path") && $0.contains("{AccountId}") })
    }

    @Test func anUnreadableDirectoryIsAFilesError() {
        #expect(throws: PolicyFilesError.self) { try PolicyLoader.load(from: "/nonexistent/policies", configuration: GatewayConfiguration()) }
    }
}
