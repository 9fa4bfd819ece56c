/// Turns numbers written as words into digits: `five five five, one two
/// three` → `555,123`, `double seven` → `77`, `nove oito sete` → `987`
/// (English, Spanish, Portuguese, French, German, Italian).
///
/// Only runs of number items that look like a phone number are rewritten: at
/// least two spelled items and six digits in all, items separated by nothing
/// but spaces or single punctuation. "two or three revisions", "one more
/// thing" and "five pages" are left alone. Inside a rewritten run, spaces go
/// and punctuation stays (`five five five - 0134` → `555-0134`).
///
/// Threading: stateless; safe from any thread.
enum SpelledDigitFolder {
    static let weakZero: Int8 = 10  // "oh", "o": a digit only inside a run
    static let double: Int8 = 12
    static let triple: Int8 = 13

    static let words = ShortWordTable([
        ("zero", 0), ("oh", weakZero), ("o", weakZero), ("one", 1), ("two", 2), ("three", 3), ("four", 4),
        ("five", 5), ("six", 6), ("seven", 7), ("eight", 8), ("nine", 9),
        ("cero", 0), ("uno", 1), ("una", 1), ("dos", 2), ("tres", 3), ("cuatro", 4), ("cinco", 5),
        ("seis", 6), ("siete", 7), ("ocho", 8), ("nueve", 9),
        ("um", 1), ("uma", 1), ("dois", 2), ("duas", 2), ("quatro", 4), ("sete", 7), ("oito", 8),
        ("nove", 9), ("meia", 6),
        ("un", 1), ("une", 1), ("deux", 2), ("trois", 3), ("quatre", 4), ("cinq", 5), ("sept", 7),
        ("huit", 8), ("neuf", 9),
        ("null", 0), ("eins", 1), ("zwei", 2), ("zwo", 2), ("drei", 3), ("vier", 4), ("funf", 5), ("fuenf", 5),
        ("sechs", 6), ("sieben", 7), ("acht", 8), ("neun", 9),
        ("due", 2), ("tre", 3), ("quattro", 4), ("cinque", 5), ("sei", 6), ("sette", 7), ("otto", 8),
        ("double", double), ("doble", double), ("dobro", double), ("duplo", double), ("doppio", double),
        ("doppel", double), ("triple", triple), ("triplo", triple), ("tripla", triple),
    ])

    static let minimumSpelled = 2
    private static let minimumDigits = 6

    /// True if the region has at least two spelled digit words (a cheap
    /// superset of the texts `apply` changes).
    static func mayApply(_ region: FoldRegion) -> Bool {
        var spelled = 0
        var i = 0
        while i < region.count {
            guard FoldBytes.isLower(region[i]) else { i += 1; continue }
            let end = FoldBytes.wordEnd(region, from: i)
            let value = words.value(region.bytes + i, count: end - i)
            if value >= 0 && value != weakZero {
                spelled += 1
                if spelled >= minimumSpelled { return true }
            }
            i = end
        }
        return false
    }

    static func apply(_ region: FoldRegion, into out: inout FoldWriter) {
        var i = 0
        var copied = 0  // bytes before this are already written
        while i < region.count {
            guard FoldBytes.isWord(region[i]), i == 0 || !FoldBytes.isWord(region[i - 1]) else { i += 1; continue }
            let run = measureRun(region, from: i)
            if run.spelled >= minimumSpelled && run.digits >= minimumDigits {
                out.copy(copied..<i)
                rewrite(region, run: i..<run.end, into: &out)
                copied = run.end
                i = run.end
            } else {
                i = max(run.firstItemEnd, i + 1)
            }
        }
        out.copy(copied..<region.count)
    }

    private struct Run {
        var end: Int
        var firstItemEnd: Int
        var spelled = 0
        var digits = 0
    }

    /// The longest run of number items starting at word start `start`.
    private static func measureRun(_ region: FoldRegion, from start: Int) -> Run {
        var run = Run(end: start, firstItemEnd: FoldBytes.wordEnd(region, from: start))
        var i = start
        var pendingMultiplier: Int8 = 0
        while i < region.count {
            let end = FoldBytes.wordEnd(region, from: i)
            guard end > i, let item = item(region, i..<end) else { break }
            if item.isMultiplier {
                pendingMultiplier = item.value
                run.spelled += 1
            } else {
                let repeats = pendingMultiplier == double ? 2 : pendingMultiplier == triple ? 3 : 1
                if item.isSpelled { run.spelled += 1 }
                run.digits += item.digits + repeats - 1
                pendingMultiplier = 0
                run.end = end
            }
            // A separator of up to three spaces or single punctuation.
            guard let next = separatorEnd(region, from: end) else { break }
            i = next
        }
        return run
    }

    private struct Item {
        var value: Int8
        var digits: Int
        var isSpelled: Bool
        var isMultiplier: Bool { value == double || value == triple }
    }

    @inline(__always)
    private static func item(_ region: FoldRegion, _ word: Range<Int>) -> Item? {
        if (word.lowerBound..<word.upperBound).allSatisfy({ isDigit(region[$0]) }) {
            return Item(value: -1, digits: word.count, isSpelled: false)
        }
        let value = words.value(region.bytes + word.lowerBound, count: word.count)
        guard value >= 0 else { return nil }
        return Item(value: value, digits: 1, isSpelled: value != weakZero)
    }

    /// Where the next item starts after a separator at `i`, or nil.
    @inline(__always)
    private static func separatorEnd(_ region: FoldRegion, from i: Int) -> Int? {
        var j = i
        var punctuation = 0
        while j < region.count && j - i < 4 {
            let c = region[j]
            if c == 0x20 { j += 1; continue }
            if c == UInt8(ascii: ",") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "/") {
                punctuation += 1
                j += 1
                continue
            }
            break
        }
        guard j > i, punctuation <= 1, j < region.count, FoldBytes.isWord(region[j]) else { return nil }
        return j
    }

    private static func rewrite(_ region: FoldRegion, run: Range<Int>, into out: inout FoldWriter) {
        var i = run.lowerBound
        var multiplier: (value: Int8, start: Int)? = nil
        while i < run.upperBound {
            let c = region[i]
            guard FoldBytes.isWord(c) else {
                if c != 0x20 { out.copy(i) }  // punctuation stays, spaces go
                i += 1
                continue
            }
            let end = FoldBytes.wordEnd(region, from: i)
            let item = item(region, i..<end)!
            if item.isMultiplier {
                multiplier = (item.value, i)
            } else {
                let repeats = multiplier.map { $0.value == double ? 2 : 3 } ?? 1
                let source = (multiplier?.start ?? i)..<end
                if item.value < 0 {
                    for _ in 0..<repeats - 1 { out.emit(region[i], for: source) }
                    out.copy(i..<end)
                } else {
                    let digit = UInt8(ascii: "0") + UInt8(item.value == weakZero ? 0 : item.value)
                    for _ in 0..<repeats { out.emit(digit, for: source) }
                }
                multiplier = nil
            }
            i = end
        }
    }
}
