/// Folds a message's text into the form the matcher scans, in two steps.
///
/// 1. Per scalar (`ScalarFoldTable`, generated from Unicode data): ASCII
///    lower-cased; compatibility forms (fullwidth, mathematical, circled,
///    superscript, ligatures) decomposed; accents dropped; case folded;
///    confusable homoglyphs (Cyrillic `а`, Greek `ο`, Cherokee `Ꮃ`) to the ASCII
///    letter or digit they imitate; zero-width, format and variation
///    characters and keycap marks dropped (`5️⃣` → `5`); Unicode spaces and
///    controls to a plain space, so no message contains the `\n` that
///    separates messages in a chunk. Invalid UTF-8 is copied unchanged.
/// 2. Obfuscation folds over the result, each only where its shape appears:
///    spelled-out digits (`SpelledDigitFolder`, and `ScriptDigitFolder` for
///    other scripts on non-ASCII text), characters written one at a
///    time (`SpacedCharacterJoiner`), addresses spelled with the at/dot
///    words of other scripts (`ScriptAddressFolder`, only on non-ASCII
///    text), links spelled with their dot- and slash-words
///    (`ScriptLinkFolder`, the same), at/dot words (`AtDotWordFolder`) and
///    leetspeak inside words (`LeetFolder`), in that order.
///
/// Every normalised byte keeps the original byte range it came from, so
/// findings point at what the user wrote. Printable ASCII that needs no fold
/// (most chat) takes a fast path with an identity map and no origin arrays.
///
/// Threading: stateless; safe to use from any thread.
public struct TextNormalizer: Sendable {
    private let table = ScalarFoldTable.shared

    public init() {}

    /// Appends the normalised form of `text` to `out` and returns where it is.
    public func append(_ text: UnsafeRawBufferPointer, to out: NormalizedText) -> NormalizedSpan {
        let start = out.bytes.count
        var span: NormalizedSpan
        if appendASCII(text, to: out.bytes) {
            span = NormalizedSpan(start: Int32(start), end: Int32(out.bytes.count), originBase: -1)
        } else {
            out.bytes.setCount(start)
            let originBase = out.origins.count
            appendGeneral(text, to: out)
            span = NormalizedSpan(start: Int32(start), end: Int32(out.bytes.count), originBase: Int32(originBase))
        }
        applyFolds(&span, in: out)
        return span
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
        let firstOrigin = out.originEnds.count
        @inline(__always) func emit(_ byte: UInt8, from origin: Int, length: Int) {
            out.bytes.append(byte)
            out.origins.append(Int32(origin))
            out.originEnds.append(Int32(origin + length))
        }
        while i < n {
            let c = text[i]
            if c < 0x80 {
                if c < 0x20 || c == 0x7F { emit(0x20, from: i, length: 1) }
                else { emit(c &- 0x41 < 26 ? c | 0x20 : c, from: i, length: 1) }
                i += 1
                continue
            }
            let length = UTF8Sequence.length(leadByte: c)
            guard i + length <= n, let scalar = decode(text, at: i, length: length) else {
                emit(c, from: i, length: 1)  // invalid UTF-8: kept as an opaque byte
                i += 1
                continue
            }
            if Self.typedAsDash(scalar) && Self.digitWritten(out, since: firstOrigin) && Self.digitFollows(text, at: i + length) {
                emit(UInt8(ascii: "-"), from: i, length: length)
                i += length
                continue
            }
            switch table.fold(scalar) {
            case .keep:
                for k in 0..<length { emit(text[i + k], from: i, length: length) }
            case .drop:
                // A dropped mark belongs to the character before it (the
                // keycap marks of `9️⃣`, a combining accent): a match that ends
                // on that character ends after its marks in the original.
                let last = out.originEnds.count - 1
                if last >= firstOrigin && out.originEnds[last] == Int32(i) { out.originEnds[last] = Int32(i + length) }
            case .replace(let offset, let count):
                for k in 0..<count { emit(table.replacements[offset + k], from: i, length: length) }
            }
            i += length
        }
    }

    /// Japanese `ー` (and its halfwidth `ｰ`) and the wave dashes `〜` and
    /// `～`: a Japanese keyboard types them for `-`, so between digits
    /// (`090ー1234ー5678`, `090〜3381〜7246`) each is a dash. A range
    /// (`10:00〜12:00`) becomes `10:00-12:00`, which reads as one.
    @inline(__always)
    private static func typedAsDash(_ scalar: UInt32) -> Bool {
        scalar == 0x30FC || scalar == 0xFF70 || scalar == 0x301C || scalar == 0xFF5E
    }

    /// The last byte this message wrote is a digit.
    @inline(__always)
    private static func digitWritten(_ out: NormalizedText, since firstOrigin: Int) -> Bool {
        out.originEnds.count > firstOrigin && isDigit(out.bytes[out.bytes.count - 1])
    }

    /// An ASCII or fullwidth digit starts at `i`.
    @inline(__always)
    private static func digitFollows(_ text: UnsafeRawBufferPointer, at i: Int) -> Bool {
        guard i < text.count else { return false }
        if isDigit(text[i]) { return true }
        return i + 2 < text.count && text[i] == 0xEF && text[i + 1] == 0xBC && text[i + 2] &- 0x90 < 10
    }

    /// Runs the obfuscation folds that can apply, shrinking the span.
    private func applyFolds(_ span: inout NormalizedSpan, in out: NormalizedText) {
        let start = Int(span.start)
        let probe = FoldRegion(bytes: out.bytes.base + start, starts: out.origins.base, ends: out.originEnds.base,
                               count: span.count)
        let triggers = FoldTriggers(probe)
        // Addresses spelled in other scripts need non-ASCII text: the
        // fast path's messages never ask.
        let scriptAddress = span.originBase >= 0 && ScriptAddressFolder.mayApply(probe)
        let scriptDigits = span.originBase >= 0 && ScriptDigitFolder.mayApply(probe)
        let scriptLink = span.originBase >= 0 && ScriptLinkFolder.mayApply(probe)
        guard triggers.any || scriptAddress || scriptDigits || scriptLink else { return }
        if span.originBase < 0 {
            // The fast path kept no origins; the folds need them.
            span.originBase = Int32(out.origins.count)
            for i in 0..<span.count {
                out.origins.append(Int32(i))
                out.originEnds.append(Int32(i + 1))
            }
        }
        let base = Int(span.originBase)
        var region = FoldRegion(bytes: out.bytes.base + start, starts: out.origins.base + base,
                                ends: out.originEnds.base + base, count: span.count)
        // Once a fold has rewritten the text, each later one is checked again
        // on its output: joining `d o t` can make an at/dot word, `(at)` can
        // make an email's `@`. Until then the triggers found above hold.
        var rewritten = false
        if triggers.spelledDigits {
            rewrite(&region, scratch: out, SpelledDigitFolder.apply)
            rewritten = true
        }
        if rewritten ? scriptDigits && ScriptDigitFolder.mayApply(region) : scriptDigits {
            rewrite(&region, scratch: out, ScriptDigitFolder.apply)
            rewritten = true
        }
        if rewritten ? SpacedCharacterJoiner.mayApply(region) : triggers.spacedCharacters {
            rewrite(&region, scratch: out, SpacedCharacterJoiner.apply)
            rewritten = true
        }
        if rewritten ? scriptAddress && ScriptAddressFolder.mayApply(region) : scriptAddress {
            rewrite(&region, scratch: out, ScriptAddressFolder.apply)
            rewritten = true
        }
        if rewritten ? scriptLink && ScriptLinkFolder.mayApply(region) : scriptLink {
            rewrite(&region, scratch: out, ScriptLinkFolder.apply)
            rewritten = true
        }
        if rewritten ? AtDotWordFolder.mayApply(region) : triggers.atDotWords {
            rewrite(&region, scratch: out, AtDotWordFolder.apply)
            rewritten = true
        }
        if rewritten ? LeetFolder.mayApply(region) : triggers.leet { LeetFolder.apply(region) }  // same length: in place
        out.bytes.setCount(start + region.count)
        out.origins.setCount(base + region.count)
        out.originEnds.setCount(base + region.count)
        span.end = Int32(start + region.count)
    }

    /// Copies `region` to the scratch buffers and lets `fold` rewrite it from there.
    private func rewrite(_ region: inout FoldRegion, scratch: NormalizedText,
                         _ fold: (FoldRegion, inout FoldWriter) -> Void) {
        let n = region.count
        scratch.foldBytes.removeAll()
        scratch.foldStarts.removeAll()
        scratch.foldEnds.removeAll()
        scratch.foldBytes.append(region.bytes, count: n)
        scratch.foldStarts.append(region.starts, count: n)
        scratch.foldEnds.append(region.ends, count: n)
        let source = FoldRegion(bytes: scratch.foldBytes.base, starts: scratch.foldStarts.base,
                                ends: scratch.foldEnds.base, count: n)
        var writer = FoldWriter(from: source, into: region)
        fold(source, &writer)
        region.count = writer.count
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
