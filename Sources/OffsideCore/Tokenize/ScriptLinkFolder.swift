/// Folds a link spelled with the dot- and slash-words of other scripts into
/// its plain form: `инстаграм точка ком слэш marina` → `instagram.com/marina`,
/// `اینستاگرام دات کام اسلش nazanin.cakes`, `เฟซบุ๊ก ดอท คอม ทับ nong.photo`,
/// `인스타 닷컴 슬래시 seoul.bakery`, `lin 点 design 斜杠 contact` →
/// `lin.design/contact`.
///
/// Only a whole link folds: a site's name (written in the script, or an
/// ASCII label) right before the dot-word, and a top-level domain after it
/// (one of the Public Suffix List, or `com` written in the script); a
/// slash-word and an ASCII path may follow. "точка зрения", "نقطة مهمة" and
/// "要点" stay as they are. It shares `ScriptAddressFolder`'s dot-words and
/// top-level domains, runs after it (an address is not a link), and only on
/// messages with non-ASCII text.
///
/// Threading: stateless (immutable tables); safe from any thread.
enum ScriptLinkFolder {
    typealias Word = ScriptAddressFolder.Word

    /// The dot-words written in another script (`dot`, `punto` and the other
    /// Latin ones are `AtDotWordFolder`'s).
    static let dotWords = ScriptAddressFolder.dotWords.filter { $0.bytes.contains { $0 >= 0x80 } }

    /// Sites named in the script, with their domain label.
    static let sites = ScriptAddressFolder.words([
        ("инстаграм", "instagram"), ("инста", "instagram"), ("фейсбук", "facebook"), ("ютуб", "youtube"),
        ("линктри", "linktr"), ("اینستاگرام", "instagram"), ("اینستا", "instagram"), ("انستقرام", "instagram"),
        ("انستغرام", "instagram"), ("انستجرام", "instagram"), ("فيسبوك", "facebook"), ("فیسبوک", "facebook"),
        ("يوتيوب", "youtube"), ("یوتیوب", "youtube"), ("इंस्टाग्राम", "instagram"), ("फेसबुक", "facebook"),
        ("यूट्यूब", "youtube"), ("ইনস্টাগ্রাম", "instagram"), ("ফেসবুক", "facebook"), ("ইউটিউব", "youtube"),
        ("อินสตาแกรม", "instagram"), ("อินสตา", "instagram"), ("ไอจี", "instagram"), ("เฟซบุ๊ก", "facebook"),
        ("เฟสบุ๊ค", "facebook"), ("เฟสบุ๊ก", "facebook"), ("ยูทูบ", "youtube"), ("인스타그램", "instagram"),
        ("인스타", "instagram"), ("페이스북", "facebook"), ("유튜브", "youtube"), ("インスタグラム", "instagram"),
        ("インスタ", "instagram"), ("フェイスブック", "facebook"), ("ユーチューブ", "youtube"),
        ("אינסטגרם", "instagram"), ("פייסבוק", "facebook"), ("יוטיוב", "youtube"), ("ινσταγκραμ", "instagram"),
        ("φεισμπουκ", "facebook"),
    ], glued: ["インスタグラム", "インスタ", "フェイスブック", "ユーチューブ"])

    static let slashWords = ScriptAddressFolder.words([
        ("слэш", "/"), ("слеш", "/"), ("сліш", "/"), ("اسلش", "/"), ("سلاش", "/"), ("ทับ", "/"), ("斜杠", "/"),
        ("斜线", "/"), ("슬래시", "/"), ("슬러시", "/"), ("スラッシュ", "/"), ("स्लैश", "/"), ("স্ল্যাশ", "/"),
        ("לוכסן", "/"), ("κάθετος", "/"), ("κάθετο", "/"),
    ], glued: ["斜杠", "斜线", "スラッシュ"])

    /// The dot-words and the Korean dot-endings (`닷컴`), for `mayApply`.
    private static let anyDot = dotWords + ScriptAddressFolder.dotEndings

    /// The first two bytes of `anyDot`: most positions are turned away here.
    private static let dotStarts = WordPairFilter(anyDot.map(\.bytes))

    /// True if a dot-word of another script occurs in the region (a cheap
    /// superset of the texts `apply` changes).
    static func mayApply(_ region: FoldRegion) -> Bool {
        let starts = dotStarts, dots = anyDot
        for i in 0..<region.count where starts.mayStart(region, at: i) {
            if dots.contains(where: { ScriptAddressFolder.matches($0, region, at: i) }) { return true }
        }
        return false
    }

    static func apply(_ region: FoldRegion, into out: inout FoldWriter) {
        var i = 0
        while i < region.count {
            let wordStart = i == 0 || !FoldBytes.isWord(region[i - 1]) || region[i] >= 0xC0
            if wordStart, let link = link(region, at: i) {
                out.write(link.parts)
                i = link.end
                continue
            }
            out.copy(i)
            i += 1
        }
    }

    private struct Link {
        var parts: [(range: Range<Int>, ascii: [UInt8]?)] = []
        var end = 0
    }

    /// The link whose site name starts at `i`, or nil.
    private static func link(_ region: FoldRegion, at i: Int) -> Link? {
        var result = Link()
        var j: Int
        if let site = sites.first(where: { ScriptAddressFolder.matches($0, region, at: i) }) {
            guard i == 0 || !FoldBytes.isWord(region[i - 1]) || site.glued else { return nil }
            j = i + site.bytes.count
            result.parts.append((i..<j, site.ascii))
        } else {
            guard i == 0 || !FoldBytes.isWord(region[i - 1]) else { return nil }
            j = i
            while j < region.count && (isAlnum(region[j]) || region[j] == UInt8(ascii: "-") || region[j] == UInt8(ascii: "_")) { j += 1 }
            guard j - i >= 2, isAlnum(region[j - 1]) else { return nil }
            result.parts.append((i..<j, nil))
        }
        // The dot-word and the top-level domain (or both in one, `닷컴`).
        let dot = ScriptAddressFolder.skipSpaces(region, from: j, atMost: 2)
        var tldEnd: Int
        if let ending = ScriptAddressFolder.dotEndings.first(where: { ScriptAddressFolder.matches($0, region, at: dot) }) {
            tldEnd = dot + ending.bytes.count
            result.parts.append((j..<tldEnd, ending.ascii))
        } else {
            guard let word = dotWords.first(where: { ScriptAddressFolder.matches($0, region, at: dot) }),
                  word.glued || dot > j else { return nil }
            let dotEnd = dot + word.bytes.count
            let tld = ScriptAddressFolder.skipSpaces(region, from: dotEnd, atMost: 2)
            guard word.glued || tld > dotEnd else { return nil }
            result.parts.append((j..<tld, [UInt8(ascii: ".")]))
            if let script = ScriptAddressFolder.topLevel.first(where: {
                ScriptAddressFolder.matches($0, region, at: tld)
                    && (!$0.needsScript || ScriptAddressFolder.cameFromScript(region, tld..<(tld + $0.bytes.count)))
            }), script.glued || !isAlnum(ScriptAddressFolder.byteAfter(region, tld + script.bytes.count)) {
                tldEnd = tld + script.bytes.count
                result.parts.append((tld..<tldEnd, script.ascii))
            } else {
                guard let end = ScriptAddressFolder.asciiTopLevelEnd(region, from: tld) else { return nil }
                tldEnd = end
                result.parts.append((tld..<tldEnd, nil))
            }
        }
        result.end = tldEnd
        // A slash-word (or `/`) and an ASCII path.
        let slash = ScriptAddressFolder.skipSpaces(region, from: tldEnd, atMost: 2)
        var slashEnd = slash
        if slash < region.count && region[slash] == UInt8(ascii: "/") {
            slashEnd = slash + 1
        } else if let word = slashWords.first(where: { ScriptAddressFolder.matches($0, region, at: slash) }) {
            slashEnd = slash + word.bytes.count
        } else {
            return result
        }
        let path = ScriptAddressFolder.skipSpaces(region, from: slashEnd, atMost: 2)
        var pathEnd = path
        while pathEnd < region.count && isPathByte(region[pathEnd]) { pathEnd += 1 }
        while pathEnd > path && !isAlnum(region[pathEnd - 1]) { pathEnd -= 1 }  // not a closing `.` or `_`
        guard pathEnd > path else { return result }
        result.parts.append((tldEnd..<path, [UInt8(ascii: "/")]))
        result.parts.append((path..<pathEnd, nil))
        result.end = pathEnd
        return result
    }

    @inline(__always) private static func isPathByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }
}
