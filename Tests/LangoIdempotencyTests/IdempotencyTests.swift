import LangoIdempotency
import LangoIdempotencyTesting
import Testing

struct IdempotencyTests {
    @Test func theInMemoryStoreMeetsTheContract() async throws {
        try await IdempotencyStoreContract.verify { InMemoryIdempotencyStore() }
    }

    @Test(arguments: ["a", "pay-2026-12-03-0001", "key with inner spaces", String(repeating: "k", count: 40), "~!@#$%^&*()_+{}|:<>?"])
    func acceptsKeysOBIEAllows(key: String) {
        #expect(IdempotencyKey.isValid(key))
    }

    @Test(arguments: ["", String(repeating: "k", count: 41), " leading", "trailing ", "tab\there", "newline\n", "naïve"])
    func refusesOtherKeys(key: String) {
        #expect(!IdempotencyKey.isValid(key))
    }

    @Test func theFingerprintCoversMethodPathAndBody() {
        let base = IdempotencyFingerprint.of(method: "POST", path: "/p", body: Array("{}".utf8))
        #expect(base.count == 64)
        #expect(base == IdempotencyFingerprint.of(method: "POST", path: "/p", body: Array("{}".utf8)))
        #expect(base != IdempotencyFingerprint.of(method: "PUT", path: "/p", body: Array("{}".utf8)))
        #expect(base != IdempotencyFingerprint.of(method: "POST", path: "/q", body: Array("{}".utf8)))
        #expect(base != IdempotencyFingerprint.of(method: "POST", path: "/p", body: Array("{ }".utf8)))
        #expect(
            IdempotencyFingerprint.of(method: "POST", path: "/p\n", body: []) != IdempotencyFingerprint.of(method: "POST", path: "/p", body: Array("\n".utf8)),
            "the separator keeps path and body apart")
    }
}
