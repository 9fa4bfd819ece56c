/// Which pairs of bytes start a word of a small table: one bit per pair, so
/// a scan over a message turns away almost every position with a single
/// load. A first byte alone is not enough for the folded words of other
/// scripts: `собака` folds to `coбaka`, and every `c` of a message would
/// otherwise be compared with the whole table.
///
/// Threading: immutable after init; shared by all workers.
struct WordPairFilter: Sendable {
    private let bits: [UInt64]

    init(_ words: [[UInt8]]) {
        var bits = [UInt64](repeating: 0, count: 65536 / 64)
        for word in words where !word.isEmpty {
            let seconds: [UInt8] = word.count > 1 ? [word[1]] : (0...255).map { UInt8($0) }
            for second in seconds {
                let pair = Int(word[0]) << 8 | Int(second)
                bits[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
        self.bits = bits
    }

    /// True if a word of the table may start at `i`.
    @inline(__always)
    func mayStart(_ region: FoldRegion, at i: Int) -> Bool {
        let pair = Int(region[i]) << 8 | Int(i + 1 < region.count ? region[i + 1] : 0)
        return bits.withUnsafeBufferPointer { $0[pair >> 6] } & (1 << UInt64(pair & 63)) != 0
    }
}
