/// Sebastiano Vigna's SplitMix64: a tiny, fast, seedable generator, so the sandbox dataset is
/// the same on every machine and toolchain (it never touches the system generator or the
/// standard library's sampling algorithms).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one labelled purpose, independent of the draws made for other labels.
    init(seed: UInt64, label: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        self.init(seed: seed ^ hash)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `range`; the modulo bias is far below anything the dataset could show.
    mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int64(next() % span)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        Int(int(in: Int64(range.lowerBound)...Int64(range.upperBound)))
    }

    mutating func element<T>(of choices: [T]) -> T {
        choices[int(in: 0...(choices.count - 1))]
    }

    /// `true` with the given probability (0...1).
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }
}
