import CHiredis

/// A hiredis `redisReader`: bytes in, complete replies out, in order.
///
/// One per connection, used only on its event loop; the reader is freed with this object.
final class RedisReplyReader {
    private let reader: UnsafeMutablePointer<redisReader>

    init() {
        guard let reader = redisReaderCreate() else { preconditionFailure("hiredis could not allocate a reply reader") }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Appends received bytes.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(RedisError) {
        let status = redisReaderFeed(reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        guard status == REDIS_OK else { throw .protocolError(errorMessage) }
    }

    /// The next complete reply, or `nil` until more bytes arrive. After a protocol error the
    /// reader is unusable.
    func next() throws(RedisError) -> RedisValue? {
        var reply: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &reply) == REDIS_OK else { throw .protocolError(errorMessage) }
        guard let reply else { return nil }
        defer { freeReplyObject(reply) }
        return try Self.value(of: reply.assumingMemoryBound(to: redisReply.self).pointee)
    }

    private static func value(of reply: redisReply) throws(RedisError) -> RedisValue {
        switch reply.type {
        case REDIS_REPLY_STATUS: .simpleString(text(of: reply))
        case REDIS_REPLY_ERROR: .error(text(of: reply))
        case REDIS_REPLY_INTEGER: .integer(Int64(reply.integer))
        case REDIS_REPLY_NIL: .null
        case REDIS_REPLY_STRING: .bulkString(Array(UnsafeRawBufferPointer(start: reply.str, count: reply.len)))
        case REDIS_REPLY_ARRAY:
            .array(
                try (0..<reply.elements).map { index throws(RedisError) in
                    try value(of: reply.element[index]!.pointee)
                }
            )
        default: throw .protocolError("hiredis produced an unknown reply type \(reply.type)")
        }
    }

    private static func text(of reply: redisReply) -> String {
        String(decoding: UnsafeRawBufferPointer(start: reply.str, count: reply.len), as: UTF8.self)
    }

    private var errorMessage: String {
        withUnsafeBytes(of: reader.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
