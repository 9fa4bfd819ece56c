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

    /// A single character: one ASCII letter or digit (or a leet `@`) between
    /// non-word bytes.
    @inline(__always)
    static func isSingle(_ region: FoldRegion, at i: Int) -> Bool {
        (isAlnum(region[i]) || region[i] == UInt8(ascii: "@")) && (i == 0 || !FoldBytes.isWord(region[i - 1]))
            && (i + 1 == region.count || !FoldBytes.isWord(region[i + 1]))
    }

    /// Separator bytes after `i` up to the next single, or nil.
    @inline(__always)
    static func separator(_ region: FoldRegion, after i: Int) -> Range<Int>? {
        var j = i + 1
        while j < region.count && j - i <= 3 && isSeparator(region[j]) { j += 1 }
        guard j > i + 1, j - i <= 4, j < region.count, isSingle(region, at: j) else { return nil }
        return (i + 1)..<j
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
        var position = i
        while let gap = separator(region, after: position) {
            singles += 1
            position = gap.upperBound
        }
        return (singles, position + 1)
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
            var position = i
            var single = 0
            out.copy(position)
            while let gap = separator(region, after: position) {
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
                position = gap.upperBound
                out.copy(position)
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
        for k in i..<end where region[k] == 0x20 || (isAlnum(region[k]) && !isDigitAt(k)) { return false }
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
            for _ in 0..<n { position = separator(region, after: position)!.upperBound }
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
        let first = separator(region, after: i)!
        var gap = first
        while let next = separator(region, after: gap.upperBound) {
            if sameBytes(region, gap, next) { return gap }
            gap = next
        }
        return first
    }

    @inline(__always)
    private static func sameBytes(_ region: FoldRegion, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<a.count where region[a.lowerBound + k] != region[b.lowerBound + k] { return false }
        return true
    }
}
