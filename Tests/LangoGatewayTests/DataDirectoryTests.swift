import Foundation
import LangoGateway
import LangoPolicy
import Testing

@Suite struct DataDirectoryTests {
    @Test func createsThePepperOnceOwnerOnlyAndKeepsIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lango-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = DataDirectory(path: path)
        let first = try directory.apiKeyPepper(environment: [:])
        let second = try directory.apiKeyPepper(environment: [:])
        #expect(first.count == 32)
        #expect(first == second)
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "/api-key-pepper")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func theEnvironmentWins() throws {
        let directory = DataDirectory(path: "/nonexistent")
        let pepper = try directory.apiKeyPepper(environment: [DataDirectory.pepperVariable: String(repeating: "ab", count: 16)])
        #expect(pepper == [UInt8](repeating: 0xAB, count: 16))
        #expect(throws: (any Error).self) {
            try directory.apiKeyPepper(environment: [DataDirectory.pepperVariable: "tooshort"])
        }
    }
}
