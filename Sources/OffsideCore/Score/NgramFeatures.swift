/// The grams the scorer reads from one message's normalised text, hashed.
/// The definition is shared with scripts/train-scorer and must stay byte for
/// byte the same (the scorer-vectors test pins it):
///
/// - words: maximal runs of ASCII `[a-z0-9@$%]`; each token ("w" + token)
///   and each pair of consecutive tokens ("w" + a + " " + b);
/// - chars: the text split on ASCII whitespace, each piece padded with one
///   space either side; every run of `charGrams` Unicode scalars ("c" + gram;
///   the model file's `char_grams` line, 3 and 4 in the default scorer).
///
/// A gram's key is the 64-bit FNV-1a hash of its bytes, kind letter first.
/// A pair's hash continues from its first token's, so nothing is re-read.
///
/// Threading: not thread-safe (reuses its scalar-offset buffer); one per worker.
public final class NgramFeatures {
    public enum Group: Int { case words = 0, chars = 1 }

    private let scalarStarts = GrowableBuffer<Int32>(capacity: 1 << 10)
    private let shortest: Int
    private let longest: Int

    public init(charGrams: ClosedRange<Int> = 3...4) {
        shortest = max(1, charGrams.lowerBound)
        longest = max(shortest, charGrams.upperBound)
    }

    /// Calls `body` with each gram's group, hash and the byte range of the
    /// word(s) it came from (for evidence), in no promised order.
    @inline(__always)
    public func forEach(in text: UnsafeRawBufferPointer,
                        _ body: (_ group: Group, _ hash: UInt64, _ range: Range<Int>) -> Void) {
        words(in: text, body)
        chars(in: text, body)
    }

    @inline(__always)
    private func words(in text: UnsafeRawBufferPointer, _ body: (Group, UInt64, Range<Int>) -> Void) {
        var i = 0
        var previousHash: UInt64 = 0
        var previousStart = -1
        while i < text.count {
            guard Self.isWordByte(text[i]) else { i += 1; continue }
            let start = i
            var hash = FNV1a.feed(FNV1a.offset, UInt8(ascii: "w"))
            var pairHash = previousStart >= 0 ? FNV1a.feed(previousHash, 0x20) : 0
            while i < text.count, Self.isWordByte(text[i]) {
                hash = FNV1a.feed(hash, text[i])
                if previousStart >= 0 { pairHash = FNV1a.feed(pairHash, text[i]) }
                i += 1
            }
            body(.words, hash, start..<i)
            if previousStart >= 0 { body(.words, pairHash, previousStart..<i) }
            previousHash = hash
            previousStart = start
        }
    }

    @inline(__always)
    private func chars(in text: UnsafeRawBufferPointer, _ body: (Group, UInt64, Range<Int>) -> Void) {
        var i = 0
        while i < text.count {
            guard !Self.isSpace(text[i]) else { i += 1; continue }
            let start = i
            scalarStarts.removeAll()
            while i < text.count, !Self.isSpace(text[i]) {
                if text[i] & 0xC0 != 0x80 { scalarStarts.append(Int32(i)) }
                i += 1
            }
            scalarStarts.append(Int32(i))
            piece(text, scalars: scalarStarts.count - 1, range: start..<i, body)
        }
    }

    /// The grams of one padded piece, `shortest` to `longest` scalars long:
    /// element 0 and the last are the pad spaces, element k in between is
    /// scalar k-1. Each start feeds one hash through all lengths.
    @inline(__always)
    private func piece(_ text: UnsafeRawBufferPointer, scalars: Int, range: Range<Int>, _ body: (Group, UInt64, Range<Int>) -> Void) {
        let length = scalars + 2
        let starts = scalarStarts.base
        for first in 0..<max(0, length - shortest + 1) {
            var hash = FNV1a.feed(FNV1a.offset, UInt8(ascii: "c"))
            var element = first
            while element < min(first + longest, length) {
                if element == 0 || element == length - 1 {
                    hash = FNV1a.feed(hash, 0x20)
                } else {
                    for b in Int(starts[element - 1])..<Int(starts[element]) { hash = FNV1a.feed(hash, text[b]) }
                }
                element += 1
                if element - first >= shortest { body(.chars, hash, range) }
            }
        }
    }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "@"), UInt8(ascii: "$"), UInt8(ascii: "%"): return true
        default: return false
        }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}

/// 64-bit FNV-1a, the gram hash scripts/train-scorer does not need (it keeps
/// grams as text) but the Swift side uses for keys.
enum FNV1a {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    static func feed(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* prime }

    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(offset, feed)
    }
}
