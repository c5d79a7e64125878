/// The revision id of a set of sources: 64-bit FNV-1a over the sources sorted by name, each
/// contributing its name, a 0 byte, its length (8 bytes, little-endian) and its contents; written as
/// 16 lowercase hex digits. The same files give the same revision on every machine and run.
package enum PolicyRevision {
    package static func digest(of sources: [PolicySource]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        for source in sources.sorted(by: { $0.name < $1.name }) {
            source.name.utf8.forEach(mix)
            mix(0)
            withUnsafeBytes(of: UInt64(source.contents.count).littleEndian) { $0.forEach(mix) }
            source.contents.forEach(mix)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
