/// Joins letters and digits written one at a time: `j o h n` → `john`,
/// `s.k.y.p.e` → `skype`, `4 1 5 - 5 5 5` → `415-555`.
///
/// A run is three or more single characters with short separators (up to
/// three of ` .-_*|~`) between them. The first separator that occurs twice
/// in a row is the run's spacing and is dropped wherever it repeats; any
/// other separator marks a real boundary and keeps its punctuation without
/// spaces (`p a y p a l . m e` → `paypal.me`) or becomes one space
/// (`j o h n  s m i t h` → `john smith`). Taking the first repeated gap, not
/// the first gap, keeps a one-letter word next to a dotted run a word:
/// `a g.m.a.i.l I` → `a gmail i`, not `ag.m.a.i.li`. A one-letter word
/// spaced like the run stays apart when the rest spells a brand
/// (`BrandWords`): `t e l e g r a m y` → `telegram y`, `a s k y p e` →
/// `a skype`.
///
/// A single can also be one letter of an alphabet whose letters take two
/// UTF-8 bytes (Greek, Cyrillic, Armenian, Hebrew, Arabic): `в а т с а п`
/// reaches this fold as `в atca п` (the look-alikes are already Latin), and
/// joins to `вatcaп`, which is how the pattern `ватсап` folds too. Letters of
/// syllabic scripts (Korean, Japanese) are words on their own and stay apart.
///
/// Threading: stateless; safe from any thread.
enum SpacedCharacterJoiner {
    static let minimumRun = 3

    @inline(__always)
    static func isSeparator(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "*"), UInt8(ascii: "|"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// The byte length of the single character at `i`, or 0: one ASCII
    /// letter or digit (or a leet `@`), or one two-byte alphabetic letter,
    /// between non-word bytes.
    @inline(__always)
    static func singleWidth(_ region: FoldRegion, at i: Int) -> Int {
        let c = region[i]
        let width: Int
        if isAlnum(c) || c == UInt8(ascii: "@") {
            width = 1
        } else if i + 1 < region.count && isTwoByteLetter(c, region[i + 1]) {
            width = 2
        } else {
            return 0
        }
        guard i == 0 || !FoldBytes.isWord(region[i - 1]) else { return 0 }
        guard i + width == region.count || !FoldBytes.isWord(region[i + width]) else { return 0 }
        return width
    }

    @inline(__always)
    static func isSingle(_ region: FoldRegion, at i: Int) -> Bool { singleWidth(region, at: i) > 0 }

    /// A lead byte that may start a two-byte letter (`isTwoByteLetter`).
    @inline(__always)
    static func mayLeadTwoByteLetter(_ c: UInt8) -> Bool { c &- 0xCE < 0x0E }  // 0xCE...0xDB

    /// Letters of Greek, Cyrillic, Armenian, Hebrew and Arabic; not their
    /// marks, digits or punctuation.
    @inline(__always)
    static func isTwoByteLetter(_ lead: UInt8, _ next: UInt8) -> Bool {
        guard mayLeadTwoByteLetter(lead), next & 0xC0 == 0x80 else { return false }
        let scalar = UInt32(lead & 0x1F) << 6 | UInt32(next & 0x3F)
        switch scalar {
        case 0x0386, 0x0388...0x03CE, 0x0400...0x0481, 0x048A...0x052F, 0x0531...0x0556, 0x0561...0x0587, 0x05D0...0x05EA,
             0x0620...0x064A, 0x066E...0x066F, 0x0671...0x06D3:
            return true
        default:
            return false
        }
    }

    /// Separator bytes from `start` (the end of a single) up to the next
    /// single, and that single's width; or nil.
    @inline(__always)
    static func separator(_ region: FoldRegion, from start: Int) -> (gap: Range<Int>, width: Int)? {
        var j = start
        while j < region.count && j - start < 3 && isSeparator(region[j]) { j += 1 }
        guard j > start, j < region.count else { return nil }
        let width = singleWidth(region, at: j)
        guard width > 0 else { return nil }
        return (start..<j, width)
    }

    static func mayApply(_ region: FoldRegion) -> Bool {
        var i = 0
        while i < region.count {
            if isSingle(region, at: i), runLength(region, from: i).singles >= minimumRun { return true }
            i += 1
        }
        return false
    }

    static func runLength(_ region: FoldRegion, from i: Int) -> (singles: Int, end: Int) {
        var singles = 1
        var end = i + singleWidth(region, at: i)
        while let next = separator(region, from: end) {
            singles += 1
            end = next.gap.upperBound + next.width
        }
        return (singles, end)
    }

    static func apply(_ region: FoldRegion, into out: inout FoldWriter) {
        var i = 0
        while i < region.count {
            guard isSingle(region, at: i) else { out.copy(i); i += 1; continue }
            let run = runLength(region, from: i)
            guard run.singles >= minimumRun, !isPieceOfDottedNumber(region, from: i, end: run.end) else {
                out.copy(i..<run.end)
                i = run.end
                continue
            }
            let spacing = spacing(region, from: i)
            let apart = strayWord(region, from: i, singles: run.singles)
            var end = i + singleWidth(region, at: i)
            var single = 0
            out.copy(i..<end)
            while let (gap, width) = separator(region, from: end) {
                single += 1
                if (apart.first && single == 1) || (apart.last && single == run.singles - 1) {
                    out.copy(gap)
                } else if !sameBytes(region, gap, spacing) {
                    var keptPunctuation = false
                    for k in gap where region[k] != 0x20 {
                        out.copy(k)
                        keptPunctuation = true
                    }
                    if !keptPunctuation { out.copy(gap.lowerBound) }
                }
                end = gap.upperBound + width
                out.copy(gap.upperBound..<end)
            }
            i = run.end
        }
    }

    /// Single digits joined by dots or dashes that go on into a longer group
    /// (`3.0.0.4.388`, `1.2.3-rc`): a version or id, not digits typed one at
    /// a time.
    static func isPieceOfDottedNumber(_ region: FoldRegion, from i: Int, end: Int) -> Bool {
        func isJoint(_ k: Int) -> Bool { k >= 0 && k < region.count && region[k] != 0x20 && isSeparator(region[k]) }
        func isDigitAt(_ k: Int) -> Bool { k >= 0 && k < region.count && region[k] &- 0x30 < 10 }
        guard isJoint(end) && isDigitAt(end + 1) || isJoint(i - 1) && isDigitAt(i - 2) else { return false }
        for k in i..<end where region[k] == 0x20 || region[k] >= 0x80 || (isAlnum(region[k]) && !isDigitAt(k)) { return false }
        return true
    }

    /// One-letter words (`a`, `y`, `o`, `e`, `i`, `u`, `w`, `z`: and, or, in,
    /// with in the languages of the sets) that stand before or after a brand
    /// in a run: those stay words. A trailing `s` is left to the run
    /// (`e m a i l s`).
    static func strayWord(_ region: FoldRegion, from i: Int, singles: Int) -> (first: Bool, last: Bool) {
        guard singles >= 5 && singles <= 10 else { return (false, false) }
        // The run's singles are every other non-separator byte: collect
        // their offsets lazily by walking the gaps.
        func offset(_ n: Int) -> Int {
            var position = i
            for _ in 0..<n { position = separator(region, from: position + singleWidth(region, at: position))!.gap.upperBound }
            return position
        }
        func isStray(_ c: UInt8) -> Bool {
            switch c | 0x20 {
            case UInt8(ascii: "a"), UInt8(ascii: "y"), UInt8(ascii: "o"), UInt8(ascii: "e"), UInt8(ascii: "i"),
                 UInt8(ascii: "u"), UInt8(ascii: "w"), UInt8(ascii: "z"): return true
            default: return false
            }
        }
        if BrandWords.spell(count: singles, { region[offset($0)] }) { return (false, false) }
        let first = isStray(region[i]) && BrandWords.spell(count: singles - 1) { region[offset($0 + 1)] }
        let last = isStray(region[offset(singles - 1)]) && BrandWords.spell(count: singles - 1) { region[offset($0)] }
        return (first, last)
    }

    /// The first gap of the run starting at `i` that the next gap repeats,
    /// or the first gap when none is repeated. Scans the run in place: no
    /// allocation, and it stops at the first repeat.
    static func spacing(_ region: FoldRegion, from i: Int) -> Range<Int> {
        let first = separator(region, from: i + singleWidth(region, at: i))!
        var gap = first
        while let next = separator(region, from: gap.gap.upperBound + gap.width) {
            if sameBytes(region, gap.gap, next.gap) { return gap.gap }
            gap = next
        }
        return first.gap
    }

    @inline(__always)
    private static func sameBytes(_ region: FoldRegion, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<a.count where region[a.lowerBound + k] != region[b.lowerBound + k] { return false }
        return true
    }
}
