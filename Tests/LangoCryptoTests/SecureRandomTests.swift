import LangoCrypto
import Testing

@Suite struct SecureRandomTests {
    @Test func producesTheRequestedLengthAndDistinctValues() {
        #expect(SecureRandom.bytes(0).isEmpty)
        let samples = (0..<64).map { _ in SecureRandom.bytes(16) }
        #expect(samples.allSatisfy { $0.count == 16 })
        #expect(Set(samples).count == samples.count)
    }

    @Test func tokensAreBase32() {
        let token = SecureRandom.token(byteCount: 20)
        #expect(token.count == 32)
        #expect(token.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
    }
}
