import Testing

@testable import LangoRedis

@Suite struct RedisReplyReaderTests {
    private func replies(_ wire: String, chunkSize: Int = .max) throws -> [RedisValue] {
        let reader = RedisReplyReader()
        var values: [RedisValue] = []
        let bytes = Array(wire.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunkSize)
            try bytes[start..<end].withUnsafeBytes { try reader.feed($0) }
            while let value = try reader.next() { values.append(value) }
            start = end
        }
        return values
    }

    @Test func decodesEveryKindOfReply() throws {
        let wire = "+OK\r\n-ERR nope\r\n:-42\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*2\r\n:1\r\n$1\r\nx\r\n*0\r\n"
        #expect(
            try replies(wire) == [
                .simpleString("OK"), .error("ERR nope"), .integer(-42), .bulkString(Array("hello".utf8)),
                .bulkString([]), .null, .null, .array([.integer(1), .bulkString([120])]), .array([]),
            ]
        )
    }

    @Test func assemblesRepliesFedOneByteAtATime() throws {
        let wire = "*3\r\n$3\r\na\r\n\r\n*1\r\n*1\r\n:7\r\n$-1\r\n+PONG\r\n"
        #expect(
            try replies(wire, chunkSize: 1) == [
                .array([.bulkString(Array("a\r\n".utf8)), .array([.array([.integer(7)])]), .null]),
                .simpleString("PONG"),
            ]
        )
    }

    @Test func keepsBulkStringsBinarySafe() throws {
        let reader = RedisReplyReader()
        let payload = (0...255).map { UInt8($0) }
        let wire = Array("$256\r\n".utf8) + payload + Array("\r\n".utf8)
        try wire.withUnsafeBytes { try reader.feed($0) }
        #expect(try reader.next() == .bulkString(payload))
        #expect(try reader.next() == nil)
    }

    @Test func waitsForTheRestOfAnIncompleteReply() throws {
        let reader = RedisReplyReader()
        try Array("$10\r\nhello".utf8).withUnsafeBytes { try reader.feed($0) }
        #expect(try reader.next() == nil)
        try Array("world\r\n".utf8).withUnsafeBytes { try reader.feed($0) }
        #expect(try reader.next() == .bulkString(Array("helloworld".utf8)))
    }

    @Test func rejectsBytesThatAreNotRESP() throws {
        let reader = RedisReplyReader()
        try Array("?what\r\n".utf8).withUnsafeBytes { try reader.feed($0) }
        #expect {
            _ = try reader.next()
        } throws: { error in
            (error as? RedisError)?.description.contains("Protocol error") == true
        }
    }
}
