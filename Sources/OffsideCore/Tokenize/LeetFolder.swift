/// Reads leetspeak inside words as letters: `wh@ts@pp` → `whatsapp`,
/// `p4yp4l` → `paypal`, `t3l3gr4m` → `telegram`, `w3stern uni0n`.
///
/// Only one or two leet characters (`0 1 3 4 5 7 @ $ !`) with letters on both
/// sides change, and only in words of at most 24 bytes with at least as many
/// letters as digits, so phone numbers, prices, hex colours, IBANs, wallet
/// addresses (longer) and `0x…` values stay as written. An `@` is read as `a`
/// only in a word with another leet character (`wh@ts@pp`, `p@yp4l`) and not
/// before a domain: `maria@gmail`, `ravi.k@okaxis` and `name@host.tld` keep
/// their at-sign (rules spell single-`@` brand words as `p[a@]ypal`), unless
/// the word read with `a` is a messenger, payment or mail brand
/// (`wh@tsapp`, `p@ypal`, `em@il`): no address is spelled like one.
///
/// The other way round, letters that imitate digits inside a number read as
/// digits: in a word of digits whose only letters are `o`, `l` and `i`
/// (`79OO`, `4l8`), those letters become `0` and `1`.
///
/// Threading: stateless; safe from any thread.
enum LeetFolder {
    private static let maximumWord = 24
    private static let maximumLeetRun = 2

    @inline(__always)
    private static func isTokenByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "@") || c == UInt8(ascii: "$") || c == UInt8(ascii: "!")
    }

    static func mayApply(_ region: FoldRegion) -> Bool {
        guard region.count >= 3 else { return false }
        for i in 1..<(region.count - 1) {
            let c = region[i]
            if FoldBytes.leetLetter(c) != 0 && FoldBytes.isLower(region[i - 1]) { return true }
            if isDigitLookalike(c) && (isDigit(region[i - 1]) || isDigit(region[i + 1])) { return true }
        }
        return false
    }

    @inline(__always)
    static func isDigitLookalike(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "o") || c == UInt8(ascii: "l") || c == UInt8(ascii: "i")
    }

    static func apply(_ region: FoldRegion) {
        var i = 0
        // Same length in and out: rewritten in place, origins untouched.
        while i < region.count {
            guard isTokenByte(region[i]) else { i += 1; continue }
            var end = i
            var letters = 0
            var digits = 0
            var leet = 0
            while end < region.count && isTokenByte(region[end]) {
                if FoldBytes.isLower(region[end]) { letters += 1 } else if isDigit(region[end]) { digits += 1 }
                if FoldBytes.leetLetter(region[end]) != 0 { leet += 1 }
                end += 1
            }
            let isHex = end - i > 2 && region[i] == UInt8(ascii: "0") && region[i + 1] == UInt8(ascii: "x")
            if digits >= 2 && digits >= letters && letters > 0
                && (i..<end).allSatisfy({ !FoldBytes.isLower(region[$0]) || isDigitLookalike(region[$0]) }) {
                for k in i..<end where isDigitLookalike(region[k]) {
                    region.bytes[k] = region[k] == UInt8(ascii: "o") ? UInt8(ascii: "0") : UInt8(ascii: "1")
                }
            } else if end - i <= maximumWord && letters >= 2 && letters >= digits && !isHex {
                foldWord(region, i..<end, foldsAt: leet >= 2 || (leet == 1 && readsAsBrand(region, i..<end)))
            }
            i = end
        }
    }

    private static func foldWord(_ region: FoldRegion, _ word: Range<Int>, foldsAt: Bool) {
        var k = word.lowerBound + 1
        while k < word.upperBound - 1 {
            guard FoldBytes.leetLetter(region[k]) != 0, FoldBytes.isLower(region[k - 1]) else { k += 1; continue }
            var runEnd = k
            while runEnd < word.upperBound && FoldBytes.leetLetter(region[runEnd]) != 0 { runEnd += 1 }
            if runEnd - k <= maximumLeetRun && runEnd < word.upperBound && FoldBytes.isLower(region[runEnd]) {
                for m in k..<runEnd where region[m] != UInt8(ascii: "@") || (foldsAt && !isEmailAt(region, m)) {
                    region.bytes[m] = FoldBytes.leetLetter(region[m])
                }
            }
            k = runEnd + 1
        }
        // One leet character at either end of a word of three or more
        // letters: `1nst4gram`, `venm0`. Only the ones that rarely end or
        // start real tokens (no `1`/`7` suffixes: `user1`, `windows7`).
        if word.count >= 4 {
            let first = region[word.lowerBound]
            if (first == UInt8(ascii: "0") || first == UInt8(ascii: "1") || first == UInt8(ascii: "3") || first == UInt8(ascii: "4"))
                && (1...3).allSatisfy({ FoldBytes.isLower(region[word.lowerBound + $0]) }) {
                region.bytes[word.lowerBound] = FoldBytes.leetLetter(first)
            }
            let last = region[word.upperBound - 1]
            if (last == UInt8(ascii: "0") || last == UInt8(ascii: "3") || last == UInt8(ascii: "4"))
                && (2...4).allSatisfy({ FoldBytes.isLower(region[word.upperBound - $0]) }) {
                region.bytes[word.upperBound - 1] = FoldBytes.leetLetter(last)
            }
        }
    }

    /// The word (whose one leet character may be an `@`) reads as a brand
    /// (`BrandWords`) with `a` for the `@`. Compared in place: no copy.
    private static func readsAsBrand(_ region: FoldRegion, _ word: Range<Int>) -> Bool {
        guard word.count <= 9, word.contains(where: { region[$0] == UInt8(ascii: "@") }) else { return false }
        return BrandWords.spell(count: word.count, atIsA: true) { region[word.lowerBound + $0] }
    }

    /// `@` at `m` is followed by `label.label` (an email's domain).
    private static func isEmailAt(_ region: FoldRegion, _ m: Int) -> Bool {
        var j = m + 1
        while j < region.count && (isAlnum(region[j]) || region[j] == UInt8(ascii: "-")) { j += 1 }
        return j > m + 1 && j + 1 < region.count && region[j] == UInt8(ascii: ".") && FoldBytes.isLower(region[j + 1])
    }
}
