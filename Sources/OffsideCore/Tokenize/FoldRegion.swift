/// One message's normalised bytes and their origin ranges: what an
/// obfuscation fold reads (a scratch copy, so look-behind sees the input, not
/// what the fold already wrote) and where it writes.
///
/// Threading: a view into one worker's `NormalizedText`; never shared.
struct FoldRegion {
    let bytes: UnsafeMutablePointer<UInt8>
    let starts: UnsafeMutablePointer<Int32>
    let ends: UnsafeMutablePointer<Int32>
    var count: Int

    @inline(__always) subscript(i: Int) -> UInt8 { bytes[i] }
}

/// The write side of a fold: copies bytes of `source` with their origins, or
/// writes new bytes standing for source ranges, into `destination`. Folds
/// only keep or shrink text, so the destination never outgrows the source.
struct FoldWriter {
    private let source: FoldRegion
    private let destination: FoldRegion
    private(set) var count = 0

    init(from source: FoldRegion, into destination: FoldRegion) {
        self.source = source
        self.destination = destination
    }

    /// Copies byte `r` (with its origin) to the write position.
    @inline(__always)
    mutating func copy(_ r: Int) {
        destination.bytes[count] = source.bytes[r]
        destination.starts[count] = source.starts[r]
        destination.ends[count] = source.ends[r]
        count += 1
    }

    @inline(__always)
    mutating func copy(_ range: Range<Int>) {
        for r in range { copy(r) }
    }

    /// Writes `byte` standing for the source bytes `range` (its origin spans
    /// all of them).
    @inline(__always)
    mutating func emit(_ byte: UInt8, for range: Range<Int>) {
        destination.bytes[count] = byte
        destination.starts[count] = source.starts[range.lowerBound]
        destination.ends[count] = source.ends[range.upperBound - 1]
        count += 1
    }

    /// The last byte written, if any.
    var last: UInt8? { count > 0 ? destination.bytes[count - 1] : nil }
}

/// Byte classes shared by the folds (the text is already lower-cased).
enum FoldBytes {
    /// Part of a word: ASCII letters and digits, and any non-ASCII byte (other scripts).
    @inline(__always) static func isWord(_ c: UInt8) -> Bool { isAlnum(c) || c >= 0x80 }
    @inline(__always) static func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
    /// The letter a leet character stands for inside a word, or 0.
    @inline(__always) static func leetLetter(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0"): return UInt8(ascii: "o")
        case UInt8(ascii: "1"), UInt8(ascii: "!"): return UInt8(ascii: "i")
        case UInt8(ascii: "3"): return UInt8(ascii: "e")
        case UInt8(ascii: "4"), UInt8(ascii: "@"): return UInt8(ascii: "a")
        case UInt8(ascii: "5"), UInt8(ascii: "$"): return UInt8(ascii: "s")
        case UInt8(ascii: "7"): return UInt8(ascii: "t")
        default: return 0
        }
    }
    /// End of the word starting at `i`.
    @inline(__always) static func wordEnd(_ region: FoldRegion, from i: Int) -> Int {
        var j = i
        while j < region.count && isWord(region[j]) { j += 1 }
        return j
    }
}

extension FoldWriter {
    /// What was written ends in a link: the last space-free token has a dot
    /// followed by a letter (`linkedin.com/in`, `calendly.com`).
    var endsInLink: Bool {
        var k = count - 1
        while k >= 0 && destination.bytes[k] == 0x20 { k -= 1 }
        var sawDotLetter = false
        var previous: UInt8 = 0
        while k >= 0 && count - k <= 80 {
            let c = destination.bytes[k]
            if c == 0x20 { break }
            if c == UInt8(ascii: ".") && FoldBytes.isLower(previous) { sawDotLetter = true }
            previous = c
            k -= 1
        }
        return sawDotLetter
    }

    /// Writes pieces of the source in order: copied as they are (`ascii`
    /// nil) or as the ASCII they stand for (`собака` → `@`).
    mutating func write(_ parts: [(range: Range<Int>, ascii: [UInt8]?)]) {
        for part in parts {
            if let ascii = part.ascii {
                for byte in ascii { emit(byte, for: part.range) }
            } else {
                copy(part.range)
            }
        }
    }

    /// Takes back trailing spaces already written (`john (at)` → `john@`).
    mutating func removeTrailingSpaces() {
        while count > 0 && last == 0x20 { count -= 1 }
    }
}
