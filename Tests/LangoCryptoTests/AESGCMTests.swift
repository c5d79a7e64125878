import LangoCrypto
import Testing

@Suite struct AESGCMTests {
    static let key = SecureRandom.bytes(32)
    static let plaintext = Array("-----BEGIN PRIVATE KEY-----".utf8)
    static let associatedData = Array("kid:abc".utf8)

    @Test func sealsAndOpens() throws {
        let sealed = try AESGCM.seal(Self.plaintext, key: Self.key, associatedData: Self.associatedData)
        #expect(sealed.count == 12 + Self.plaintext.count + 16)
        #expect(try AESGCM.open(sealed, key: Self.key, associatedData: Self.associatedData) == Self.plaintext)
        #expect(try AESGCM.open(AESGCM.seal([], key: Self.key), key: Self.key) == [])
    }

    @Test func everySealUsesAFreshNonce() throws {
        let first = try AESGCM.seal(Self.plaintext, key: Self.key)
        let second = try AESGCM.seal(Self.plaintext, key: Self.key)
        #expect(first.prefix(12) != second.prefix(12))
        #expect(first != second)
    }

    @Test func refusesAnythingAltered() throws {
        let sealed = try AESGCM.seal(Self.plaintext, key: Self.key, associatedData: Self.associatedData)
        for index in [0, 11, 12, sealed.count - 17, sealed.count - 16, sealed.count - 1] {
            var altered = sealed
            altered[index] ^= 0x01
            #expect(throws: CryptoError.sealedBoxRejected) { try AESGCM.open(altered, key: Self.key, associatedData: Self.associatedData) }
        }
        #expect(throws: CryptoError.sealedBoxRejected) { try AESGCM.open(sealed, key: Self.key, associatedData: Array("kid:abd".utf8)) }
        #expect(throws: CryptoError.sealedBoxRejected) { try AESGCM.open(sealed, key: Self.key) }
        #expect(throws: CryptoError.sealedBoxRejected) {
            try AESGCM.open(sealed, key: SecureRandom.bytes(32), associatedData: Self.associatedData)
        }
        #expect(throws: CryptoError.sealedBoxRejected) { try AESGCM.open(Array(sealed.prefix(27)), key: Self.key) }
        #expect(throws: CryptoError.invalidKey("an AES-256 key is 32 bytes")) { try AESGCM.seal(Self.plaintext, key: [1, 2, 3]) }
    }

    @Test func interoperatesWithPython() async throws {
        let ours = try AESGCM.seal(Self.plaintext, key: Self.key, associatedData: Self.associatedData)
        await #expect(try PythonCrypto.open(ours, key: Self.key, associatedData: Self.associatedData) == Self.plaintext)
        await #expect(try PythonCrypto.open(ours, key: Self.key, associatedData: []) == nil)
        let theirs = try await PythonCrypto.seal(Self.plaintext, key: Self.key, associatedData: Self.associatedData)
        #expect(try AESGCM.open(theirs, key: Self.key, associatedData: Self.associatedData) == Self.plaintext)
        let empty = try await PythonCrypto.seal([], key: Self.key, associatedData: [])
        #expect(try AESGCM.open(empty, key: Self.key) == [])
    }
}
