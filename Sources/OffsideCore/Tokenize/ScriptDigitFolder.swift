/// Turns phone numbers read out in the number words of other scripts into
/// digits: `صفر خمسة خمسة، واحد اثنين ثلاثة…` → `055,123…`, `नौ आठ सात छह…`,
/// `শূন্য এক সাত…`, `μηδέν έξι ένα…`, `אפס חמש שתיים…`, `дев'ять п'ять…`
/// (Ukrainian words with an apostrophe, which split a word for
/// `SpelledDigitFolder`), and the glued digits of Chinese and Japanese
/// (`一三八一二三四五六七八`, financial `陆贰贰贰 捌肆叁贰`, `〇九〇の一二三四の五六七八`, `ゼロハチゼロ`,
/// `ななよんいちに`), Korean (`공일공에 일이삼사에 오육칠팔`) and Thai
/// (`ศูนย์แปดหนึ่ง…`), and the glued tens of Armenian (`քսաներեք` is 23)
/// and Georgian (`ხუთას ოთხმოცდათორმეტი` is 592).
///
/// Only runs that read as a phone number are rewritten: at least two number
/// words and seven digits in all (digits already written as digits count),
/// items separated by nothing, spaces, one punctuation mark, or the word a
/// reader says for a dash (Japanese `の`, Korean `에`). "एक दो बातें", "一二
/// 三等奖" and a Persian `نه` ("no") are left alone. Inside a run, spaces go
/// and punctuation stays (a script's comma becomes `,`).
///
/// Runs only on messages with non-ASCII text, after `SpelledDigitFolder`, so
/// a run it began in Cyrillic (`вісім … 012345`) is finished here.
///
/// Threading: stateless (immutable tables); safe from any thread.
enum ScriptDigitFolder {
    static let minimumSpelled = 2
    static let minimumDigits = 7

    /// Number words that stand alone between spaces, as the scalar fold
    /// leaves them (Indic vowel signs and Arabic hamza dropped, Greek and
    /// Cyrillic partly Latin).
    static let spacedWords = ShortWordTable(SpelledDigitFolder.foldedForms([
        // Arabic (with the Egyptian and Levantine forms), Persian, Urdu.
        ("صفر", 0), ("واحد", 1), ("واحدة", 1), ("اثنان", 2), ("اثنين", 2), ("اتنين", 2), ("ثلاثة", 3), ("ثلاث", 3),
        ("تلاتة", 3), ("أربعة", 4), ("أربع", 4), ("خمسة", 5), ("خمس", 5), ("ستة", 6), ("ست", 6), ("سبعة", 7),
        ("سبع", 7), ("ثمانية", 8), ("ثمان", 8), ("تمانية", 8), ("تسعة", 9), ("تسع", 9),
        ("یک", 1), ("يک", 1), ("يك", 1), ("دو", 2), ("سه", 3), ("چهار", 4), ("پنج", 5), ("شش", 6), ("هفت", 7),
        ("هشت", 8), ("نه", 9),
        ("ایک", 1), ("تین", 3), ("چار", 4), ("پانچ", 5), ("چھ", 6), ("چھے", 6), ("سات", 7), ("آٹھ", 8), ("نو", 9),
        // Hindi, Marathi, Bengali.
        ("शून्य", 0), ("एक", 1), ("दो", 2), ("तीन", 3), ("चार", 4), ("पाँच", 5), ("पांच", 5), ("छह", 6), ("छः", 6),
        ("छे", 6), ("सात", 7), ("आठ", 8), ("नौ", 9), ("शून्य", 0), ("दोन", 2), ("पाच", 5), ("सहा", 6), ("नऊ", 9),
        ("শূন্য", 0), ("এক", 1), ("দুই", 2), ("তিন", 3), ("চার", 4), ("পাঁচ", 5), ("ছয়", 6), ("ছয়", 6),
        ("সাত", 7), ("আট", 8), ("নয়", 9), ("নয়", 9),
        // Greek, Hebrew.
        ("μηδέν", 0), ("ένα", 1), ("δύο", 2), ("τρία", 3), ("τέσσερα", 4), ("πέντε", 5), ("έξι", 6), ("επτά", 7),
        ("εφτά", 7), ("οκτώ", 8), ("οχτώ", 8), ("εννέα", 9), ("εννιά", 9),
        ("אפס", 0), ("אחת", 1), ("אחד", 1), ("שתיים", 2), ("שתים", 2), ("שניים", 2), ("שלוש", 3), ("שלש", 3),
        ("ארבע", 4), ("חמש", 5), ("שש", 6), ("שבע", 7), ("שמונה", 8), ("תשע", 9),
        // Tamil.
        ("பூஜ்யம்", 0), ("பூஜ்ஜியம்", 0), ("ஒன்று", 1), ("ஒண்ணு", 1), ("இரண்டு", 2), ("ரெண்டு", 2), ("மூன்று", 3),
        ("மூணு", 3), ("நான்கு", 4), ("நாலு", 4), ("ஐந்து", 5), ("அஞ்சு", 5), ("ஆறு", 6), ("ஏழு", 7), ("எட்டு", 8),
        ("ஒன்பது", 9),
        // Amharic, Armenian and Georgian units (their tens are `compound`s).
        ("ዜሮ", 0), ("አንድ", 1), ("ሁለት", 2), ("ሶስት", 3), ("ሦስት", 3), ("አራት", 4), ("አምስት", 5), ("ስድስት", 6),
        ("ሰባት", 7), ("ስምንት", 8), ("ዘጠኝ", 9),
        ("զրո", 0), ("զերո", 0),
        ("ნული", 0), ("ნოლი", 0),
    ]))

    /// Persian tens and numbers from 11 to 19; a ten takes its unit after
    /// `و` (`بیست و یک` is 21). Not `ده` (10), which is also "this".
    static let tensWords = ShortWordTable(SpelledDigitFolder.foldedForms([
        ("یازده", 11), ("دوازده", 12), ("سیزده", 13), ("چهارده", 14), ("پانزده", 15), ("شانزده", 16),
        ("هفده", 17), ("هجده", 18), ("هیجده", 18), ("نوزده", 19), ("بیست", 20), ("سی", 30), ("چهل", 40),
        ("پنجاه", 50), ("شصت", 60), ("هفتاد", 70), ("هشتاد", 80), ("نود", 90),
    ]))

    /// Persian hundreds, one word each, as their count (`هفتصد` is 7).
    static let hundredWords = ShortWordTable(SpelledDigitFolder.foldedForms([
        ("صد", 1), ("یکصد", 1), ("دویست", 2), ("سیصد", 3), ("چهارصد", 4), ("پانصد", 5), ("ششصد", 6), ("هفتصد", 7),
        ("هشتصد", 8), ("نهصد", 9),
    ]))

    /// The word that joins a hundred, its ten and its unit (Persian `و`).
    static let connectors = ShortWordTable(SpelledDigitFolder.foldedForms([("و", 1)]))

    /// Words said between the parts of a number read out: "then", "and",
    /// "at the end" (`потом` and `далі` are `SpelledDigitFolder`'s).
    static let fillers = ShortWordTable(SpelledDigitFolder.foldedForms([
        ("و", 1), ("ثم", 1), ("بعد", 1), ("بعدها", 1), ("بعدين", 1), ("وبعدها", 1), ("وبعدين", 1), ("وبعد", 1),
        ("بعدش", 1), ("آخرش", 1), ("آخر", 1), ("وآخر", 1), ("پھر", 1), ("اور", 1), ("میں", 1),
        ("फिर", 1), ("और", 1), ("आखिर", 1), ("में", 1), ("अंत", 1), ("তারপর", 1), ("শেষে", 1), ("আর", 1), ("এরপর", 1),
        ("και", 1), ("μετά", 1), ("ואז", 1), ("אחר", 1), ("כך", 1), ("அப்புறம்", 1), ("பிறகு", 1),
    ]))

    /// Number characters written without spaces, longest first (Thai
    /// `ศูนย์` before a shorter word it starts with). Value -1 is a reader's
    /// dash: Japanese `の`, Korean `에`.
    static let gluedWords: [(bytes: [UInt8], value: Int8)] = {
        let list: [(String, Int8)] = [
            ("零", 0), ("一", 1), ("二", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("七", 7), ("八", 8),
            ("九", 9), ("幺", 1), ("洞", 0),
            // Financial numerals, as on cheques and card numbers (`陆贰贰贰 捌肆叁贰`).
            ("壹", 1), ("贰", 2), ("貳", 2), ("叁", 3), ("參", 3), ("叄", 3), ("肆", 4), ("伍", 5), ("陆", 6),
            ("陸", 6), ("柒", 7), ("捌", 8), ("玖", 9),
            ("공", 0), ("영", 0), ("일", 1), ("이", 2), ("삼", 3), ("사", 4), ("오", 5), ("육", 6), ("칠", 7),
            ("팔", 8), ("구", 9),
            ("ศูนย์", 0), ("หนึ่ง", 1), ("สอง", 2), ("โท", 2), ("สาม", 3), ("สี่", 4), ("ห้า", 5), ("หก", 6),
            ("เจ็ด", 7), ("แปด", 8), ("เก้า", 9),
            ("ゼロ", 0), ("レイ", 0), ("マル", 0), ("イチ", 1), ("ワン", 1), ("ニー", 2), ("ニ", 2), ("サン", 3),
            ("ヨン", 4), ("シ", 4), ("ゴー", 5), ("ゴ", 5), ("ロク", 6), ("ナナ", 7), ("シチ", 7), ("ハチ", 8),
            ("キュウ", 9), ("キュー", 9), ("ク", 9),
            ("ぜろ", 0), ("れい", 0), ("まる", 0), ("いち", 1), ("にー", 2), ("さん", 3), ("よん", 4), ("ごー", 5),
            ("ろく", 6), ("なな", 7), ("しち", 7), ("はち", 8), ("きゅう", 9), ("きゅー", 9),
            ("の", dash), ("에", dash),
        ]
        return folded(list)
    }()

    /// One-kana hiragana digits (`に`, `し`, `ご`, `く`) are particles and
    /// syllables everywhere, so they count only right after another number
    /// word: `ななよんいちに` is 7412, `5678にご連絡` is left alone.
    static let gluedAfterWords: [(bytes: [UInt8], value: Int8)] = folded([("に", 2), ("し", 4), ("ご", 5), ("く", 9)])

    private static func folded(_ list: [(String, Int8)]) -> [(bytes: [UInt8], value: Int8)] {
        list.map { (ScalarFoldTable.shared.fold($0.0), $0.1) }.sorted { $0.0.count > $1.0.count }
    }

    /// Parts of a number written as one word: a Georgian hundred (`ხუთას`),
    /// a ten (Armenian `քսան`, `տասն`; Georgian `ოთხმოც`), the Georgian
    /// `და` ("and"), then a unit or a number below twenty. Armenian glues
    /// the unit straight on (`իննսունմեկ` is 91, `տասնութ` 18); Georgian
    /// counts in twenties (`ოთხმოცდათორმეტი` is 80 and 12).
    static let compoundHundreds = folded([
        ("ასი", 1), ("ას", 1), ("ორასი", 2), ("ორას", 2), ("სამასი", 3), ("სამას", 3), ("ოთხასი", 4), ("ოთხას", 4),
        ("ხუთასი", 5), ("ხუთას", 5), ("ექვსასი", 6), ("ექვსას", 6), ("შვიდასი", 7), ("შვიდას", 7),
        ("რვაასი", 8), ("რვაას", 8), ("ცხრაასი", 9), ("ცხრაას", 9),
    ])
    static let compoundTens = folded([
        ("ოც", 20), ("ორმოც", 40), ("სამოც", 60), ("ოთხმოც", 80),
        ("տասն", 10), ("քսան", 20), ("երեսուն", 30), ("քառասուն", 40), ("հիսուն", 50), ("վաթսուն", 60),
        ("յոթանասուն", 70), ("ութսուն", 80), ("իննսուն", 90),
    ])
    static let compoundJoiners = folded([("და", 0)])
    private static let compoundFirstBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for word in compoundHundreds + compoundTens + compoundUnits { table[Int(word.bytes[0])] = true }
        return table
    }()
    static let compoundUnits = folded([
        ("ერთი", 1), ("ორი", 2), ("სამი", 3), ("ოთხი", 4), ("ხუთი", 5), ("ექვსი", 6), ("შვიდი", 7), ("რვა", 8),
        ("ცხრა", 9), ("ათი", 10), ("თერთმეტი", 11), ("თორმეტი", 12), ("ცამეტი", 13), ("თოთხმეტი", 14),
        ("თხუთმეტი", 15), ("თექვსმეტი", 16), ("ჩვიდმეტი", 17), ("თვრამეტი", 18), ("ცხრამეტი", 19), ("ოცი", 20),
        ("ორმოცი", 40), ("სამოცი", 60), ("ოთხმოცი", 80),
        ("մեկ", 1), ("երկու", 2), ("երեք", 3), ("չորս", 4), ("հինգ", 5), ("վեց", 6), ("յոթ", 7), ("յոթը", 7),
        ("ութ", 8), ("ութը", 8), ("ինը", 9), ("ինն", 9), ("տաս", 10), ("տասը", 10),
    ])
    static let dash: Int8 = -1

    /// The lead bytes the glued words start with: most bytes stop here.
    private static let gluedFirstBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for word in gluedWords + gluedAfterWords { table[Int(word.bytes[0])] = true }
        return table
    }()

    /// True if a run of the kind `apply` rewrites is in the region.
    static func mayApply(_ region: FoldRegion) -> Bool {
        let reader = Reader()
        var i = 0
        while i < region.count {
            guard let first = reader.item(region, at: i) else { i = reader.skip(region, from: i); continue }
            let run = reader.measureRun(region, from: i, first: first)
            if run.qualifies { return true }
            i = max(first.end, i + 1)
        }
        return false
    }

    static func apply(_ region: FoldRegion, into out: inout FoldWriter) {
        let reader = Reader()
        var i = 0
        var copied = 0  // bytes before this are already written
        while i < region.count {
            guard let first = reader.item(region, at: i) else { i = reader.skip(region, from: i); continue }
            let run = reader.measureRun(region, from: i, first: first)
            if run.qualifies {
                out.copy(copied..<i)
                reader.rewrite(region, run: i..<run.end, into: &out)
                copied = run.end
                i = run.end
            } else {
                i = max(first.end, i + 1)
            }
        }
        out.copy(copied..<region.count)
    }

    /// The tables, read once per message (each is a lazy global).
    private struct Reader {
        let spacedWords = ScriptDigitFolder.spacedWords
        let gluedWords = ScriptDigitFolder.gluedWords
        let gluedAfterWords = ScriptDigitFolder.gluedAfterWords
        let gluedFirst = ScriptDigitFolder.gluedFirstBytes
        let tensWords = ScriptDigitFolder.tensWords
        let hundredWords = ScriptDigitFolder.hundredWords
        let connectors = ScriptDigitFolder.connectors
        let fillers = ScriptDigitFolder.fillers

        enum Kind { case digits, spelled, dash }

        struct Item {
            var kind: Kind
            /// A spelled number's value (0...999), written with `width` digits.
            var number = 0
            var width = 1
            var start: Int
            var end: Int
        }

        struct Run {
            var end: Int
            /// Digits written as words (`سیصد و چهل و پنج` gives three).
            var spelled = 0
            var digits = 0
            /// Groups joined by filler words: `6944 και μετά 218 και μετά 307`
            /// is a number read out even with no word for a digit.
            var fillerJoins = 0
            var qualifies: Bool {
                (spelled >= minimumSpelled && digits >= minimumDigits)
                    || (fillerJoins >= 2 && digits >= 8 && digits <= 13)
            }
        }

        /// Where to look next after `i`, where no item starts: past a run of
        /// ASCII letters (no item starts inside one), or the next byte.
        @inline(__always)
        func skip(_ region: FoldRegion, from i: Int) -> Int {
            var j = i + 1
            if isLetter(region[i]) { while j < region.count && isLetter(region[j]) { j += 1 } }
            return j
        }

        /// The item starting at `i`, or nil; `afterWord` when the item
        /// before it in a run is a number word.
        @inline(__always)
        func item(_ region: FoldRegion, at i: Int, afterWord: Bool = false) -> Item? {
            let c = region[i]
            if isDigit(c) {
                guard i == 0 || !isLetter(region[i - 1]) else { return nil }
                var j = i + 1
                while j < region.count && isDigit(region[j]) { j += 1 }
                return Item(kind: .digits, width: j - i, start: i, end: j)
            }
            if c >= 0xC0 && gluedFirst[Int(c)] {
                for word in gluedWords where matches(word.bytes, region, at: i) {
                    let end = i + word.bytes.count
                    return word.value == dash ? Item(kind: .dash, start: i, end: end)
                        : Item(kind: .spelled, number: Int(word.value), start: i, end: end)
                }
                if afterWord, let word = gluedAfterWords.first(where: { matches($0.bytes, region, at: i) }) {
                    return Item(kind: .spelled, number: Int(word.value), start: i, end: i + word.bytes.count)
                }
            }
            // `〇` folds to `o`: a zero when it stands beside CJK characters.
            if c == UInt8(ascii: "o") {
                let before: UInt8 = i > 0 ? region[i - 1] : 0x20
                let after: UInt8 = i + 1 < region.count ? region[i + 1] : 0x20
                if !isAlnum(before) && !isAlnum(after) && (before >= 0xE0 || after >= 0xE0) {
                    return Item(kind: .spelled, number: 0, start: i, end: i + 1)
                }
            }
            guard isLetter(c) || c >= 0xC0, i == 0 || isBoundary(region, before: i) else { return nil }
            let end = wordEnd(region, from: i)
            // Every word of the tables has a byte of another script.
            if c < 0x80 && !(i..<end).contains(where: { region[$0] >= 0x80 }) { return nil }
            let unit = spacedWords.value(region.bytes + i, count: end - i)
            if unit >= 0 { return Item(kind: .spelled, number: Int(unit), start: i, end: end) }
            let hundreds = hundredWords.value(region.bytes + i, count: end - i)
            if hundreds > 0 {
                var item = Item(kind: .spelled, number: Int(hundreds) * 100, width: 3, start: i, end: end)
                if let rest = joined(region, after: end), let below = belowHundred(region, at: rest) {
                    item.number += below.number
                    item.end = below.end
                }
                return item
            }
            return tens(region, at: i, end: end) ?? compound(region, at: i, end: end)
        }

        /// A number written as one word of parts (`compoundTens`), or a
        /// Georgian hundred with the number below it in the next word.
        func compound(_ region: FoldRegion, at i: Int, end: Int) -> Item? {
            guard i < end, ScriptDigitFolder.compoundFirstBytes[Int(region[i])] else { return nil }
            var j = i, number = 0, parts = 0
            if let hundred = ScriptDigitFolder.compoundHundreds.first(where: { matches($0.bytes, region, at: j, within: end) }) {
                number += Int(hundred.value) * 100
                j += hundred.bytes.count
                parts += 1
                if j == end {
                    var item = Item(kind: .spelled, number: number, width: 3, start: i, end: end)
                    if end + 1 < region.count, region[end] == 0x20, let below = compound(region, at: end + 1, end: wordEnd(region, from: end + 1)),
                       below.number < 100 {
                        item.number += below.number
                        item.end = below.end
                    }
                    return item
                }
            }
            if let ten = ScriptDigitFolder.compoundTens.first(where: { matches($0.bytes, region, at: j, within: end) }) {
                number += Int(ten.value)
                j += ten.bytes.count
                parts += 1
                if let joiner = ScriptDigitFolder.compoundJoiners.first(where: { matches($0.bytes, region, at: j, within: end) }) {
                    j += joiner.bytes.count
                }
            }
            guard let last = ScriptDigitFolder.compoundUnits.first(where: { $0.bytes.count == end - j && matches($0.bytes, region, at: j) }) else {
                return nil
            }
            number += Int(last.value)
            guard parts > 0 || number >= 10 else { return nil }  // a lone unit is `spacedWords`'
            return Item(kind: .spelled, number: number, width: number >= 100 ? 3 : 2, start: i, end: end)
        }

        /// A unit, a number from 11 to 19, or a ten with the unit joined to
        /// it (`بیست و یک`), starting at `i`.
        func belowHundred(_ region: FoldRegion, at i: Int) -> Item? {
            let end = wordEnd(region, from: i)
            let unit = spacedWords.value(region.bytes + i, count: end - i)
            if unit >= 1 { return Item(kind: .spelled, number: Int(unit), start: i, end: end) }
            return tens(region, at: i, end: end)
        }

        /// A number from 11 to 19, or a ten with the unit joined to it, in
        /// the word `i..<end`.
        func tens(_ region: FoldRegion, at i: Int, end: Int) -> Item? {
            let ten = tensWords.value(region.bytes + i, count: end - i)
            guard ten >= 10 else { return nil }
            var item = Item(kind: .spelled, number: Int(ten), width: 2, start: i, end: end)
            if ten % 10 == 0 && ten >= 20, let next = joined(region, after: end) {
                let nextEnd = wordEnd(region, from: next)
                let unit = spacedWords.value(region.bytes + next, count: nextEnd - next)
                if unit >= 1 {
                    item.number += Int(unit)
                    item.end = nextEnd
                }
            }
            return item
        }

        /// The start of the word after ` و ` at `end`, or nil.
        @inline(__always)
        func joined(_ region: FoldRegion, after end: Int) -> Int? {
            guard end + 1 < region.count, region[end] == 0x20 else { return nil }
            let word = end + 1
            let wordEnd = wordEnd(region, from: word)
            guard connectors.value(region.bytes + word, count: wordEnd - word) > 0,
                  wordEnd + 1 < region.count, region[wordEnd] == 0x20 else { return nil }
            return wordEnd + 1
        }

        func measureRun(_ region: FoldRegion, from start: Int, first: Item) -> Run {
            var run = Run(end: start)
            var current = first
            var pendingDash = false
            while true {
                switch current.kind {
                case .dash:
                    guard !pendingDash, run.end > start else { return run }
                    pendingDash = true
                case .digits, .spelled:
                    run.digits += current.width
                    if current.kind == .spelled { run.spelled += current.width }
                    run.end = current.end
                    pendingDash = false
                }
                guard let (next, fillers) = separatorEnd(region, from: current.end),
                      let item = item(region, at: next, afterWord: current.kind == .spelled) else { break }
                if fillers > 0 { run.fillerJoins += 1 }
                current = item
            }
            return run
        }

        /// Where the next item may start after position `i`: right there, or
        /// after spaces with at most one punctuation mark, and up to three
        /// filler words ("then", "and at the end"), with how many there were.
        @inline(__always)
        func separatorEnd(_ region: FoldRegion, from i: Int) -> (Int, fillers: Int)? {
            guard var j = punctuationEnd(region, from: i) else { return nil }
            var fillerWords = 0
            while fillerWords < 3, j > i, isBoundary(region, before: j) {
                let end = wordEnd(region, from: j)
                guard fillers.value(region.bytes + j, count: end - j) > 0, let next = punctuationEnd(region, from: end),
                      next > end else { break }
                fillerWords += 1
                j = next
            }
            return (j, fillerWords)
        }

        /// The position after spaces and at most one punctuation mark from `i`.
        @inline(__always)
        func punctuationEnd(_ region: FoldRegion, from i: Int) -> Int? {
            var j = i
            var marks = 0
            while j < region.count && j - i < 8 {
                let c = region[j]
                if c == 0x20 { j += 1; continue }
                if c == UInt8(ascii: ".") || c == UInt8(ascii: ",") || c == UInt8(ascii: "-") || c == UInt8(ascii: "/") {
                    marks += 1
                    j += 1
                    continue
                }
                let comma = scriptCommaLength(region, at: j)
                if comma > 0 { marks += 1; j += comma; continue }
                break
            }
            guard marks <= 1, j < region.count else { return nil }
            return j
        }

        func rewrite(_ region: FoldRegion, run: Range<Int>, into out: inout FoldWriter) {
            var i = run.lowerBound
            var afterWord = false
            while i < run.upperBound {
                let c = region[i]
                if c == 0x20 { i += 1; continue }  // spaces go
                let comma = scriptCommaLength(region, at: i)
                if comma > 0 {
                    out.emit(UInt8(ascii: ","), for: i..<(i + comma))
                    i += comma
                    continue
                }
                guard let item = item(region, at: i, afterWord: afterWord) else {
                    if i > 0 && isBoundary(region, before: i) && FoldBytes.isWord(c) {
                        i = wordEnd(region, from: i)  // a filler word goes, as spaces do
                    } else {
                        out.copy(i)  // ASCII punctuation stays
                        i += 1
                    }
                    continue
                }
                switch item.kind {
                case .digits: out.copy(i..<item.end)
                case .dash: out.emit(UInt8(ascii: "-"), for: i..<item.end)
                case .spelled:
                    var divisor = 1
                    for _ in 1..<item.width { divisor *= 10 }
                    while divisor > 0 {
                        out.emit(UInt8(ascii: "0") + UInt8(item.number / divisor % 10), for: i..<item.end)
                        divisor /= 10
                    }
                }
                afterWord = item.kind == .spelled
                i = item.end
            }
        }

        /// The end of a word of another script from `i`: it stops at ASCII
        /// punctuation and spaces and at a script's comma or full stop, and
        /// runs over an apostrophe between letters (`дев'ять`).
        @inline(__always)
        func wordEnd(_ region: FoldRegion, from i: Int) -> Int {
            var j = i
            while j < region.count {
                let c = region[j]
                if c == UInt8(ascii: "'") && j > i && j + 1 < region.count && FoldBytes.isWord(region[j + 1]) { j += 1; continue }
                guard FoldBytes.isWord(c), scriptCommaLength(region, at: j) == 0 else { break }
                j += 1
            }
            return j
        }

        @inline(__always)
        private func isBoundary(_ region: FoldRegion, before i: Int) -> Bool {
            let c = region[i - 1]
            if !FoldBytes.isWord(c) { return true }
            // The last byte of a script comma: `خمسة،ستة`.
            return i >= 2 && scriptCommaLength(region, at: i - 2) == 2 || i >= 3 && scriptCommaLength(region, at: i - 3) == 3
        }

        @inline(__always)
        private func matches(_ word: [UInt8], _ region: FoldRegion, at i: Int, within end: Int? = nil) -> Bool {
            guard i + word.count <= (end ?? region.count) else { return false }
            for k in 0..<word.count where region[i + k] != word[k] { return false }
            return true
        }
    }

    /// The length of a comma or full stop of another script at `i` (Arabic
    /// `،` and `؛`, Armenian `՝` and `։`, Devanagari `।`, Ethiopic `፣` and
    /// `።`, CJK `、` and `。`, Japanese `・`), or 0.
    @inline(__always)
    static func scriptCommaLength(_ region: FoldRegion, at i: Int) -> Int {
        let c = region[i]
        if c == 0xD8, i + 1 < region.count, region[i + 1] == 0x8C || region[i + 1] == 0x9B { return 2 }
        if c == 0xD5, i + 1 < region.count, region[i + 1] == 0x9D { return 2 }
        if c == 0xD6, i + 1 < region.count, region[i + 1] == 0x89 { return 2 }
        guard c == 0xE0 || c == 0xE3 || c == 0xE1, i + 2 < region.count else { return 0 }
        let b1 = region[i + 1], b2 = region[i + 2]
        if c == 0xE0 { return b1 == 0xA5 && b2 == 0xA4 ? 3 : 0 }
        if c == 0xE1 { return b1 == 0x8D && (b2 == 0xA2 || b2 == 0xA3) ? 3 : 0 }
        if b1 == 0x80 && (b2 == 0x81 || b2 == 0x82) { return 3 }
        return b1 == 0x83 && b2 == 0xBB ? 3 : 0
    }
}
