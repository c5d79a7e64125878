import LangoRedis
import Testing

@Suite struct RedisValueTests {
    @Test func accessorsAnswerOnlyForTheirKind() {
        let values: [RedisValue] = [
            .simpleString("OK"), .error("ERR x"), .integer(5), .bulkString(Array("hi".utf8)), .null,
            .array([.integer(1)]),
        ]
        #expect(values.map(\.stringValue) == ["OK", nil, nil, "hi", nil, nil])
        #expect(values.map(\.bytesValue) == [nil, nil, nil, Array("hi".utf8), nil, nil])
        #expect(values.map(\.integerValue) == [nil, nil, 5, nil, nil, nil])
        #expect(values.map(\.arrayValue) == [nil, nil, nil, nil, nil, [.integer(1)]])
        #expect(values.map(\.errorMessage) == [nil, "ERR x", nil, nil, nil, nil])
        #expect(values.map(\.isNull) == [false, false, false, false, true, false])
    }

    @Test func describesItselfBriefly() {
        let value = RedisValue.array([
            .simpleString("OK"), .error("ERR x"), .integer(-1), .bulkString(Array("hi".utf8)),
            .bulkString([0xFF, 0xFE]), .null,
        ])
        #expect(value.description == #"[+OK, -ERR x, :-1, "hi", <2 bytes>, (null)]"#)
    }
}
