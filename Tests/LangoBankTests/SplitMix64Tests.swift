@testable import LangoBank
import Testing

struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // First outputs of Vigna's splitmix64.c seeded with 0.
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var random = SplitMix64(seed: 42, label: "range")
        var seen: Set<Int> = []
        for _ in 0..<1_000 {
            let value = random.int(in: 3...7)
            #expect((3...7).contains(value))
            seen.insert(value)
        }
        #expect(seen == Set(3...7))
    }

    @Test func labelsGiveIndependentStreams() {
        var first = SplitMix64(seed: 7, label: "C0001/accounts")
        var second = SplitMix64(seed: 7, label: "C0001/transactions")
        var again = SplitMix64(seed: 7, label: "C0001/accounts")
        let a = (0..<4).map { _ in first.next() }
        #expect(a != (0..<4).map { _ in second.next() })
        #expect(a == (0..<4).map { _ in again.next() })
    }
}
