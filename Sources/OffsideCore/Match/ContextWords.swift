#if canImport(Glibc)
import Glibc
#endif

/// A context list (`any` or `none`) as one table, so that finding whether
/// any of its words starts a word inside a window takes one pass over the
/// window instead of one `memmem` per word (the `none` lists run to fifty
/// words, and every match of their rules is checked).
///
/// Threading: immutable after init; shared by all workers.
struct ContextWords: Sendable {
    /// All words' bytes, back to back; `offsets[k]..<offsets[k+1]` is word k.
    private let bytes: [UInt8]
    private let offsets: [Int32]
    /// For each first byte: the range of `order` holding its words.
    private let firstStart: [Int32]
    private let firstEnd: [Int32]
    private let order: [Int32]
    let isEmpty: Bool

    init(_ words: [[UInt8]]) {
        let kept = words.filter { !$0.isEmpty }
        isEmpty = kept.isEmpty
        var bytes: [UInt8] = []
        var offsets: [Int32] = [0]
        for word in kept {
            bytes += word
            offsets.append(Int32(bytes.count))
        }
        let sorted = kept.indices.sorted { (kept[$0][0], $0) < (kept[$1][0], $1) }
        var firstStart = [Int32](repeating: 0, count: 256)
        var firstEnd = [Int32](repeating: 0, count: 256)
        for (position, index) in sorted.enumerated() {
            let first = Int(kept[index][0])
            if firstEnd[first] == 0 { firstStart[first] = Int32(position) }
            firstEnd[first] = Int32(position + 1)
        }
        self.bytes = bytes
        self.offsets = offsets
        self.firstStart = firstStart
        self.firstEnd = firstEnd
        self.order = sorted.map(Int32.init)
    }

    /// True if a word occurs wholly inside `window` of `text` at a word start:
    /// preceded by a non-alphanumeric byte or the start of the text, or
    /// anywhere when the word itself starts with a non-alphanumeric byte.
    func occurs(in text: UnsafeRawBufferPointer, window: Range<Int>) -> Bool {
        guard !isEmpty, let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        return bytes.withUnsafeBufferPointer { bytes in
            offsets.withUnsafeBufferPointer { offsets in
                order.withUnsafeBufferPointer { order in
                    firstStart.withUnsafeBufferPointer { firstStart in
                        firstEnd.withUnsafeBufferPointer { firstEnd in
                            var previousIsAlnum = window.lowerBound > 0 && isAlnum(base[window.lowerBound - 1])
                            for position in window {
                                let c = base[position]
                                let currentIsAlnum = isAlnum(c)
                                defer { previousIsAlnum = currentIsAlnum }
                                let end = Int(firstEnd[Int(c)])
                                guard end > 0, !(previousIsAlnum && currentIsAlnum) else { continue }
                                for slot in Int(firstStart[Int(c)])..<end {
                                    let word = Int(order[slot])
                                    let start = Int(offsets[word]), count = Int(offsets[word + 1]) - start
                                    guard position + count <= window.upperBound else { continue }
                                    if memcmp(base + position, bytes.baseAddress! + start, count) == 0 { return true }
                                }
                            }
                            return false
                        }
                    }
                }
            }
        }
    }
}
