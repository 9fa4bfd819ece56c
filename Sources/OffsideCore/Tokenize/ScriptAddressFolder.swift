/// Folds an email address spelled with the at- and dot-words of other
/// scripts and languages into its plain form: `kostya.mebel собака яндекс
/// точка ру` → `kostya.mebel@yandex.ru`, `sara آت جيميل دوت كوم` →
/// `sara@gmail.com`, `rohit एट द रेट जीमेल डॉट कॉम`, `nikos παπάκι hotmail
/// τελεία gr`, `dana שטרודל gmail נקודה com`, `olena равлик ґмейл крапка ком`, `junho 골뱅이 네이버
/// 닷컴으로` → `junho@naver.com으로`, `zhangwei圈a163点com` →
/// `zhangwei@163.com`, `thu.ngan a còng gmail chấm com`, `emre et işareti
/// hotmail nokta com`, `erik snabel-a outlook punkt com`.
///
/// Only a whole address folds: an ASCII local part right before the
/// at-word, a domain (an ASCII label, or a provider's name written in the
/// script: جيميل, जीमेल, 네이버, яндекс), a dot (a dot-word or `.`) and a
/// top-level domain (one of the Public Suffix List, or `com` written in the
/// script). "моя собака", "a còng lưng" and "163点见" stay as they are.
/// Hungarian `kukac … pont` is here too: French "le pont de" is a bridge.
/// `AtDotWordFolder` does the same for Latin words on every message; this
/// fold runs only on messages with non-ASCII text, so ASCII chat pays
/// nothing for it.
///
/// Threading: stateless (immutable tables); safe from any thread.
enum ScriptAddressFolder {
    /// A word of one of the tables, as the scalar fold leaves it (Cyrillic
    /// partly Latin: `собака` is `coбaka`; Indic and Thai vowel marks
    /// dropped), with what it stands for.
    struct Word {
        let bytes: [UInt8]
        let ascii: [UInt8]
        /// May touch the text around it without a space (Chinese, Japanese).
        let glued: Bool
        /// Folds to ASCII, so it counts only where the original was another
        /// script (Cyrillic `ру` folds to `py`, `ком` to `kom`).
        let needsScript: Bool
    }

    static func words(_ list: [(String, String)], glued: Set<String> = []) -> [Word] {
        list.map { word, ascii in
            let bytes = ScalarFoldTable.shared.fold(word)
            return Word(bytes: bytes, ascii: Array(ascii.utf8), glued: glued.contains(word),
                        needsScript: bytes.allSatisfy { $0 < 0x80 } && !word.unicodeScalars.allSatisfy(\.isASCII))
        }
        // Longest first, so `एट द रेट` wins over `एट` and `アットマーク` over `アット`.
        .sorted { $0.bytes.count > $1.bytes.count }
    }

    static let atWords = words([
        ("собака", "@"), ("собачка", "@"), ("آت", "@"), ("ات", "@"), ("एट द रेट", "@"), ("एट", "@"),
        ("অ্যাট", "@"), ("แอท", "@"), ("アットマーク", "@"), ("アット", "@"), ("골뱅이", "@"), ("圈a", "@"),
        ("圈", "@"), ("a còng", "@"), ("et işareti", "@"), ("snabel-a", "@"), ("kukac", "@"),
        ("равлик", "@"), ("παπάκι", "@"), ("שטרודל", "@"), ("艾特", "@"), ("ऐट", "@"), ("շնիկ", "@"),
        // Bulgarian and Serbian: the "flower bed" and the "little monkey".
        ("кльомба", "@"), ("клюмба", "@"), ("маймунка", "@"), ("мајмунче", "@"), ("мајмун", "@"),
    ], glued: ["圈a", "圈", "アットマーク", "アット", "艾特"])

    static let dotWords = words([
        ("точка", "."), ("крапка", "."), ("دوت", "."), ("دات", "."), ("نقطة", "."), ("डॉट", "."), ("ডট", "."),
        ("ดอท", "."), ("ドット", "."), ("닷", "."), ("点", "."), ("點", "."), ("chấm", "."), ("nokta", "."),
        ("pont", "."), ("punkt", "."), ("punto", "."), ("ponto", "."), ("dot", "."), ("kropka", "."),
        ("tečka", "."), ("titik", "."), ("τελεία", "."), ("נקודה", "."), ("ڈاٹ", "."), ("점", "."), ("쩜", "."), ("կետ", "."),
        ("тачка", "."),
    ], glued: ["点", "點", "ドット", "닷"])

    /// A dot and a top-level domain in one word (Korean `닷컴`).
    static let dotEndings = words([("닷컴", ".com"), ("닷넷", ".net")], glued: ["닷컴", "닷넷"])

    static let providers = words([
        ("جيميل", "gmail"), ("جیمیل", "gmail"), ("ياهو", "yahoo"), ("یاهو", "yahoo"), ("هوتميل", "hotmail"),
        ("جीमेल", "gmail"), ("जीमेल", "gmail"), ("याहू", "yahoo"), ("জিমেইল", "gmail"), ("ইয়াহু", "yahoo"),
        ("จีเมล", "gmail"), ("ยาฮู", "yahoo"), ("네이버", "naver"), ("지메일", "gmail"), ("다음", "daum"),
        ("한메일", "hanmail"), ("야후", "yahoo"), ("яндекс", "yandex"), ("мейл", "mail"), ("гмейл", "gmail"),
        ("ジーメール", "gmail"), ("ヤフー", "yahoo"), ("ґмейл", "gmail"), ("джимейл", "gmail"), ("гмаил", "gmail"),
        ("גימייל", "gmail"), ("ג'ימייל", "gmail"), ("τζιμέιλ", "gmail"),
    ])

    static let topLevel = words([
        ("كوم", "com"), ("کام", "com"), ("कॉम", "com"), ("কম", "com"), ("คอม", "com"), ("コム", "com"),
        ("컴", "com"), ("ру", "ru"), ("ком", "com"), ("нет", "net"), ("укр", "ua"), ("קום", "com"),
    ], glued: ["コム", "컴"])

    /// The first two bytes of the at-words: most positions are turned away here.
    private static let atStarts = WordPairFilter(atWords.map(\.bytes))

    /// True if an at-word of the table occurs in the region.
    static func mayApply(_ region: FoldRegion) -> Bool {
        let starts = atStarts
        for i in 0..<region.count where starts.mayStart(region, at: i) {
            if atWords.contains(where: { matches($0, region, at: i) }) { return true }
        }
        return false
    }

    static func apply(_ region: FoldRegion, into out: inout FoldWriter) {
        let starts = atStarts
        var i = 0
        while i < region.count {
            if starts.mayStart(region, at: i), let at = atWords.first(where: { matches($0, region, at: i) }),
               let address = address(region, at: i, atWord: at) {
                out.removeTrailingSpaces()
                out.emit(UInt8(ascii: "@"), for: i..<(i + at.bytes.count))
                out.write(address.parts)
                i = address.end
                continue
            }
            out.copy(i)
            i += 1
        }
    }

    /// The pieces of the address after an at-word: copied as they are
    /// (`ascii` nil) or written as their ASCII form.
    private struct Address {
        var parts: [(range: Range<Int>, ascii: [UInt8]?)] = []
        var end = 0
    }

    /// The domain and top-level domain after the at-word at `i`, if a
    /// local part stands before it; nil when this is not an address.
    private static func address(_ region: FoldRegion, at i: Int, atWord: Word) -> Address? {
        let atEnd = i + atWord.bytes.count
        // The local part: ASCII letters, digits, `.`, `_`, `-`, ending at
        // the at-word or one space before it, not glued to more letters.
        var localEnd = i
        while localEnd > 0 && region[localEnd - 1] == 0x20 && i - localEnd < 2 { localEnd -= 1 }
        if localEnd == i && !atWord.glued { return nil }
        var localStart = localEnd
        while localStart > 0 && isLocalByte(region[localStart - 1]) { localStart -= 1 }
        guard localEnd - localStart >= 2, isAlnum(region[localEnd - 1]) else { return nil }
        if !atWord.glued && !spaceOrEnd(region, atEnd) { return nil }

        var result = Address()
        var j = skipSpaces(region, from: atEnd, atMost: 2)
        // The domain: a provider written in the script, or an ASCII label.
        if let provider = providers.first(where: { matches($0, region, at: j) }) {
            result.parts.append((j..<(j + provider.bytes.count), provider.ascii))
            j += provider.bytes.count
        } else {
            let start = j
            while j < region.count && (isAlnum(region[j]) || region[j] == UInt8(ascii: "-")) { j += 1 }
            guard j > start else { return nil }
            // Already dotted (`ivan собака mail.ru`): the rest is plain.
            if j + 1 < region.count, region[j] == UInt8(ascii: "."), let tldEnd = asciiTopLevelEnd(region, from: j + 1) {
                result.parts.append((start..<tldEnd, nil))
                result.end = tldEnd
                return result
            }
            result.parts.append((start..<j, nil))
        }
        // The dot and the top-level domain.
        let dotStart = skipSpaces(region, from: j, atMost: 2)
        if let ending = dotEndings.first(where: { matches($0, region, at: dotStart) }) {
            result.parts.append((dotStart..<(dotStart + ending.bytes.count), ending.ascii))
            result.end = dotStart + ending.bytes.count
            return result
        }
        let dotEnd: Int
        if dotStart < region.count && region[dotStart] == UInt8(ascii: ".") {
            dotEnd = dotStart + 1
        } else if let dot = dotWords.first(where: { matches($0, region, at: dotStart) }),
                  dot.glued || (dotStart > j && spaceOrEnd(region, dotStart + dot.bytes.count)) {
            dotEnd = dotStart + dot.bytes.count
        } else {
            return nil
        }
        result.parts.append((j..<dotEnd, [UInt8(ascii: ".")]))
        let tld = skipSpaces(region, from: dotEnd, atMost: 2)
        if let script = topLevel.first(where: { matches($0, region, at: tld) && (!$0.needsScript || cameFromScript(region, tld..<(tld + $0.bytes.count))) }),
           script.glued || !isAlnum(byteAfter(region, tld + script.bytes.count)) {
            result.parts.append((dotEnd..<(tld + script.bytes.count), script.ascii))
            result.end = tld + script.bytes.count
            return result
        }
        guard let tldEnd = asciiTopLevelEnd(region, from: tld) else { return nil }
        result.parts.append((tld..<tldEnd, nil))
        if tld > dotEnd { result.parts[result.parts.count - 2].range = j..<tld }  // the spaces go with the dot
        result.end = tldEnd
        return result
    }

    /// The end of an ASCII top-level domain from the Public Suffix List
    /// starting at `i` and ending a word, or nil.
    static func asciiTopLevelEnd(_ region: FoldRegion, from i: Int) -> Int? {
        var end = i
        while end < region.count && FoldBytes.isLower(region[end]) && end - i < 24 { end += 1 }
        guard end - i >= 2, !isAlnum(byteAfter(region, end)) else { return nil }
        let label = String(decoding: UnsafeBufferPointer(start: region.bytes + i, count: end - i), as: UTF8.self)
        return PublicSuffixList.shared.isTopLevel(label) ? end : nil
    }

    @inline(__always)
    static func matches(_ word: Word, _ region: FoldRegion, at i: Int) -> Bool {
        guard i + word.bytes.count <= region.count else { return false }
        for k in 0..<word.bytes.count where region[i + k] != word.bytes[k] { return false }
        // A word of letters must not run on into more ASCII letters.
        return word.glued || !FoldBytes.isLower(byteAfter(region, i + word.bytes.count)) || word.bytes.last.map { $0 >= 0x80 } == true
    }

    /// The original text of `range` was longer than its folded bytes: it
    /// was written in another script.
    static func cameFromScript(_ region: FoldRegion, _ range: Range<Int>) -> Bool {
        Int(region.ends[range.upperBound - 1] - region.starts[range.lowerBound]) > range.count
    }

    @inline(__always) private static func isLocalByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    @inline(__always) static func byteAfter(_ region: FoldRegion, _ i: Int) -> UInt8 {
        i < region.count ? region[i] : 0x20
    }

    @inline(__always) private static func spaceOrEnd(_ region: FoldRegion, _ i: Int) -> Bool {
        i >= region.count || region[i] == 0x20
    }

    static func skipSpaces(_ region: FoldRegion, from i: Int, atMost: Int) -> Int {
        var j = i
        while j < region.count && region[j] == 0x20 && j - i < atMost { j += 1 }
        return j
    }
}
