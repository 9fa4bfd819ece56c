#if canImport(Glibc)
import Glibc
#endif

/// A context list (`any` or `none`) as one table, so that finding whether
/// any of its words starts a word inside a window takes one pass over the
/// window instead of one `memmem` per word (the `none` lists run to fifty
/// words, and every match of their rules is checked).
///
/// A word starts a word of the text but may end inside one (`pay` finds
/// `payment`), so stems work; a word marked whole (`bot\b` in a pack) must
/// also end one, so `bot` does not find `both`.
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
    /// For each word: whether it must end a word of the text too.
    private let wholeWord: [Bool]
    let isEmpty: Bool

    /// Whether a byte that starts a character starts a letter or digit: an
    /// ASCII one, or a two-byte UTF-8 character from U+00C0 on.
    @inline(__always)
    static func isWordStartByte(_ c: UInt8) -> Bool { isAlnum(c) || (c >= 0xC3 && c <= 0xDF) }

    init(_ words: [[UInt8]]) {
        self.init(words.map { (bytes: $0, wholeWord: false) })
    }

    init(_ words: [(bytes: [UInt8], wholeWord: Bool)]) {
        let entries = words.filter { !$0.bytes.isEmpty }
        let kept = entries.map(\.bytes)
        isEmpty = kept.isEmpty
        wholeWord = entries.map(\.wholeWord)
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
    /// preceded by a byte that is not part of a letter or digit, or the start
    /// of the text; or anywhere when the word itself does not start with a
    /// letter or digit. A whole word must also be followed by a byte that is
    /// not part of a letter or digit, or the end of the text (when it ends
    /// with one). Letters are ASCII ones and the two-byte UTF-8 ones
    /// the normaliser leaves (Cyrillic, Greek, Arabic...), so `не ` does
    /// not start inside `мне `. CJK characters count as neither: those
    /// languages do not put spaces between words, so a CJK word is found
    /// anywhere and an ASCII word after one starts a word.
    func occurs(in text: UnsafeRawBufferPointer, window: Range<Int>) -> Bool {
        guard !isEmpty, let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        // A continuation byte belongs to whatever its lead byte is: find
        // the lead before the window.
        var previousIsLetter = false
        if window.lowerBound > 0 {
            var lead = window.lowerBound - 1
            while lead > 0 && lead > window.lowerBound - 4 && base[lead] & 0xC0 == 0x80 { lead -= 1 }
            previousIsLetter = Self.isWordStartByte(base[lead])
        }
        return bytes.withUnsafeBufferPointer { bytes in
            offsets.withUnsafeBufferPointer { offsets in
                order.withUnsafeBufferPointer { order in
                    firstStart.withUnsafeBufferPointer { firstStart in
                        firstEnd.withUnsafeBufferPointer { firstEnd in
                            for position in window {
                                let c = base[position]
                                let currentIsLetter = c & 0xC0 == 0x80 ? previousIsLetter : Self.isWordStartByte(c)
                                defer { previousIsLetter = currentIsLetter }
                                let end = Int(firstEnd[Int(c)])
                                guard end > 0, !(previousIsLetter && currentIsLetter) else { continue }
                                for slot in Int(firstStart[Int(c)])..<end {
                                    let word = Int(order[slot])
                                    let start = Int(offsets[word]), count = Int(offsets[word + 1]) - start
                                    guard position + count <= window.upperBound else { continue }
                                    guard memcmp(base + position, bytes.baseAddress! + start, count) == 0 else { continue }
                                    if wholeWord[word], position + count < text.count,
                                       Self.isWordStartByte(bytes[start + count - 1]), Self.isWordStartByte(base[position + count]) { continue }
                                    return true
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
