/// Folds a message's text into the form the matcher scans (v1):
/// - ASCII letters lower-cased (patterns are compiled caseless too, but
///   validators and context words work on the folded text);
/// - fullwidth forms U+FF01–U+FF5E to ASCII, U+3000 to a space;
/// - zero-width and format characters removed (U+00AD, U+200B–U+200F,
///   U+202A–U+202E, U+2060–U+2064, U+FEFF), so `pay\u{200B}pal` is `paypal`;
/// - control characters and Unicode spaces to a plain space, so no message
///   contains the `\n` that separates messages in a chunk;
/// - everything else, including invalid UTF-8, copied unchanged.
/// Pure printable-ASCII text takes a fast path with an identity offset map.
/// Homoglyphs, leetspeak, spaced letters and spelled digits come in a later
/// stage of this normaliser (issue: detection that survives obfuscation).
///
/// Threading: stateless; safe to use from any thread.
public struct TextNormalizer: Sendable {
    public init() {}

    /// Appends the normalised form of `text` to `out` and returns where it is.
    public func append(_ text: UnsafeRawBufferPointer, to out: NormalizedText) -> NormalizedSpan {
        let start = out.bytes.count
        if appendASCII(text, to: out.bytes) {
            return NormalizedSpan(start: Int32(start), end: Int32(out.bytes.count), originBase: -1)
        }
        out.bytes.setCount(start)
        let originBase = out.origins.count
        appendGeneral(text, to: out)
        return NormalizedSpan(start: Int32(start), end: Int32(out.bytes.count), originBase: Int32(originBase))
    }

    /// Lower-cases printable ASCII; returns false at the first other byte.
    @inline(__always)
    private func appendASCII(_ text: UnsafeRawBufferPointer, to out: GrowableBuffer<UInt8>) -> Bool {
        let n = text.count
        out.reserve(n)
        let dst = out.base + out.count
        for i in 0..<n {
            let c = text[i]
            guard c &- 0x20 < 0x5F else { return false }
            dst[i] = (c &- 0x41 < 26) ? c | 0x20 : c
        }
        out.setCount(out.count + n)
        return true
    }

    private func appendGeneral(_ text: UnsafeRawBufferPointer, to out: NormalizedText) {
        let n = text.count
        var i = 0
        @inline(__always) func emit(_ byte: UInt8, from origin: Int) {
            out.bytes.append(byte)
            out.origins.append(Int32(origin))
        }
        while i < n {
            let c = text[i]
            if c < 0x80 {
                if c < 0x20 || c == 0x7F { emit(0x20, from: i) }
                else { emit(c &- 0x41 < 26 ? c | 0x20 : c, from: i) }
                i += 1
                continue
            }
            let length = UTF8Sequence.length(leadByte: c)
            guard i + length <= n, let scalar = decode(text, at: i, length: length) else {
                emit(c, from: i)  // invalid UTF-8: kept as an opaque byte
                i += 1
                continue
            }
            switch scalar {
            case 0xFF01...0xFF5E:
                let ascii = UInt8(scalar - 0xFEE0)
                emit(ascii &- 0x41 < 26 ? ascii | 0x20 : ascii, from: i)
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                emit(0x20, from: i)
            case 0x00AD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0xFEFF:
                break  // invisible: dropped
            case 0x0080...0x009F, 0x2028, 0x2029:
                emit(0x20, from: i)
            default:
                for k in 0..<length { emit(text[i + k], from: i) }
            }
            i += length
        }
    }

    /// The scalar of a well-formed sequence, or nil.
    @inline(__always)
    private func decode(_ text: UnsafeRawBufferPointer, at i: Int, length: Int) -> UInt32? {
        var scalar = UInt32(text[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let b = text[i + k]
            guard b & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(b & 0x3F)
        }
        // Reject overlong forms and surrogates.
        switch length {
        case 3 where scalar < 0x800 || (0xD800...0xDFFF).contains(scalar): return nil
        case 4 where scalar < 0x10000 || scalar > 0x10FFFF: return nil
        default: return scalar
        }
    }
}
