/// Rewrites at-signs and dots spelled as words: `john (at) gmail (dot) com`,
/// `john[at]gmail[dot]com`, `john at gmail dot com`, `maria arroba hotmail
/// punto com`, `paypal dot me` → `john@gmail.com`, …, `paypal.me`.
///
/// Bracketed forms (`(at)`, `[dot]`, `{ at }`, `<@>`) always fold. Bare words
/// fold only in an address shape, because "meet at 5" and "the dot product"
/// are ordinary English: a bare at-word needs a word before it and a domain
/// after it (`gmail.com`, or `gmail dot com` ending in a top-level domain of
/// the Public Suffix List); a bare dot-word needs an address before it or a
/// common top-level domain after it. Leet spellings (`d0t`, `c0m`) count.
/// The everyday words among the at-words (English `at`, Indonesian and
/// Malay `di`) need a common top-level domain after a bare dot-word too;
/// `chiocciola` or `arroba` says what it is (`giulia chiocciola studio punto
/// it`). Indian English `at the rate (of)` is an at-word.
///
/// Threading: stateless; safe from any thread.
enum AtDotWordFolder {
    static let at: Int8 = 1
    static let dot: Int8 = 2
    static let slash: Int8 = 3

    static let words = ShortWordTable([
        ("at", at), ("arroba", at), ("arobase", at), ("chiocciola", at), ("apenstaartje", at), ("klammeraffe", at),
        ("zavinac", at), ("malpa", at), ("di", at), ("kukac", at),
        // Serbian and Croatian "little monkey", Slovene "afna", Finnish "miukumauku"
        ("majmunce", at), ("majmun", at), ("afna", at), ("miukumauku", at),
        // Swedish and Danish "snabel-a" (the hyphen and "a" are taken by
        // `snabelEnd`), Norwegian "krøllalfa"
        ("snabel", at), ("snabela", at), ("krollalfa", at),
        ("dot", dot), ("punto", dot), ("ponto", dot), ("point", dot), ("punkt", dot), ("punt", dot),
        ("tecka", dot), ("kropka", dot), ("nokta", dot), ("titik", dot), ("cham", dot),
        // Serbian, Croatian, Slovene, Finnish, Norwegian, Romanian, Lithuanian, Latvian, Irish; Danish and Norwegian "punktum"
        ("tacka", dot), ("tocka", dot), ("pika", dot), ("piste", dot), ("prikk", dot), ("punct", dot),
        ("taskas", dot), ("punkts", dot), ("ponc", dot), ("punktum", dot),
        ("slash", slash), ("barra", slash), ("ukosnik", slash), ("schragstrich", slash), ("xuyet", slash),
        ("lomitko", slash),
    ])

    /// Words after which a bare "at" is English, not an address ("code is at
    /// github.com", "reach me at …", "we're live at shop.io").
    static let notMailboxes = ShortWordTable([
        "is", "are", "was", "were", "be", "been", "me", "us", "it", "them", "him", "her", "you", "look", "find",
        "avail", "here", "there", "online", "live", "located", "hosted", "based", "site", "code", "repo", "docs",
        "page", "app", "work", "meet", "see", "up", "out", "back", "now", "home", "office", "reach", "email", "mail",
        "write", "hosting", "deployed", "running", "things", "store", "shop",
    ].map { ($0, 1) })

    /// Endings a bare dot-word must be followed by outside an address: the
    /// common ones only, because many short words are also top-level domains
    /// (`to`, `is`, `in`).
    static let commonTopLevel = ShortWordTable([
        "com", "net", "org", "io", "co", "me", "info", "biz", "us", "uk", "br", "es", "mx", "ar", "cl", "pe",
        "de", "fr", "pt", "ru", "ca", "au", "nl", "ch", "at", "be", "pl", "dev", "app", "xyz", "online",
        "site", "store", "tech", "link", "ly", "gg", "tv", "cc", "ai",
    ].map { ($0, 1) })

    static func mayApply(_ region: FoldRegion) -> Bool {
        var i = 0
        while i < region.count {
            let c = region[i]
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") || c == UInt8(ascii: "<")
                || c == UInt8(ascii: "@") { return true }
            // `calendly.com / ana`, `instagram.com/ lena`, `linktr .ee/`
            if (c == UInt8(ascii: "/") || c == UInt8(ascii: ".")) && i > 0 && region[i - 1] == 0x20 { return true }
            if c == UInt8(ascii: "/") && i + 1 < region.count && region[i + 1] == 0x20 { return true }
            if FoldBytes.isLower(c) && (i == 0 || !FoldBytes.isWord(region[i - 1])) {
                let end = FoldBytes.wordEnd(region, from: i)
                if words.valueReadingLeet(region.bytes + i, count: end - i) > 0 { return true }
                i = end
                continue
            }
            i += 1
        }
        return false
    }

    static func apply(_ region: FoldRegion, into out: inout FoldWriter) {
        var i = 0
        var inAddress = false  // an at-sign was folded and its domain is being written
        while i < region.count {
            let c = region[i]
            if let (kind, end) = bracketed(region, at: i) {
                out.removeTrailingSpaces()
                out.emit(kind == at ? UInt8(ascii: "@") : kind == slash ? UInt8(ascii: "/") : UInt8(ascii: "."), for: i..<end)
                inAddress = inAddress || kind == at
                i = skipSpaces(region, from: end)
                continue
            }
            if FoldBytes.isWord(c) && (i == 0 || !FoldBytes.isWord(region[i - 1])) {
                let end = FoldBytes.wordEnd(region, from: i)
                let kind = words.valueReadingLeet(region.bytes + i, count: end - i)
                if kind == slash, spaceThenWordBefore(region, i), out.endsInLink, let next = spaceThenWordAfter(region, end) {
                    out.removeTrailingSpaces()
                    out.emit(UInt8(ascii: "/"), for: i..<end)
                    i = next
                    continue
                }
                let everyday = kind == at && isEverydayAtWord(region, i, end)
                let wordEnd = everyday ? atTheRateEnd(region, after: end) ?? end : kind == at ? snabelEnd(region, i, end) : end
                if kind == at || kind == dot, spaceThenWordBefore(region, i), let next = spaceThenWordAfter(region, wordEnd) {
                    let folds = kind == at ? !followsNonMailbox(region, i) && domainFollows(region, at: next, bareDotNeedsCommon: everyday)
                        : inAddress || isCommonTopLevel(region, at: next) || isTopLevelThenSlash(region, at: next)
                    if folds {
                        out.removeTrailingSpaces()
                        out.emit(kind == at ? UInt8(ascii: "@") : UInt8(ascii: "."), for: i..<wordEnd)
                        inAddress = inAddress || kind == at
                        i = next
                        continue
                    }
                }
                out.copy(i..<end)
                i = end
                continue
            }
            // A bare `/` set off by spaces inside a link (`calendly.com / ana`).
            if c == UInt8(ascii: "/") && spaceThenWordBefore(region, i) && out.endsInLink,
               let next = spaceThenWordAfter(region, i + 1) ?? (i + 1 < region.count && FoldBytes.isWord(region[i + 1]) ? i + 1 : nil) {
                out.removeTrailingSpaces()
                out.copy(i)
                i = next
                continue
            }
            // A link's `/` with its path pushed away by spaces (`instagram.com/ lena`).
            if c == UInt8(ascii: "/") && i > 0 && FoldBytes.isWord(region[i - 1]) && out.endsInLink,
               let next = spaceThenWordAfter(region, i + 1) {
                out.copy(i)
                i = next
                continue
            }
            // A link's top-level domain pushed away from its name (`linktr .ee/ sam`).
            if c == UInt8(ascii: ".") && spaceThenWordBefore(region, i) && topLevelThenSlash(region, from: i + 1) != nil {
                out.removeTrailingSpaces()
                out.copy(i)
                i += 1
                continue
            }
            // A link's `.` set off by spaces before a common ending and its
            // path (`calendly . com / nadia`): the slash makes it a link, not
            // the end of a sentence.
            if c == UInt8(ascii: ".") && spaceThenWordBefore(region, i), let next = spaceThenWordAfter(region, i + 1),
               commonTopLevelThenSlash(region, at: next) {
                out.removeTrailingSpaces()
                out.copy(i)
                i = next
                continue
            }
            // A bare `@` or `.` set off by spaces inside an address shape.
            if (c == UInt8(ascii: "@") || c == UInt8(ascii: ".")) && spaceThenWordBefore(region, i),
               let next = spaceThenWordAfter(region, i + 1),
               c == UInt8(ascii: "@") ? domainFollows(region, at: next, bareDotNeedsCommon: false)
                   : inAddress && isTopLevelAfter(region, from: next) {
                out.removeTrailingSpaces()
                out.copy(i)
                inAddress = true
                i = next
                continue
            }
            // An address goes on through `.`, `-`, `_` and the spaces before
            // a bare dot set off by spaces (`maria@qq . com`).
            if !(c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
                 || (c == 0x20 && (spacedDotFollows(region, i) || dotWordFollows(region, i)))) {
                inAddress = false
            }
            out.copy(i)
            i += 1
        }
    }

    /// `at` or `di`: words that are mostly prose, not an at-sign.
    @inline(__always)
    private static func isEverydayAtWord(_ region: FoldRegion, _ i: Int, _ end: Int) -> Bool {
        end - i == 2 && (region[i] == UInt8(ascii: "a") && region[i + 1] == UInt8(ascii: "t")
            || region[i] == UInt8(ascii: "d") && region[i + 1] == UInt8(ascii: "i"))
    }

    static let theRate = Array(" the rate".utf8), of = Array(" of".utf8)
    static let snabel = Array("snabel".utf8)

    /// The end of `snabel-a` when the word `i..<end` is `snabel` and `-a`
    /// follows; otherwise `end`.
    @inline(__always)
    private static func snabelEnd(_ region: FoldRegion, _ i: Int, _ end: Int) -> Int {
        guard end - i == snabel.count, end + 1 < region.count, region[end] == UInt8(ascii: "-"),
              region[end + 1] == UInt8(ascii: "a"), end + 2 == region.count || !FoldBytes.isWord(region[end + 2]),
              (0..<snabel.count).allSatisfy({ region[i + $0] == snabel[$0] }) else { return end }
        return end + 2
    }

    /// After `at` ending at `end`: the end of ` the rate` (and ` of`), or nil.
    private static func atTheRateEnd(_ region: FoldRegion, after end: Int) -> Int? {
        func follows(_ word: [UInt8], at j: Int) -> Bool {
            j + word.count <= region.count && (0..<word.count).allSatisfy { region[j + $0] == word[$0] }
                && (j + word.count == region.count || !FoldBytes.isWord(region[j + word.count]))
        }
        guard follows(theRate, at: end) else { return nil }
        let rateEnd = end + theRate.count
        return follows(of, at: rateEnd) ? rateEnd + of.count : rateEnd
    }

    /// `(at)`, `[ dot ]`, `{@}`, `<.>` starting at `i`: the kind and the end.
    private static func bracketed(_ region: FoldRegion, at i: Int) -> (Int8, Int)? {
        let close: UInt8
        switch region[i] {
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        case UInt8(ascii: "["): close = UInt8(ascii: "]")
        case UInt8(ascii: "{"): close = UInt8(ascii: "}")
        case UInt8(ascii: "<"): close = UInt8(ascii: ">")
        default: return nil
        }
        var j = skipSpaces(region, from: i + 1)
        guard j < region.count else { return nil }
        let kind: Int8
        if region[j] == UInt8(ascii: "@") { kind = at; j += 1 }
        else if region[j] == UInt8(ascii: ".") { kind = dot; j += 1 }
        else {
            let end = FoldBytes.wordEnd(region, from: j)
            kind = words.valueReadingLeet(region.bytes + j, count: end - j)
            guard kind > 0 else { return nil }
            j = snabelEnd(region, j, end)
        }
        j = skipSpaces(region, from: j)
        guard j < region.count, region[j] == close else { return nil }
        return (kind, j + 1)
    }

    @inline(__always)
    private static func skipSpaces(_ region: FoldRegion, from i: Int) -> Int {
        var j = i
        while j < region.count && region[j] == 0x20 { j += 1 }
        return j
    }

    /// True if spaces and then a word end just before `i`.
    private static func spaceThenWordBefore(_ region: FoldRegion, _ i: Int) -> Bool {
        var j = i - 1
        guard j >= 0, region[j] == 0x20 else { return false }
        while j >= 0 && region[j] == 0x20 { j -= 1 }
        return j >= 0 && FoldBytes.isWord(region[j])
    }

    /// Spaces from `i`, then a `.`, a space and a word.
    private static func spacedDotFollows(_ region: FoldRegion, _ i: Int) -> Bool {
        let j = skipSpaces(region, from: i)
        return j < region.count && region[j] == UInt8(ascii: ".") && spaceThenWordAfter(region, j + 1) != nil
    }

    /// Spaces from `i`, then a dot-word (`punto`, `d0t`) and a space.
    private static func dotWordFollows(_ region: FoldRegion, _ i: Int) -> Bool {
        let j = skipSpaces(region, from: i)
        guard j > i, j < region.count, FoldBytes.isLower(region[j]) else { return false }
        let end = FoldBytes.wordEnd(region, from: j)
        return words.valueReadingLeet(region.bytes + j, count: end - j) == dot && spaceThenWordAfter(region, end) != nil
    }

    /// The word before the spaces ending at `i` is one after which "at" is
    /// prose. The last piece of a dotted name (`nina.bergstrom.shop at`) is
    /// a mailbox, not the word "shop".
    private static func followsNonMailbox(_ region: FoldRegion, _ i: Int) -> Bool {
        var end = i
        while end > 0 && region[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > 0 && FoldBytes.isWord(region[start - 1]) { start -= 1 }
        if start > 1 && (region[start - 1] == UInt8(ascii: ".") || region[start - 1] == UInt8(ascii: "_"))
            && FoldBytes.isWord(region[start - 2]) { return false }
        return notMailboxes.value(region.bytes + start, count: end - start) > 0
    }

    /// The start of the word after spaces following `i`, or nil.
    private static func spaceThenWordAfter(_ region: FoldRegion, _ i: Int) -> Int? {
        guard i < region.count, region[i] == 0x20 else { return nil }
        let j = skipSpaces(region, from: i)
        return j < region.count && FoldBytes.isWord(region[j]) ? j : nil
    }

    /// A domain starts at `i`: `label.tld…`, `label (dot) tld` or, after a
    /// bare `@`, `label . tld`, with a top-level domain from the Public
    /// Suffix List; or `label dot tld`, where
    /// a bare at- and dot-word ("look at it dot by dot") need a common ending.
    private static func domainFollows(_ region: FoldRegion, at i: Int, bareDotNeedsCommon: Bool) -> Bool {
        let end = FoldBytes.wordEnd(region, from: i)
        if end + 1 < region.count && region[end] == UInt8(ascii: ".") && FoldBytes.isLower(region[end + 1]) {
            var tldEnd = end + 1
            while tldEnd < region.count && FoldBytes.isLower(region[tldEnd]) { tldEnd += 1 }
            if tldEnd < region.count && region[tldEnd] == UInt8(ascii: "/") { return false }  // a link's path
            return isTopLevelAfter(region, from: end + 1)
        }
        var j = skipSpaces(region, from: end)
        if let (kind, after) = bracketed(region, at: min(j, region.count - 1)), kind == dot, j < region.count {
            j = skipSpaces(region, from: after)
        } else if !bareDotNeedsCommon, j > end, j + 1 < region.count, region[j] == UInt8(ascii: "."), region[j + 1] == 0x20 {
            j = skipSpaces(region, from: j + 1)  // `maria @ qq . com`: a bare dot set off by spaces
        } else if j > end, j < region.count, FoldBytes.isLower(region[j]) {
            let wordEnd = FoldBytes.wordEnd(region, from: j)
            guard words.valueReadingLeet(region.bytes + j, count: wordEnd - j) == dot else { return false }
            j = skipSpaces(region, from: wordEnd)
            if bareDotNeedsCommon { return j < region.count && isCommonTopLevel(region, at: j) }
        } else {
            return false
        }
        return j < region.count && isTopLevelAfter(region, from: j)
    }

    /// The word at `i` (letters, and leet letters after the first: `c0m`) is
    /// a top-level domain.
    private static func isTopLevelAfter(_ region: FoldRegion, from i: Int) -> Bool {
        var label: [UInt8] = []
        var end = i
        while end < region.count && end - i < 24 {
            let c = region[end]
            if FoldBytes.isLower(c) { label.append(c) }
            else if end > i, c &- 0x30 < 10, case let leet = FoldBytes.leetLetter(c), leet != 0 { label.append(leet) }
            else { break }
            end += 1
        }
        guard !label.isEmpty else { return false }
        return PublicSuffixList.shared.isTopLevel(String(decoding: label, as: UTF8.self))
    }

    /// A top-level domain of the Public Suffix List at `i` followed by `/`
    /// or a slash-word (`adeolu dot design slash contact`): a link, not prose.
    private static func isTopLevelThenSlash(_ region: FoldRegion, at i: Int) -> Bool {
        guard let end = topLevelThenSlash(region, from: i) else {
            let end = FoldBytes.wordEnd(region, from: i)
            guard end > i, isTopLevelAfter(region, from: i), let next = spaceThenWordAfter(region, end) else { return false }
            let nextEnd = FoldBytes.wordEnd(region, from: next)
            return words.valueReadingLeet(region.bytes + next, count: nextEnd - next) == slash
                && spaceThenWordAfter(region, nextEnd) != nil
        }
        return end > i
    }

    /// The end of lowercase letters from `i` that are a top-level domain and
    /// are followed right away by `/` (`ee/`), or nil.
    private static func topLevelThenSlash(_ region: FoldRegion, from i: Int) -> Int? {
        var end = i
        while end < region.count && FoldBytes.isLower(region[end]) && end - i < 24 { end += 1 }
        guard end > i, end < region.count, region[end] == UInt8(ascii: "/"), isTopLevelAfter(region, from: i) else { return nil }
        return end
    }

    /// A common top-level domain at `i`, then (after spaces, if any) `/` and a word.
    private static func commonTopLevelThenSlash(_ region: FoldRegion, at i: Int) -> Bool {
        guard isCommonTopLevel(region, at: i) else { return false }
        let j = skipSpaces(region, from: FoldBytes.wordEnd(region, from: i))
        guard j < region.count, region[j] == UInt8(ascii: "/") else { return false }
        let k = skipSpaces(region, from: j + 1)
        return k < region.count && FoldBytes.isWord(region[k])
    }

    private static func isCommonTopLevel(_ region: FoldRegion, at i: Int) -> Bool {
        let end = FoldBytes.wordEnd(region, from: i)
        guard end == region.count || !FoldBytes.isWord(region[end]) else { return false }
        return commonTopLevel.value(region.bytes + i, count: end - i) > 0
    }
}
