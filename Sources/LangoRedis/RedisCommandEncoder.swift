import CHiredis
import NIOCore

/// Encodes commands with hiredis's `redisFormatCommandArgv` (RESP multi-bulk, binary safe).
enum RedisCommandEncoder {
    /// The wire form of one command whose arguments are byte collections (the command name first).
    static func encode<Arguments: Collection>(_ arguments: Arguments) throws(RedisError) -> ByteBuffer
    where Arguments.Element: Collection<UInt8> {
        guard !arguments.isEmpty else { throw .invalidCommand("a command needs at least its name") }
        // One contiguous copy of every argument, so hiredis gets stable pointers into it.
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            offsets.append(storage.count)
            lengths.append(argument.count)
            storage.append(contentsOf: argument)
        }
        storage.append(0)  // never empty, so the base address exists even for "" arguments

        var formatted: UnsafeMutablePointer<CChar>?
        let length = storage.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
            var pointers = offsets.map { Optional((base + $0).assumingMemoryBound(to: CChar.self)) }
            return redisFormatCommandArgv(&formatted, Int32(lengths.count), &pointers, lengths)
        }
        guard length >= 0, let formatted else { throw .invalidCommand("hiredis could not format the command") }
        defer { redisFreeCommand(formatted) }
        var buffer = ByteBufferAllocator().buffer(capacity: Int(length))
        buffer.writeBytes(UnsafeRawBufferPointer(start: formatted, count: Int(length)))
        return buffer
    }
}
