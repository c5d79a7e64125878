import NIOCore
import Testing

@testable import LangoRedis

@Suite struct RedisCommandEncoderTests {
    private func wire(_ arguments: [[UInt8]]) throws -> [UInt8] {
        let buffer = try RedisCommandEncoder.encode(arguments)
        return Array(buffer.readableBytesView)
    }

    @Test func encodesAMultiBulkCommand() throws {
        let encoded = try wire(["SET", "key", "value"].map { Array($0.utf8) })
        #expect(encoded == Array("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n".utf8))
    }

    @Test func keepsEmptyAndBinaryArgumentsIntact() throws {
        let encoded = try wire([Array("ECHO".utf8), [], [0, 13, 10, 255]])
        #expect(encoded == Array("*3\r\n$4\r\nECHO\r\n$0\r\n\r\n$4\r\n".utf8) + [0, 13, 10, 255] + Array("\r\n".utf8))
    }

    @Test func encodesUnicodeAsUTF8() throws {
        let encoded = try RedisCommandEncoder.encode(["ECHO", "Karibu 🇰🇪"].lazy.map(\.utf8))
        let expected = "*2\r\n$4\r\nECHO\r\n$\("Karibu 🇰🇪".utf8.count)\r\nKaribu 🇰🇪\r\n"
        #expect(Array(encoded.readableBytesView) == Array(expected.utf8))
    }

    @Test func refusesACommandWithoutArguments() {
        #expect(throws: RedisError.invalidCommand("a command needs at least its name")) {
            try RedisCommandEncoder.encode([[UInt8]]())
        }
    }
}
