/// Pay far out of line with the size of the task stated beside it: "$40 per
/// task, takes 5 min", "$1,200/day to test an app for 20 minutes", "paying
/// $900 to proofread a 2-page flyer". The match is a sum of money; the
/// validator reads the sum (and a pay period written right after it), looks
/// in the same sentence for the task's size (minutes, hours, pages, words,
/// in English and the main European languages),
/// and keeps the match only when the pay per hour, page or word that follows
/// is beyond what honest small jobs pay. A sum with no size beside it is
/// never kept: a price alone says nothing.
///
/// Threading: stateless; safe from any thread.
enum PayRateValidator {
    /// Pay per hour of stated work at or above which a sum is out of line;
    /// well above senior freelance rates, so a rushed bug fix ("$200 to fix
    /// it in 30 minutes") stays, and "$40 for a 5-minute task" does not.
    static let perHour = 400.0
    static let perPage = 300.0
    static let perWord = 5.0
    /// How far either side of the sum the task's size is looked for.
    static let reach = 120

    enum Size: Equatable {
        case hours(Double), pages(Double), words(Double)
    }

    static func accepts(text: UnsafeRawBufferPointer, range: Range<Int>) -> Bool {
        guard let matched = amount(in: UnsafeRawBufferPointer(rebasing: text[range])), matched > 0 else { return false }
        let amount = matched + spacedThousands(text, before: range)
        let sentence = sentenceBounds(around: range, in: text)
        // Pay already given per hour is not set against a task's size.
        if payPeriod(text, after: range.upperBound) == .hour { return false }
        guard let size = taskSize(text, around: range, within: sentence) else { return false }
        switch size {
        case .hours(let hours): return hours > 0 && amount / hours >= perHour
        case .pages(let pages): return pages > 0 && amount / pages >= perPage
        case .words(let words): return words > 0 && amount / words >= perWord
        }
    }

    /// The thousands a match leaves out when they are grouped by spaces
    /// (`2 500 €`, `1 200 000 ₽`): the match starts at the last group, so the
    /// groups before it are read back, three digits each but the first.
    static func spacedThousands(_ text: UnsafeRawBufferPointer, before range: Range<Int>) -> Double {
        var groupEnd = range.lowerBound
        var digits = 0
        while groupEnd + digits < range.upperBound && isDigit(text[groupEnd + digits]) { digits += 1 }
        guard digits == 3 else { return 0 }
        var value = 0.0, scale = 1000.0
        while groupEnd >= 2 && text[groupEnd - 1] == 0x20 && isDigit(text[groupEnd - 2]) {
            var start = groupEnd - 1
            while start > 0 && isDigit(text[start - 1]) && groupEnd - 1 - start < 3 { start -= 1 }
            let width = groupEnd - 1 - start
            // A longer run, or one glued to a letter or a separator, is another number.
            if start > 0 && (isAlnum(text[start - 1]) || text[start - 1] == UInt8(ascii: ",") || text[start - 1] == UInt8(ascii: ".")) {
                return value
            }
            var group = 0.0
            for k in start..<(groupEnd - 1) { group = group * 10 + Double(text[k] - 0x30) }
            value += group * scale
            guard width == 3 else { break }
            scale *= 1000
            groupEnd = start
        }
        return value
    }

    /// The sum in a match such as `$1,200`, `€ 2.500`, `1.5k usd`, `$89.99`,
    /// `₹1,50,000`: a separator followed by exactly three digits groups
    /// thousands, and so does one followed by two digits and the same
    /// separator again (Indian lakhs); any other is the decimal point.
    static func amount(in span: UnsafeRawBufferPointer) -> Double? {
        var i = 0
        while i < span.count && !isDigit(span[i]) { i += 1 }
        guard i < span.count else { return nil }
        var whole = 0.0, fraction = 0.0, scale = 1.0, inFraction = false
        while i < span.count {
            let c = span[i]
            if isDigit(c) {
                if inFraction { scale /= 10; fraction += Double(c - 0x30) * scale } else { whole = whole * 10 + Double(c - 0x30) }
            } else if (c == UInt8(ascii: ",") || c == UInt8(ascii: ".")) && !inFraction {
                var digits = 0
                while i + 1 + digits < span.count && isDigit(span[i + 1 + digits]) { digits += 1 }
                if digits == 0 { break }
                let lakhs = digits == 2 && i + 4 < span.count && span[i + 3] == c && isDigit(span[i + 4])
                if digits != 3 && !lakhs { inFraction = true }
            } else {
                break
            }
            i += 1
        }
        var value = whole + fraction
        if i < span.count && span[i] == UInt8(ascii: "k") { value *= 1000 }
        return value
    }

    enum Period { case hour, other }

    /// `/hour`, `per hr`, `an hour`, `/h` right after the sum (a currency
    /// word may come between): pay already given per hour.
    static func payPeriod(_ text: UnsafeRawBufferPointer, after end: Int) -> Period? {
        var i = end
        for currency in ["usd", "eur", "dollars", "euros", "bucks"] where starts(text, at: skipSpaces(text, i), with: currency) {
            i = skipSpaces(text, i) + currency.utf8.count
            break
        }
        i = skipSpaces(text, i)
        for lead in perLeads where starts(text, at: i, with: lead) {
            i = skipSpaces(text, i + lead.utf8.count)
            for unit in hourWords where starts(text, at: i, with: unit) && wordEnds(text, at: i + unit.utf8.count) {
                return .hour
            }
            return .other
        }
        return nil
    }

    /// "/h", "per hour", "de l'heure", "pro Stunde", "all'ora", "por hora".
    private static let perLeads = ["/", "per ", "an ", "a ", "each ", "every ", "par ", "pro ", "por ", "de l'", "de l\u{2019}", "all'", "all\u{2019}", "la ", "de ", "in het ", "het "]
    private static let hourWords = ["hour", "hr", "h", "heure", "stunde", "std", "hora", "ora", "uur", "saat"]

    /// The nearest size of work within the sentence: `5 min`, `20 minutes`,
    /// `10-minute`, `an hour`, `2 hours`, `2-page`, `3 pages`, `500 words`.
    static func taskSize(_ text: UnsafeRawBufferPointer, around range: Range<Int>, within sentence: Range<Int>) -> Size? {
        let from = max(sentence.lowerBound, range.lowerBound - reach), to = min(sentence.upperBound, range.upperBound + reach)
        var best: (distance: Int, size: Size)?
        var i = from
        while i < to {
            // A size starts a word: a number, or `a`/`an`/`one`/`half an`.
            guard i == from || !isAlnum(text[i - 1]), i < range.lowerBound || i >= range.upperBound,
                  mayStartNumber(text[i]) else { i += 1; continue }
            if let (count, next) = number(text, at: i, limit: to), !isDeadline(text, before: i, from: from),
               !endsRange(text, before: i, from: from) {
                var j = next
                if j < to && (text[j] == 0x20 || text[j] == UInt8(ascii: "-") || text[j] == UInt8(ascii: "'")) {
                    j += 1
                } else if starts(text, at: j, with: "\u{2019}") {
                    j += 3  // "un’ora", "mezz’ora"
                }
                if let size = unit(text, at: j, limit: to, count: count) {
                    let distance = i < range.lowerBound ? range.lowerBound - i : i - range.upperBound
                    if best == nil || distance < best!.distance { best = (distance, size) }
                }
                i = next
                continue
            }
            i += 1
        }
        return best?.size
    }

    /// "within 2 hours", "in 30 minutes", "every 10 minutes": when the work
    /// is due or how often, not how long it takes.
    private static let deadlineWords = ["within ", "in ", "next ", "after ", "every ", "before ", "by ", "last ", "over ",
                                        "en ", "dans ", "sous ", "entro ", "tra ", "binnen ", "innerhalb ", "em ", "ogni ", "cada ", "alle ",
                                        "dentro de ", "daqui a ", "fra ", "d'ici ", "hace ", "il y a ", "vor ", "nach "]

    private static func isDeadline(_ text: UnsafeRawBufferPointer, before i: Int, from: Int) -> Bool {
        deadlineWords.contains { word in
            let start = i - word.utf8.count
            return start >= from && starts(text, at: start, with: word) && (start == 0 || !isAlnum(text[start - 1]))
        }
    }

    /// "100-300 words", "100 to 200 words", "300–800 words": a range gives
    /// the size of each piece of a batch, not of the task.
    private static func endsRange(_ text: UnsafeRawBufferPointer, before i: Int, from: Int) -> Bool {
        for joint in ["-", " - ", " to ", "\u{2013}", " \u{2013} "] {
            let start = i - joint.utf8.count
            if start - 1 >= from && starts(text, at: start, with: joint) && isDigit(text[start - 1]) { return true }
        }
        return false
    }

    /// A digit or the first letter of a number word: most words are
    /// turned away by their first byte.
    @inline(__always)
    private static func mayStartNumber(_ c: UInt8) -> Bool {
        isDigit(c) || numberWordFirstBytes.contains(c)
    }

    private static let numberWordFirstBytes = Set(numberWords.map { $0.0.utf8.first! })

    /// Number words as the normaliser folds them (`três` → `tres`, `fünf` →
    /// `funf`, `dreißig` → `dreissig`); a longer word comes before its prefix.
    private static let numberWords: [(String, Double)] = [
        ("half an", 0.5), ("half a", 0.5), ("an", 1), ("a", 1), ("one", 1), ("two", 2), ("three", 3), ("four", 4),
        ("five", 5), ("ten", 10), ("fifteen", 15), ("twenty", 20), ("thirty", 30),
        // Spanish, Portuguese, Italian, French: "una página", "meia hora", "mezz'ora", "une demi-heure".
        ("una", 1), ("uno", 1), ("un", 1), ("uma", 1), ("um", 1), ("une", 1),
        ("media", 0.5), ("meia", 0.5), ("mezza", 0.5), ("mezz", 0.5), ("demi", 0.5),
        ("dos", 2), ("dois", 2), ("duas", 2), ("due", 2), ("deux", 2),
        ("tres", 3), ("tre", 3), ("trois", 3), ("cuatro", 4), ("quatro", 4), ("quattro", 4), ("quatre", 4),
        ("cinco", 5), ("cinque", 5), ("cinq", 5), ("diez", 10), ("dez", 10), ("dieci", 10), ("dix", 10),
        ("quince", 15), ("quinze", 15), ("quindici", 15), ("veinte", 20), ("vinte", 20), ("venti", 20), ("vingt", 20),
        ("treinta", 30), ("trinta", 30), ("trenta", 30), ("trente", 30),
        // German and Dutch: "eine halbe Stunde", "zehn Minuten", "een half uur".
        ("einer", 1), ("eine", 1), ("ein", 1), ("een", 1), ("halbe", 0.5), ("half", 0.5),
        ("zwei", 2), ("twee", 2), ("drei", 3), ("drie", 3), ("vier", 4), ("funfzehn", 15), ("funf", 5), ("vijf", 5),
        ("zehn", 10), ("tien", 10), ("zwanzig", 20), ("twintig", 20), ("dreissig", 30), ("dertig", 30),
    ]

    private static func number(_ text: UnsafeRawBufferPointer, at i: Int, limit: Int) -> (Double, Int)? {
        if isDigit(text[i]) {
            // Not a part of a sum or of a longer number: `$5`, `1,000`.
            if i > 0 && (text[i - 1] == UInt8(ascii: "$") || text[i - 1] >= 0x80) { return nil }
            if i > 1 && (text[i - 1] == UInt8(ascii: ".") || text[i - 1] == UInt8(ascii: ",")) && isDigit(text[i - 2]) { return nil }
            var value = 0.0, j = i
            while j < limit && j - i < 9 {
                if isDigit(text[j]) {
                    value = value * 10 + Double(text[j] - 0x30)
                } else if text[j] == UInt8(ascii: ",") && j + 3 < limit && isDigit(text[j + 1]) && isDigit(text[j + 2])
                            && isDigit(text[j + 3]) && (j + 4 == limit || !isDigit(text[j + 4])) {
                    // `2,000 words`: a thousands comma.
                } else {
                    break
                }
                j += 1
            }
            // A decimal or a date (`5.5`, `12.03`) is not a task's size.
            if j < limit && (text[j] == UInt8(ascii: ".") || text[j] == UInt8(ascii: ",")) && j + 1 < limit && isDigit(text[j + 1]) { return nil }
            return (value, j)
        }
        for (word, value) in numberWords where starts(text, at: i, with: word) && wordEnds(text, at: i + word.utf8.count) {
            return (value, i + word.utf8.count)
        }
        return nil
    }

    private enum Measure { case hours, pages, words }

    /// Each unit with what it measures and its size in that measure.
    private static let units: [(name: String, measure: Measure, scale: Double)] = [
        ("minutes", .hours, 1.0 / 60), ("minute", .hours, 1.0 / 60), ("mins", .hours, 1.0 / 60), ("min", .hours, 1.0 / 60),
        ("seconds", .hours, 1.0 / 3600), ("hours", .hours, 1), ("hour", .hours, 1), ("hrs", .hours, 1), ("hr", .hours, 1),
        ("pages", .pages, 1), ("page", .pages, 1), ("words", .words, 1),
        // French, Spanish, Portuguese, Italian, German (folded), Dutch, Polish, Turkish.
        ("minutos", .hours, 1.0 / 60), ("minuto", .hours, 1.0 / 60), ("minuti", .hours, 1.0 / 60), ("minuten", .hours, 1.0 / 60),
        ("heures", .hours, 1), ("heure", .hours, 1), ("horas", .hours, 1), ("hora", .hours, 1), ("ore", .hours, 1),
        ("ora", .hours, 1), ("stunden", .hours, 1), ("stunde", .hours, 1), ("uur", .hours, 1),
        ("paginas", .pages, 1), ("pagina", .pages, 1), ("pagine", .pages, 1), ("seiten", .pages, 1), ("seite", .pages, 1),
        ("stron", .pages, 1), ("strony", .pages, 1), ("sayfa", .pages, 1),
        ("mots", .words, 1), ("palabras", .words, 1), ("palavras", .words, 1), ("parole", .words, 1), ("worter", .words, 1),
        ("woorden", .words, 1), ("slow", .words, 1), ("kelime", .words, 1),
    ]

    /// What may follow "page" when the page is a web page.
    private static let siteWords = ["web", "site", "sitio", "landing", "app", "de aterrizaje", "de inicio", "d'accueil", "inicial"]

    private static func unit(_ text: UnsafeRawBufferPointer, at i: Int, limit: Int, count: Double) -> Size? {
        for unit in units where starts(text, at: i, with: unit.name) && wordEnds(text, at: i + unit.name.utf8.count) {
            switch unit.measure {
            case .hours: return .hours(count * unit.scale)
            case .pages:
                // "una página web", "a one-page website": a site to build, not pages to read.
                let after = skipSpaces(text, i + unit.name.utf8.count)
                if siteWords.contains(where: { starts(text, at: after, with: $0) }) { return nil }
                return .pages(count)
            case .words: return .words(count)
            }
        }
        return nil
    }

    /// The sentence around the sum: up to `.` `!` `?` followed by a space,
    /// or the message's ends, at most `reach` bytes either side.
    static func sentenceBounds(around range: Range<Int>, in text: UnsafeRawBufferPointer) -> Range<Int> {
        func ends(_ i: Int) -> Bool {
            let c = text[i]
            return (c == UInt8(ascii: ".") || c == UInt8(ascii: "!") || c == UInt8(ascii: "?"))
                && (i + 1 == text.count || text[i + 1] == 0x20)
        }
        // Only `reach` bytes either side are ever read.
        let first = max(0, range.lowerBound - reach), last = min(text.count, range.upperBound + reach)
        var start = range.lowerBound
        while start > first && !ends(start - 1) { start -= 1 }
        // "Task: proofread 100 words. Pay: $900": a sentence that is only a
        // pay label and the sum belongs to the task stated just before it.
        if start > first && startsWithPayLabel(text, at: skipSpaces(text, start), before: range.lowerBound) {
            start -= 1
            while start > first && !ends(start - 1) { start -= 1 }
        }
        var end = range.upperBound
        while end < last && !ends(end) { end += 1 }
        return start..<end
    }

    /// Labels of a job ad's pay line, folded as the normaliser folds them.
    private static let payLabels = ["pay", "payment", "salary", "compensation", "reward", "remuneration", "salaire", "paiement",
                                    "remuneracion", "remuneracao", "pago", "pagamento", "salario", "sueldo", "bezahlung", "vergutung",
                                    "verguetung", "lohn", "gehalt", "honorar", "compenso", "retribuzione", "paga", "vergoeding",
                                    "beloning", "wynagrodzenie", "ucret", "malipo", "gaji", "upah", "bayaran"]

    /// A pay label, then a colon, then nothing but the sum.
    private static func startsWithPayLabel(_ text: UnsafeRawBufferPointer, at i: Int, before sum: Int) -> Bool {
        for label in payLabels where starts(text, at: i, with: label) && wordEnds(text, at: i + label.utf8.count) {
            let colon = skipSpaces(text, i + label.utf8.count)
            guard colon < sum, text[colon] == UInt8(ascii: ":") else { return false }
            // Only a currency sign or the first thousands ("1 500 €") before the match.
            return sum - skipSpaces(text, colon + 1) <= 8
        }
        return false
    }

    private static func skipSpaces(_ text: UnsafeRawBufferPointer, _ i: Int) -> Int {
        var j = i
        while j < text.count && text[j] == 0x20 { j += 1 }
        return j
    }

    private static func starts(_ text: UnsafeRawBufferPointer, at i: Int, with word: String) -> Bool {
        var j = i
        for byte in word.utf8 {
            guard j < text.count, text[j] == byte else { return false }
            j += 1
        }
        return true
    }

    private static func wordEnds(_ text: UnsafeRawBufferPointer, at i: Int) -> Bool {
        i >= text.count || !isAlnum(text[i])
    }
}
