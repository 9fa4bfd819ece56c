/// Turns numbers written as words into digits: `five five five, one two
/// three` → `555,123`, `double seven` → `77`, `nove oito sete` → `987`,
/// and numbers read in pairs, as French and Spanish speakers give phone
/// numbers: `zéro six, quarante-sept, quatre-vingt-dix` → `06,47,90`,
/// `treinta y dos` → `32` (English, Spanish, Portuguese, French, German,
/// Italian; single digits also in Dutch, Polish, Romanian, Turkish,
/// Indonesian, Swedish, Swahili, Serbian, Croatian and Bulgarian: `beş üç
/// iki` → `532`, `нула шест четири` → `064`; Mongolian pairs too: `наян
/// найм, гучин хоёр` → `88,32`), Turkish, Polish and
/// Czech groups read in hundreds and tens: `beş yüz otuz iki, on sekiz` →
/// `532,18`, `pięćset jeden, dwieście trzydzieści` → `501,230`, `dvě stě
/// třicet` → `230`, and Hungarian numbers glued into one word
/// (`harmincnégy` → `34`, `hétszáztizenkettő` → `712`).
///
/// Only runs of number items that look like a phone number are rewritten: at
/// least two spelled items and six digits in all, items separated by nothing
/// but spaces or single punctuation. "two or three revisions", "one more
/// thing" and "twenty five pages" are left alone. Inside a rewritten run,
/// spaces go and punctuation stays (`five five five - 0134` → `555-0134`).
///
/// Threading: stateless; safe from any thread.
enum SpelledDigitFolder {
    static let weakZero: Int8 = 10  // "oh", "o": a digit only inside a run
    static let double: Int8 = 12
    static let triple: Int8 = 13
    /// Turkish `yüz` (hundred): `beş yüz otuz iki` is 532.
    static let hundred: Int8 = 14
    /// A number from 10 to 99 is stored as itself plus this, so that its
    /// value does not collide with the units and markers above.
    static let twoDigitBase: Int8 = 20

    static let words = ShortWordTable(units + foldedForms(cyrillicUnits)
        + (twoDigitWords + foldedForms(cyrillicTwoDigitWords)).map { ($0.0, $0.1 + twoDigitBase) })

    /// Words of other scripts as the scalar fold leaves them (Cyrillic
    /// partly Latin: `сорок` is `copok`), lower-case and capitalised
    /// (`Восемь` folds its `В` to `b`, `восемь` keeps `в`).
    static func foldedForms(_ list: [(String, Int8)]) -> [(String, Int8)] {
        var out: [(String, Int8)] = []
        for (word, value) in list {
            for form in [word, word.prefix(1).uppercased() + word.dropFirst()] {
                let folded = String(decoding: ScalarFoldTable.shared.fold(form), as: UTF8.self)
                if !out.contains(where: { $0.0 == folded }) { out.append((folded, value)) }
            }
        }
        return out
    }

    /// Ukrainian words with an apostrophe (`дев'ять`) are read whole by
    /// `numberWordEnd`.
    private static let cyrillicUnits: [(String, Int8)] = [
        ("ноль", 0), ("нуль", 0), ("один", 1), ("одна", 1), ("два", 2), ("две", 2), ("три", 3), ("четыре", 4),
        ("пять", 5), ("шесть", 6), ("семь", 7), ("восемь", 8), ("девять", 9),
        ("чотири", 4), ("шість", 6), ("сім", 7), ("вісім", 8),
        ("дев'ять", 9), ("дев’ять", 9), ("п'ять", 5), ("п’ять", 5),
        // Bulgarian, Serbian and Macedonian.
        ("нула", 0), ("едно", 1), ("един", 1), ("една", 1), ("један", 1), ("једна", 1), ("еден", 1),
        ("четири", 4), ("пет", 5), ("шест", 6), ("седем", 7), ("седам", 7), ("осем", 8), ("осам", 8),
        ("девет", 9),
        // Mongolian, in both the bare and the attributive form (`гурав`, `гурван`).
        ("тэг", 0), ("нэг", 1), ("хоёр", 2), ("гурав", 3), ("гурван", 3), ("дөрөв", 4), ("дөрвөн", 4), ("тав", 5),
        ("таван", 5), ("зургаа", 6), ("зургаан", 6), ("долоо", 7), ("долоон", 7), ("найм", 8), ("найман", 8),
        ("ес", 9), ("есөн", 9),
    ]

    private static let cyrillicTwoDigitWords: [(String, Int8)] = [
        ("десять", 10), ("одиннадцать", 11), ("двенадцать", 12), ("тринадцать", 13), ("четырнадцать", 14),
        ("пятнадцать", 15), ("шестнадцать", 16), ("семнадцать", 17), ("восемнадцать", 18), ("девятнадцать", 19),
        ("двадцать", 20), ("тридцать", 30), ("сорок", 40), ("пятьдесят", 50), ("шестьдесят", 60), ("семьдесят", 70),
        ("восемьдесят", 80), ("девяносто", 90),
        ("одинадцять", 11), ("дванадцять", 12), ("тринадцять", 13), ("чотирнадцять", 14), ("шістнадцять", 16),
        ("сімнадцять", 17), ("вісімнадцять", 18), ("двадцять", 20), ("тридцять", 30), ("шістдесят", 60),
        ("сімдесят", 70), ("вісімдесят", 80),
        ("п'ятнадцять", 15), ("п’ятнадцять", 15), ("дев'ятнадцять", 19), ("дев’ятнадцять", 19),
        ("п'ятдесят", 50), ("п’ятдесят", 50), ("дев'яносто", 90), ("дев’яносто", 90),
        // Bulgarian (with the spoken `двайсет`, `трийсет`) and Serbian tens.
        ("десет", 10), ("двайсет", 20), ("двадесет", 20), ("трийсет", 30), ("тридесет", 30), ("четирийсет", 40),
        ("четиридесет", 40), ("четрдесет", 40), ("петдесет", 50), ("педесет", 50), ("шейсет", 60),
        ("шестдесет", 60), ("шездесет", 60), ("седемдесет", 70), ("седамдесет", 70), ("осемдесет", 80),
        ("осамдесет", 80), ("деветдесет", 90), ("деведесет", 90),
        // Mongolian tens take their unit behind, as a word (`наян найм`).
        ("арав", 10), ("арван", 10), ("хорь", 20), ("хорин", 20), ("гуч", 30), ("гучин", 30), ("дөч", 40),
        ("дөчин", 40), ("тавь", 50), ("тавин", 50), ("жар", 60), ("жаран", 60), ("дал", 70), ("далан", 70),
        ("ная", 80), ("наян", 80), ("ер", 90), ("ерэн", 90),
    ]

    private static let units: [(String, Int8)] = [
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
        ("nul", 0), ("een", 1), ("twee", 2), ("drie", 3), ("vijf", 5), ("zes", 6), ("zeven", 7), ("negen", 9),
        ("jeden", 1), ("dwa", 2), ("trzy", 3), ("cztery", 4), ("piec", 5), ("szesc", 6), ("siedem", 7),
        ("osiem", 8), ("dziewiec", 9),
        // Czech (`jedna`, `dvě`, `tři`, accents folded).
        ("nula", 0), ("jedna", 1), ("dva", 2), ("dve", 2), ("tri", 3), ("ctyri", 4), ("pet", 5), ("sest", 6),
        ("sedm", 7), ("osm", 8), ("devet", 9),
        // Hungarian (`kettő`, `négy`, `öt`, accents folded).
        ("nulla", 0), ("egy", 1), ("ketto", 2), ("ket", 2), ("harom", 3), ("negy", 4), ("ot", 5), ("hat", 6),
        ("het", 7), ("nyolc", 8), ("kilenc", 9),
        ("unu", 1), ("doi", 2), ("trei", 3), ("patru", 4), ("cinci", 5), ("sase", 6), ("sapte", 7), ("opt", 8),
        ("noua", 9),
        ("sifir", 0), ("bir", 1), ("iki", 2), ("uc", 3), ("dort", 4), ("bes", 5), ("alti", 6), ("yedi", 7),
        ("sekiz", 8), ("dokuz", 9),
        ("nol", 0), ("kosong", 0), ("satu", 1), ("dua", 2), ("tiga", 3), ("empat", 4), ("lima", 5), ("enam", 6),
        ("tujuh", 7), ("delapan", 8), ("sembilan", 9),
        // Serbian and Croatian in Latin letters (`četiri`, accents folded).
        ("jedan", 1), ("cetiri", 4), ("sedam", 7), ("osam", 8),
        // Swahili.
        ("sifuri", 0), ("moja", 1), ("mbili", 2), ("tatu", 3), ("nne", 4), ("tano", 5), ("sita", 6), ("saba", 7),
        ("nane", 8), ("tisa", 9),
        ("noll", 0), ("ett", 1), ("tva", 2), ("fyra", 4), ("fem", 5), ("sex", 6), ("sju", 7), ("atta", 8), ("nio", 9),
        // Hindi and Urdu in Latin letters (not `che`, which is Italian).
        ("shunya", 0), ("sifar", 0), ("ek", 1), ("do", 2), ("teen", 3), ("char", 4), ("chaar", 4), ("panch", 5),
        ("paanch", 5), ("chhe", 6), ("chhah", 6), ("chah", 6), ("saat", 7), ("aath", 8), ("ath", 8), ("nau", 9),
        // Vietnamese, accents folded (`không`, `chín`).
        ("khong", 0), ("mot", 1), ("hai", 2), ("ba", 3), ("bon", 4), ("nam", 5), ("lam", 5), ("sau", 6),
        ("bay", 7), ("tam", 8), ("chin", 9),
        ("yuz", hundred), ("ste", hundred), ("sta", hundred), ("set", hundred),
        ("double", double), ("doble", double), ("dobro", double), ("duplo", double), ("doppio", double),
        ("doppel", double), ("triple", triple), ("triplo", triple), ("tripla", triple),
    ]

    /// Words for 10 to 99. A multiple of ten from 20 up may take a unit
    /// after it (`forty-seven`, `vingt et un`, `cuarenta y siete`).
    private static let twoDigitWords: [(String, Int8)] = {
        var list: [(String, Int8)] = [
            ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13), ("fourteen", 14), ("fifteen", 15),
            ("sixteen", 16), ("seventeen", 17), ("eighteen", 18), ("nineteen", 19), ("twenty", 20), ("thirty", 30),
            ("forty", 40), ("fourty", 40), ("fifty", 50), ("sixty", 60), ("seventy", 70), ("eighty", 80), ("ninety", 90),
            ("diez", 10), ("once", 11), ("doce", 12), ("trece", 13), ("catorce", 14), ("quince", 15),
            ("dieciseis", 16), ("diecisiete", 17), ("dieciocho", 18), ("diecinueve", 19), ("veinte", 20),
            ("veintiuno", 21), ("veintiuna", 21), ("veintidos", 22), ("veintitres", 23), ("veinticuatro", 24),
            ("veinticinco", 25), ("veintiseis", 26), ("veintisiete", 27), ("veintiocho", 28), ("veintinueve", 29),
            ("treinta", 30), ("cuarenta", 40), ("cincuenta", 50), ("sesenta", 60), ("setenta", 70),
            ("ochenta", 80), ("noventa", 90),
            ("dez", 10), ("onze", 11), ("doze", 12), ("treze", 13), ("quatorze", 14), ("quinze", 15),
            ("dezesseis", 16), ("dezasseis", 16), ("dezessete", 17), ("dezassete", 17), ("dezoito", 18),
            ("dezenove", 19), ("dezanove", 19), ("vinte", 20), ("trinta", 30), ("quarenta", 40),
            ("cinquenta", 50), ("sessenta", 60), ("oitenta", 80),
            ("dix", 10), ("douze", 12), ("treize", 13), ("seize", 16), ("vingt", 20), ("vingts", 20),
            ("trente", 30), ("quarante", 40), ("cinquante", 50), ("soixante", 60), ("septante", 70),
            ("huitante", 80), ("octante", 80), ("nonante", 90),
            ("zehn", 10), ("elf", 11), ("zwolf", 12), ("zwoelf", 12), ("dreizehn", 13), ("vierzehn", 14),
            ("funfzehn", 15), ("fuenfzehn", 15), ("sechzehn", 16), ("siebzehn", 17), ("achtzehn", 18),
            ("neunzehn", 19), ("zwanzig", 20), ("dreissig", 30), ("vierzig", 40), ("funfzig", 50), ("fuenfzig", 50),
            ("sechzig", 60), ("siebzig", 70), ("achtzig", 80), ("neunzig", 90),
            ("dieci", 10), ("undici", 11), ("dodici", 12), ("tredici", 13), ("quattordici", 14), ("quindici", 15),
            ("sedici", 16), ("diciassette", 17), ("diciotto", 18), ("diciannove", 19),
            // Turkish tens take their unit behind, as a word (`otuz iki`);
            // `on` (10) is read only before a unit, in `item`, because it
            // is also English.
            ("yirmi", 20), ("otuz", 30), ("kirk", 40), ("elli", 50), ("altmis", 60), ("yetmis", 70),
            ("seksen", 80), ("doksan", 90),
            ("tien", 10), ("twaalf", 12), ("dertien", 13), ("veertien", 14), ("vijftien", 15), ("zestien", 16),
            ("zeventien", 17), ("achttien", 18), ("negentien", 19), ("twintig", 20), ("dertig", 30), ("veertig", 40),
            ("vijftig", 50), ("zestig", 60), ("zeventig", 70), ("tachtig", 80), ("negentig", 90),
        ]
        // Polish and Czech tens and teens; their units follow as words
        // (`pięćdziesiąt sześć`, `třicet dva`).
        list += [("dziesiec", 10), ("jedenascie", 11), ("dwanascie", 12), ("trzynascie", 13), ("czternascie", 14),
                 ("pietnascie", 15), ("szesnascie", 16), ("siedemnascie", 17), ("osiemnascie", 18),
                 ("dziewietnascie", 19), ("dwadziescia", 20), ("trzydziesci", 30), ("czterdziesci", 40),
                 ("piecdziesiat", 50), ("szescdziesiat", 60), ("siedemdziesiat", 70), ("osiemdziesiat", 80),
                 ("dziewiecdziesiat", 90),
                 ("deset", 10), ("jedenact", 11), ("dvanact", 12), ("trinact", 13), ("ctrnact", 14), ("patnact", 15),
                 ("sestnact", 16), ("sedmnact", 17), ("osmnact", 18), ("devatenact", 19), ("dvacet", 20),
                 ("tricet", 30), ("ctyricet", 40), ("padesat", 50), ("sedesat", 60), ("sedmdesat", 70),
                 ("osmdesat", 80), ("devadesat", 90)]
        // Hungarian glues the unit to its ten (`harmincnégy`, `tizenkettő`,
        // `huszonegy`).
        let hungarianUnits: [(String, Int8)] = [("egy", 1), ("ketto", 2), ("ket", 2), ("harom", 3), ("negy", 4),
                                                ("ot", 5), ("hat", 6), ("het", 7), ("nyolc", 8), ("kilenc", 9)]
        for (tens, stem, t) in [("tiz", "tizen", 10), ("husz", "huszon", 20), ("harminc", "harminc", 30),
                                ("negyven", "negyven", 40), ("otven", "otven", 50), ("hatvan", "hatvan", 60),
                                ("hetven", "hetven", 70), ("nyolcvan", "nyolcvan", 80), ("kilencven", "kilencven", 90)]
            as [(String, String, Int8)] {
            list.append((tens, t))
            for (unit, u) in hungarianUnits { list.append((stem + unit, t + u)) }
        }
        // German tens take their unit in front, in one word (`siebenundvierzig`).
        let germanUnits: [(String, Int8)] = [("ein", 1), ("zwei", 2), ("drei", 3), ("vier", 4), ("funf", 5), ("fuenf", 5),
                                             ("sechs", 6), ("sieben", 7), ("acht", 8), ("neun", 9)]
        for (tens, t) in [("zwanzig", 20), ("dreissig", 30), ("vierzig", 40), ("funfzig", 50), ("fuenfzig", 50),
                          ("sechzig", 60), ("siebzig", 70), ("achtzig", 80), ("neunzig", 90)] as [(String, Int8)] {
            for (unit, u) in germanUnits { list.append((unit + "und" + tens, t + u)) }
        }
        // Dutch ones too, joined by `en` (`vierendertig`, `tweeëntwintig`).
        let dutchUnits: [(String, Int8)] = [("een", 1), ("twee", 2), ("drie", 3), ("vier", 4), ("vijf", 5),
                                            ("zes", 6), ("zeven", 7), ("acht", 8), ("negen", 9)]
        for (tens, t) in [("twintig", 20), ("dertig", 30), ("veertig", 40), ("vijftig", 50), ("zestig", 60),
                          ("zeventig", 70), ("tachtig", 80), ("negentig", 90)] as [(String, Int8)] {
            for (unit, u) in dutchUnits { list.append((unit + "en" + tens, t + u)) }
        }
        // Italian tens take theirs behind, in one word, losing their last
        // vowel before `uno` and `otto` (`ventuno`, `trentotto`).
        let italianUnits: [(String, Int8)] = [("uno", 1), ("due", 2), ("tre", 3), ("quattro", 4), ("cinque", 5),
                                              ("sei", 6), ("sette", 7), ("otto", 8), ("nove", 9)]
        for (tens, t) in [("venti", 20), ("trenta", 30), ("quaranta", 40), ("cinquanta", 50), ("sessanta", 60),
                          ("settanta", 70), ("ottanta", 80), ("novanta", 90)] as [(String, Int8)] {
            list.append((tens, t))
            for (unit, u) in italianUnits {
                list.append(((unit == "uno" || unit == "otto" ? String(tens.dropLast()) : tens) + unit, t + u))
            }
        }
        return list
    }()

    /// Polish hundreds, one word each (`pięćset` 500, `dwieście` 200), and
    /// Czech `sto` (100): the number of hundreds. Polish reads a phone in
    /// threes (`pięćset jeden, dwieście trzydzieści` → `501,230`).
    fileprivate static let hundredWords = ShortWordTable([
        ("sto", 1), ("dwiescie", 2), ("trzysta", 3), ("czterysta", 4), ("piecset", 5), ("szescset", 6),
        ("siedemset", 7), ("osiemset", 8), ("dziewiecset", 9), ("trista", 3), ("ctyrista", 4),
    ] + foldedForms([
        ("сто", 1), ("двести", 2), ("триста", 3), ("четыреста", 4), ("пятьсот", 5), ("шестьсот", 6),
        ("семьсот", 7), ("восемьсот", 8), ("девятьсот", 9), ("двісті", 2), ("чотириста", 4), ("шістсот", 6),
        ("сімсот", 7), ("вісімсот", 8), ("п'ятсот", 5), ("п’ятсот", 5), ("дев'ятсот", 9), ("дев’ятсот", 9),
        ("двеста", 2), ("четиристотин", 4), ("петстотин", 5), ("шестстотин", 6), ("седемстотин", 7),
        ("осемстотин", 8), ("деветстотин", 9),
    ]))

    /// Words that join a ten and its unit, or a hundred and what follows it:
    /// `vingt et un`, `treinta y dos`, `quarenta e sete`, Bulgarian
    /// `трийсет и две`, `сто и двайсет`.
    private static let connectors = ShortWordTable([("et", 1), ("y", 1), ("e", 1)] + foldedForms([("и", 1)]))

    /// French words that build numbers with others: `dix-sept` (17),
    /// `quatre-vingt(s)` (80).
    private static let dix: Int8 = 1, vingt: Int8 = 2
    private static let frenchParts = ShortWordTable([("dix", dix), ("vingt", vingt), ("vingts", vingt)])

    /// The lead byte of a Cyrillic letter (U+0400–U+047F): number words
    /// that the fold leaves starting with one (`вocemь`) start a word too.
    @inline(__always) static func isCyrillicLead(_ c: UInt8) -> Bool { c == 0xD0 || c == 0xD1 }

    static let minimumSpelled = 2
    private static let minimumDigits = 6

    /// The end of the word from `i`, running over an ASCII apostrophe
    /// between letters of another script, so Ukrainian `дев'ять` is one
    /// word (`’` is a word byte already). `mayApply` splits there, as the
    /// triggers do; a number always has other words beside.
    @inline(__always)
    static func numberWordEnd(_ region: FoldRegion, from i: Int) -> Int {
        var j = FoldBytes.wordEnd(region, from: i)
        while j > i && j + 1 < region.count && region[j] == UInt8(ascii: "'") && region[j - 1] >= 0x80 && region[j + 1] >= 0xC0 {
            j = FoldBytes.wordEnd(region, from: j + 1)
        }
        return j
    }

    /// True if the region has at least two spelled digit words (a cheap
    /// superset of the texts `apply` changes).
    static func mayApply(_ region: FoldRegion) -> Bool {
        var spelled = 0
        var i = 0
        while i < region.count {
            guard FoldBytes.isLower(region[i]) || isCyrillicLead(region[i]) else { i += 1; continue }
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
        let reader = Reader()
        var i = 0
        var copied = 0  // bytes before this are already written
        while i < region.count {
            guard FoldBytes.isWord(region[i]), i == 0 || !FoldBytes.isWord(region[i - 1]) else { i += 1; continue }
            let run = reader.measureRun(region, from: i)
            if run.spelled >= minimumSpelled && run.digits >= minimumDigits {
                out.copy(copied..<i)
                reader.rewrite(region, run: i..<run.end, into: &out)
                copied = run.end
                i = run.end
            } else {
                i = max(run.firstItemEnd, i + 1)
            }
        }
        out.copy(copied..<region.count)
    }

    /// The Turkish units, which alone may follow `on` (10).
    private static let turkishUnits = ShortWordTable([
        "bir", "iki", "uc", "dort", "bes", "alti", "yedi", "sekiz", "dokuz",
    ].map { ($0, 1) })

    /// Words said between the parts of a number read out.
    private static let fillers = ShortWordTable([
        "then", "and", "after", "that", "last", "the", "is", "luego", "despues", "y", "al", "final", "depois", "entao",
        "e", "no", "puis", "ensuite", "et", "bref", "dann", "und", "poi", "dopo", "daarna", "dan", "en",
    ].map { ($0, 1) } + foldedForms([
        ("потом", 1), ("затем", 1), ("дальше", 1), ("далее", 1), ("и", 1), ("а", 1), ("в", 1), ("конце", 1),
        ("потім", 1), ("далі", 1), ("і", 1), ("кінці", 1), ("наприкінці", 1),
    ]))

    /// The tables, read once per message: each is a lazy global, and
    /// reading one per word retained and released its storage every time.
    private struct Reader {
        let words = SpelledDigitFolder.words
        let connectors = SpelledDigitFolder.connectors
        let frenchParts = SpelledDigitFolder.frenchParts
        let fillers = SpelledDigitFolder.fillers
        let turkishUnits = SpelledDigitFolder.turkishUnits
        let hundredWords = SpelledDigitFolder.hundredWords

        struct Run {
            var end: Int
            var firstItemEnd: Int
            var spelled = 0
            var digits = 0
        }

        /// The longest run of number items starting at word start `start`.
        func measureRun(_ region: FoldRegion, from start: Int) -> Run {
            var run = Run(end: start, firstItemEnd: SpelledDigitFolder.numberWordEnd(region, from: start))
            var i = start
            var pendingMultiplier: Int8 = 0
            while i < region.count {
                guard let item = item(region, at: i) else { break }
                if item.isMultiplier {
                    pendingMultiplier = item.value
                    run.spelled += 1
                } else {
                    let repeats = pendingMultiplier == double ? 2 : pendingMultiplier == triple ? 3 : 1
                    if item.isSpelled { run.spelled += 1 }
                    run.digits += item.digits + repeats - 1
                    pendingMultiplier = 0
                    run.end = item.end
                }
                // A separator of up to three spaces or single punctuation.
                guard let next = separatorEnd(region, from: item.end) else { break }
                i = next
            }
            return run
        }

        /// One number item: a digit run, a spelled unit or marker, or a spelled
        /// number from 10 to 99, which may span words (`quatre-vingt-dix`).
        struct Item {
            /// A digit run: -1. A spelled unit or marker: as in `words`. A
            /// spelled 10...99: that number plus `twoDigitBase`.
            var value: Int8
            var digits: Int
            var isSpelled: Bool
            var end: Int
            /// A Turkish number from 100 to 999 (`value` is then `hundred`).
            var threeDigit = 0
            var isMultiplier: Bool { value == double || value == triple }
            var number: Int { Int(value - twoDigitBase) }
        }

        @inline(__always)
        func item(_ region: FoldRegion, at i: Int) -> Item? {
            let end = SpelledDigitFolder.numberWordEnd(region, from: i)
            guard end > i else { return nil }
            if (i..<end).allSatisfy({ isDigit(region[$0]) }) {
                return Item(value: -1, digits: end - i, isSpelled: false, end: end)
            }
            if end - i == 2 && region[i] == UInt8(ascii: "o") && region[i + 1] == UInt8(ascii: "n") {
                return turkishTeen(region, end: end)
            }
            let value = words.value(region.bytes + i, count: end - i)
            guard value >= 0 else {
                let count = hundredWords.value(region.bytes + i, count: end - i)
                return count > 0 ? hundreds(Int(count), region, end: end) : hungarianHundreds(region, from: i, to: end)
            }
            if value == hundred { return hundreds(1, region, end: end) }
            if value >= 1 && value <= 9, let next = joined(region, after: end, connector: false),
               words.value(region.bytes + next, count: SpelledDigitFolder.numberWordEnd(region, from: next) - next) == hundred {
                return hundreds(Int(value), region, end: SpelledDigitFolder.numberWordEnd(region, from: next))
            }
            if value < twoDigitBase {
                // `quatre-vingt(s)` is 80.
                if value == 4, let next = joined(region, after: end, connector: false),
                   frenchParts.value(region.bytes + next, count: SpelledDigitFolder.numberWordEnd(region, from: next) - next) == vingt {
                    return tens(80, region, end: SpelledDigitFolder.numberWordEnd(region, from: next))
                }
                return Item(value: value, digits: 1, isSpelled: value != weakZero, end: end)
            }
            let number = Int(value - twoDigitBase)
            if number >= 20 && number % 10 == 0 { return tens(number, region, end: end) }
            if number == 10 && frenchParts.value(region.bytes + i, count: end - i) == dix { return tens(10, region, end: end) }
            return Item(value: value, digits: 2, isSpelled: true, end: end)
        }

        /// A multiple of ten that ends at `end`, with the unit that follows it
        /// if there is one: `forty-seven`, `vingt et un`, `treinta y dos`. The
        /// French 60 and 80 also take 10 to 19 (`soixante-dix-huit` is 78), and
        /// `dix` takes 7 to 9 (`dix-sept`).
        func tens(_ number: Int, _ region: FoldRegion, end: Int) -> Item {
            let alone = Item(value: Int8(number) + twoDigitBase, digits: 2, isSpelled: true, end: end)
            guard let next = joined(region, after: end, connector: number >= 20) else { return alone }
            let nextEnd = SpelledDigitFolder.numberWordEnd(region, from: next)
            let value = words.value(region.bytes + next, count: nextEnd - next)
            if number == 10 {
                guard value >= 7 && value <= 9 else { return alone }
                return Item(value: Int8(10) + value + twoDigitBase, digits: 2, isSpelled: true, end: nextEnd)
            }
            if value >= 1 && value <= 9 {
                return Item(value: Int8(number) + value + twoDigitBase, digits: 2, isSpelled: true, end: nextEnd)
            }
            if number == 60 || number == 80, value >= twoDigitBase, let teen = item(region, at: next),
               teen.number >= 10 && teen.number <= 19 {
                return Item(value: Int8(number + teen.number) + twoDigitBase, digits: 2, isSpelled: true, end: teen.end)
            }
            return alone
        }

        /// Turkish `on` and the unit after it (`on sekiz` is 18), or nil:
        /// alone, `on` is the English word.
        func turkishTeen(_ region: FoldRegion, end: Int) -> Item? {
            guard let next = joined(region, after: end, connector: false) else { return nil }
            let nextEnd = SpelledDigitFolder.numberWordEnd(region, from: next)
            guard turkishUnits.value(region.bytes + next, count: nextEnd - next) > 0 else { return nil }
            let unit = words.value(region.bytes + next, count: nextEnd - next)
            return Item(value: Int8(10) + unit + twoDigitBase, digits: 2, isSpelled: true, end: nextEnd)
        }

        /// A Hungarian number from 100 to 999, one word: a unit (or none),
        /// `száz`, then a number below 100 (or none): `hétszáztizenkettő` is
        /// 712, `százhúsz` 120.
        func hungarianHundreds(_ region: FoldRegion, from i: Int, to end: Int) -> Item? {
            guard end - i >= 4, let k = (i...(end - 4)).first(where: {
                region[$0] == UInt8(ascii: "s") && region[$0 + 1] == UInt8(ascii: "z")
                    && region[$0 + 2] == UInt8(ascii: "a") && region[$0 + 3] == UInt8(ascii: "z")
            }) else { return nil }
            func number(_ from: Int, _ to: Int) -> Int? {
                let v = words.value(region.bytes + from, count: to - from)
                if v >= 0 && v <= 9 { return Int(v) }
                return v >= twoDigitBase ? Int(v - twoDigitBase) : nil
            }
            var total = 100
            if k > i { guard let unit = number(i, k), unit >= 1 else { return nil }; total = unit * 100 }
            if k + 4 < end { guard let rest = number(k + 4, end) else { return nil }; total += rest }
            return Item(value: hundred, digits: 3, isSpelled: true, end: end, threeDigit: total)
        }

        /// `count` hundreds ending at `end`, with the Turkish tens and unit
        /// that follow (`beş yüz otuz iki` is 532, `yüz on bir` 111).
        func hundreds(_ count: Int, _ region: FoldRegion, end: Int) -> Item {
            var total = count * 100
            var itemEnd = end
            if let next = joined(region, after: end, connector: true), let rest = item(region, at: next),
               !rest.isMultiplier, rest.value != hundred, rest.value != weakZero, rest.value >= 1 {
                total += rest.value >= twoDigitBase ? rest.number : Int(rest.value)
                itemEnd = rest.end
            }
            return Item(value: hundred, digits: 3, isSpelled: true, end: itemEnd, threeDigit: total)
        }

        /// The start of the word joined to the one ending at `end` by a single
        /// `-` or space, or by a connector word (`et`, `y`, `e`) between spaces.
        @inline(__always)
        func joined(_ region: FoldRegion, after end: Int, connector: Bool) -> Int? {
            guard end + 1 < region.count, region[end] == 0x20 || region[end] == UInt8(ascii: "-"),
                  FoldBytes.isWord(region[end + 1]) else { return nil }
            let next = end + 1
            guard connector, region[end] == 0x20 else { return next }
            let wordEnd = SpelledDigitFolder.numberWordEnd(region, from: next)
            guard connectors.value(region.bytes + next, count: wordEnd - next) > 0 else { return next }
            guard wordEnd + 1 < region.count, region[wordEnd] == 0x20 || region[wordEnd] == UInt8(ascii: "-"),
                  FoldBytes.isWord(region[wordEnd + 1]) else { return nil }
            return wordEnd + 1
        }

        /// Where the next item starts after a separator at `i`, or nil: spaces
        /// with at most one punctuation mark (or an ellipsis), and up to three
        /// filler words, as people read a number out in parts (`555... then
        /// zero one`, `depois nove oito`, `e no final quatro`).
        @inline(__always)
        func separatorEnd(_ region: FoldRegion, from i: Int) -> Int? {
            guard var j = punctuationEnd(region, from: i) else { return nil }
            var fillerWords = 0
            while fillerWords < 3 {
                let end = SpelledDigitFolder.numberWordEnd(region, from: j)
                guard fillers.value(region.bytes + j, count: end - j) > 0, let next = punctuationEnd(region, from: end) else { break }
                fillerWords += 1
                j = next
            }
            return j
        }

        /// The start of the word after spaces and at most one punctuation mark
        /// (or up to three dots) from `i`, or nil.
        @inline(__always)
        func punctuationEnd(_ region: FoldRegion, from i: Int) -> Int? {
            var j = i
            var marks = 0, dots = 0
            while j < region.count && j - i < 7 {
                let c = region[j]
                if c == 0x20 { j += 1; continue }
                if c == UInt8(ascii: ".") { dots += 1; j += 1; continue }
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "-") || c == UInt8(ascii: "/") {
                    marks += 1
                    j += 1
                    continue
                }
                break
            }
            let punctuationOK = (marks == 0 && dots <= 1) || (marks == 0 && dots == 3) || (marks == 1 && dots == 0)
            guard j > i, punctuationOK, j < region.count, FoldBytes.isWord(region[j]) else { return nil }
            return j
        }



        func rewrite(_ region: FoldRegion, run: Range<Int>, into out: inout FoldWriter) {
            var i = run.lowerBound
            var multiplier: (value: Int8, start: Int)? = nil
            while i < run.upperBound {
                let c = region[i]
                guard FoldBytes.isWord(c) else {
                    if c != 0x20 { out.copy(i) }  // punctuation stays, spaces go
                    i += 1
                    continue
                }
                guard let item = item(region, at: i) else {
                    i = SpelledDigitFolder.numberWordEnd(region, from: i)  // a filler word goes, as spaces do
                    continue
                }
                if item.isMultiplier {
                    multiplier = (item.value, i)
                } else {
                    let repeats = multiplier.map { $0.value == double ? 2 : 3 } ?? 1
                    let source = (multiplier?.start ?? i)..<item.end
                    if item.value < 0 {
                        for _ in 0..<repeats - 1 { out.emit(region[i], for: source) }
                        out.copy(i..<item.end)
                    } else if item.value == hundred {
                        for _ in 0..<repeats {
                            out.emit(UInt8(ascii: "0") + UInt8(item.threeDigit / 100), for: source)
                            out.emit(UInt8(ascii: "0") + UInt8(item.threeDigit / 10 % 10), for: source)
                            out.emit(UInt8(ascii: "0") + UInt8(item.threeDigit % 10), for: source)
                        }
                    } else if item.value >= twoDigitBase {
                        let tensDigit = UInt8(ascii: "0") + UInt8(item.number / 10)
                        for _ in 0..<repeats - 1 { out.emit(tensDigit, for: source) }
                        out.emit(tensDigit, for: source)
                        out.emit(UInt8(ascii: "0") + UInt8(item.number % 10), for: source)
                    } else {
                        let digit = UInt8(ascii: "0") + UInt8(item.value == weakZero ? 0 : item.value)
                        for _ in 0..<repeats { out.emit(digit, for: source) }
                    }
                    multiplier = nil
                }
                i = item.end
            }
        }

    }
}
