/// Decides whether a digit run is a phone number. The pattern that finds the
/// run is deliberately broad; this is where prices, dates, times, ranges,
/// versions, IP addresses and invoice or order numbers are told apart, using
/// the run's own shape and the bytes just around it in the normalised text
/// (where spelled and keycap digits are already digits). An international
/// number (`+` or `00`) must fit its country's numbering plan
/// (`CallingCodes`); a national one has 7–11 digits.
///
/// Threading: stateless; safe from any thread.
enum PhoneValidator {
    /// - Parameter spelledOut: the original text of the run was disguised
    ///   (`five five five, 123`, `9 8 2 0 1`, keycaps): written to be read as
    ///   a number, so the amount and list shapes (`1,250,000`, `12,50`,
    ///   `94107, 10001`) do not apply.
    static func accepts(text: UnsafeRawBufferPointer, range: Range<Int>, spelledOut: Bool = false) -> Bool {
        let span = UnsafeRawBufferPointer(rebasing: text[range])
        var groups: [(start: Int, length: Int)] = []
        var separators: [UInt8] = []
        var digitCount = 0
        var i = 0
        var pendingSeparator: UInt8 = 0
        while i < span.count {
            let c = span[i]
            if isDigit(c) {
                if groups.isEmpty || i != groups[groups.count - 1].start + groups[groups.count - 1].length {
                    if !groups.isEmpty { separators.append(pendingSeparator) }
                    groups.append((i, 0))
                    pendingSeparator = 0
                }
                groups[groups.count - 1].length += 1
                digitCount += 1
            } else if c != 0x20 || pendingSeparator == 0 {
                // Remember the most telling separator between two groups.
                if pendingSeparator == 0 || pendingSeparator == 0x20 { pendingSeparator = c }
            }
            i += 1
        }
        guard (7...15).contains(digitCount), let first = groups.first else { return false }

        let leadingPlus = span.firstIndex(of: UInt8(ascii: "+")).map { $0 < first.start } ?? false
        let digits = span.filter(isDigit)
        if isPlaceholder(digits) { return false }
        let international = leadingPlus || (digits.starts(with: [0x30, 0x30]) && digitCount >= 10)
        if international {
            let afterPrefix = leadingPlus ? Array(digits) : Array(digits.dropFirst(2))
            guard CallingCodes.shared.isValidInternational(afterPrefix) else { return false }
        } else if digitCount > (digits.first == 0x30 ? 12 : 11) {
            // A trunk 0 adds one digit: 0152 3884 1207. A longer run is an id,
            // unless it was keycapped or spelled as one run (nobody keycaps an
            // id) and is a full international number typed without its plus
            // (447912330856). Grouped native digits stay ids (९०८७ ६६५१ ४२३०).
            guard spelledOut, groups.count == 1, digits.first != 0x30,
                  CallingCodes.shared.isValidInternational(Array(digits)) else { return false }
        } else if digits.starts(with: [0x30, 0x30]) {
            return false  // a trunk prefix is one 0; a short run after 00 is a zero-padded id (seal 004417726)
        }

        // Glued to letters or more digits: part of an id, hash or token.
        let before = range.lowerBound > 0 ? text[range.lowerBound - 1] : 0x20
        let after = range.upperBound < text.count ? text[range.upperBound] : 0x20
        if isAlnum(before) || isAlnum(after) { return false }
        // Part of a time, ratio or score (10:30, 16:9); a label's colon
        // without a space (`电话:138 1234 5678`, `tel:0612…`) is not.
        if before == UInt8(ascii: ":") && range.lowerBound >= 2 && isDigit(text[range.lowerBound - 2]) { return false }
        if after == UInt8(ascii: ":") && range.upperBound + 1 < text.count && isDigit(text[range.upperBound + 1]) { return false }
        // A negative number (a coordinate: -23.5505, -46.6333).
        if before == UInt8(ascii: "-") && (range.lowerBound < 2 || !isAlnum(text[range.lowerBound - 2])) { return false }
        // Part of a path, query or id: dribbble.com/shots/22841937-x, FAC-2026-0457.
        if before == UInt8(ascii: "/") || before == UInt8(ascii: "=") || before == UInt8(ascii: "_") || after == UInt8(ascii: "/") { return false }
        if (before == UInt8(ascii: "-") || before == UInt8(ascii: "#")) && range.lowerBound >= 2 && isAlnum(text[range.lowerBound - 2]) { return false }
        if after == UInt8(ascii: "-"), range.upperBound + 1 < text.count, isLetter(text[range.upperBound + 1]) { return false }
        // Cut short of a longer run of digit groups (a card, an account number:
        // `012180 / 0045 / 77231908`).
        if after == 0x20, range.upperBound + 1 < text.count, isDigit(text[range.upperBound + 1]) { return false }
        if isFollowedByMoreGroups(text, after: range.upperBound) { return false }
        // Payment cards and IBANs have their own rules.
        if !international && groups.count >= 3 && groups.allSatisfy({ $0.length == 4 }) && ChecksumValidators.luhnCard(span) { return false }
        if isInsideIBAN(text, before: range.lowerBound) { return false }
        // Postcodes: a Brazilian CEP 01310-100, a list of ZIP codes 94107, 10001.
        if !international && groups.count == 2 && groups[0].length == 5 && groups[1].length == 3 && separators[0] == UInt8(ascii: "-") { return false }
        // A Japanese postcode 150-0041 in Japanese text: no Japanese number
        // is seven digits (all carry an area or mobile prefix).
        if !international && groups.count == 2 && groups[0].length == 3 && groups[1].length == 4
            && separators[0] == UInt8(ascii: "-") && containsKana(text) { return false }
        if !international && !spelledOut && groups.count >= 2 && groups.allSatisfy({ $0.length == 5 })
            && separators.allSatisfy({ $0 == UInt8(ascii: ",") }) { return false }
        // A house number, a comma and a postcode (Bulevar oslobođenja 45,
        // 21000; Na Příkopě 14, 110 00; ul. Lipowa 12, 30-702). Only one
        // comma, and a postcode's shape after it: "79, 21, 44, 08" is a
        // number read out in pairs.
        if !international && !spelledOut && groups[0].length <= 3 && separators.first == UInt8(ascii: ","),
           groups[0].start + groups[0].length + 1 < span.count, span[groups[0].start + groups[0].length + 1] == 0x20,
           !separators.dropFirst().contains(UInt8(ascii: ",")),
           (groups.count == 2 && (4...5).contains(groups[1].length))
            || (groups.count == 3 && ((groups[1].length == 3 && groups[2].length == 2) || (groups[1].length == 2 && groups[2].length == 3))) {
            return false
        }
        // Dash-joined shapes of ids and postcodes that no numbering plan
        // writes: a trailing check digit (NTN 4271839-6, RUT 12.345.678-9),
        // a Korean business number 214-86-55810, a Portuguese postcode
        // 4050-174.
        if !international && !spelledOut, let sep = separators.last, sep == UInt8(ascii: "-") {
            if groups.count >= 2 && groups[groups.count - 1].length == 1 { return false }
            if groups.count == 3 && groups[0].length == 3 && groups[1].length == 2 && groups[2].length == 5 { return false }
            if groups.count == 2 && groups[0].length == 4 && groups[1].length == 3 { return false }
            // A birth date and four digits: an Icelandic kennitala, a Danish
            // CPR or a Swedish personnummer (510109-1230).
            if groups.count == 2 && groups[0].length == 6 && groups[1].length == 4 { return false }
        }
        // A version or colour value: dots or slashes alone, with a one-digit
        // group (firmware 3.0.0.4.388, CMYK 68/39/0/63); phones group by two or more.
        if !international && !spelledOut && groups.count >= 3 && !span.contains(0x20),
           let sep = separators.first, sep == UInt8(ascii: ".") || sep == UInt8(ascii: "/"),
           separators.allSatisfy({ $0 == sep }), groups.contains(where: { $0.length == 1 }) { return false }
        // US social security shape 123-45-6789 (and masks of it).
        if groups.count == 3 && groups[0].length == 3 && groups[1].length == 2 && groups[2].length == 4
            && separators.allSatisfy({ $0 == UInt8(ascii: "-") }) { return false }
        // A year-led id or date: 2026/0093, 2026-003417.
        if !international && groups.count >= 2 && groups[0].length == 4 && (digits.starts(with: [0x31, 0x39]) || digits.starts(with: [0x32, 0x30]))
            && (separators[0] == UInt8(ascii: "/") || separators[0] == UInt8(ascii: "-")) { return false }
        // A decimal or thousands-grouped amount (1,250.00, 12.5).
        if !spelledOut {
            // Cut short of a longer amount: "45.000-75" of "45.000-75.000d".
            if after == UInt8(ascii: ",") || after == UInt8(ascii: "."), range.upperBound + 1 < text.count,
               isDigit(text[range.upperBound + 1]) { return false }
            // (Its decimal separator is the last and differs from any before
            // it: 1,250.00, 1.250,00; 06.52.83.17.04 is not an amount.)
            if !span.contains(0x20), let last = groups.last, groups.count >= 2, last.length <= 2, let sep = separators.last,
               sep == UInt8(ascii: ".") || sep == UInt8(ascii: ","),
               groups.count == 2 || separators[separators.count - 2] != sep { return false }
            if !international, groups.count >= 2, separators.allSatisfy({ $0 == UInt8(ascii: ",") }), digits.first != 0x30,
               groups[0].length <= 3, groups.dropFirst().allSatisfy({ $0.length == 3 }) { return false }
        }

        if isPrice(text, range: range) || isIdentifier(text, before: range.lowerBound)
            || hasScriptIdentifierMarker(text, before: range.lowerBound) { return false }
        if looksLikeDate(span, groups: groups, separators: separators)
            || looksLikeDateRange(span, groups: groups, separators: separators) { return false }
        // Versions and IPs never put spaces around their dots (06 . 52 . 83
        // is a number), nor are they typed a digit at a time (3 1 5. 4 8 2. 7 7. 0 9).
        if !international && !spelledOut && !span.contains(0x20)
            && looksLikeDottedNumber(span, groups: groups, separators: separators) { return false }
        if !international && isRange(span, groups: groups, separators: separators) { return false }

        if groups.count == 1 && !international && !spelledOut {
            // A bare run of digits: ids, timestamps and amounts more often
            // than phones. Keep 10-digit national forms that cannot be epoch
            // seconds (North American numbers never start with 0 or 1), and
            // those with one trunk 0 (`0412345678`, `0612345678`, `0712345678`:
            // mobiles in Australia, France, Kenya, the Netherlands, Israel).
            // Spelled or keycap digits are exempt: nobody spells out an id or
            // a timestamp ("0 triple eight 41 two two nine 0").
            if digitCount >= (digits[0] == 0x30 ? 12 : 11) { return false }
            if digitCount == 10 && digits[0] == 0x31 { return false }
        }
        return true
    }

    /// Digits counting up by one (`123-456-7890`, `0123 456 789`), one
    /// digit repeated (`555 555 5555`), or six zeros closing the number
    /// (`600 000 000`): the format shown in forms, help text and test data,
    /// not anyone's number.
    static func isPlaceholder(_ digits: [UInt8]) -> Bool {
        guard digits.count >= 7 else { return false }
        var ascending = true, repeated = true
        for i in 1..<digits.count {
            if digits[i] != digits[i - 1] { repeated = false }
            if digits[i] != (digits[i - 1] == 0x39 ? 0x30 : digits[i - 1] + 1) { ascending = false }
        }
        return ascending || repeated || digits.suffix(6).allSatisfy { $0 == 0x30 }
    }

    static let currencyWordsBefore: [[UInt8]] = ["usd", "eur", "gbp", "inr", "rs", "price", "budget", "total", "cost", "pay", "paid",
        "amount"].map { Array($0.utf8) }
    static let quantityWordsAfter: [[UInt8]] = ["usd", "eur", "gbp", "inr", "dollars", "euros", "pounds", "bucks", "k", "m", "words",
        "views", "followers", "users", "rows", "records", "items", "pages", "pixels", "px", "ms", "kb", "mb", "gb", "hours", "hrs",
        "minutes", "sec",
        // currencies of Turkey, the Caucasus and Central Asia by their codes and Latin names
        "som", "sum", "tenge", "rub", "uah", "grn", "tl", "kzt", "uzs", "kgs", "azn", "gel", "amd", "byn", "manat", "lari",
        "dram", "lira"].map { Array($0.utf8) }

    /// A currency sign or code next to the number (skipping one space).
    static func isPrice(_ text: UnsafeRawBufferPointer, range: Range<Int>) -> Bool {
        var b = range.lowerBound - 1
        while b >= 0 && text[b] == 0x20 && range.lowerBound - b <= 2 { b -= 1 }
        if b >= 0 {
            let c = text[b]
            if c == UInt8(ascii: "$") || c == UInt8(ascii: "#") { return true }
            // £ (C2 A3), ¥ (C2 A5), € (E2 82 AC), ₹ (E2 82 B9)
            if (c == 0xA3 || c == 0xA5) && b >= 1 && text[b - 1] == 0xC2 { return true }
            if (c == 0xAC || c == 0xB9) && b >= 2 && text[b - 1] == 0x82 && text[b - 2] == 0xE2 { return true }
            if wordBefore(text, end: b + 1, in: currencyWordsBefore) { return true }
        }
        var a = range.upperBound
        while a < text.count && text[a] == 0x20 && a - range.upperBound < 2 { a += 1 }
        if a < text.count {
            let c = text[a]
            if c == UInt8(ascii: "%") || c == UInt8(ascii: "$") || c == 0xE2 || c == 0xC2 { return true }
            if wordAfter(text, start: a, in: quantityWordsAfter) { return true }
            // Uzbek "so'm" (3 500 000 so'm)
            if a + 2 < text.count && (text[a] | 0x20) == UInt8(ascii: "s") && (text[a + 1] | 0x20) == UInt8(ascii: "o")
                && (text[a + 2] == UInt8(ascii: "'") || text[a + 2] == 0xE2) { return true }
        }
        return false
    }

    static let identifierMarkers: [[UInt8]] = ["invoice", "inv", "order", "ticket", "id", "ref", "nr", "po", "tracking",
        "case", "sku", "isbn", "account", "acct", "iban", "vat", "tax", "ein", "zip", "postcode", "postal", "build", "version",
        "ver", "txn", "transaction", "item", "cep", "plz", "pedido", "factura", "fatura", "facture", "rechnung", "bestellung",
        "commande", "container", "awb", "nif", "cpf", "cnpj", "siret", "ssn", "cuenta", "conta", "kontonummer", "card",
        "siparis", "zamowienia", "zamowienie", "faktura", "faktury", "objednavka", "objednavky", "rendeles", "szamla",
        // bank account numbers: a bank's name or an account word before them
        "bank", "banco", "banque", "rekening", "rek", "norek", "stk", "vcb", "vietcombank", "techcombank", "bca", "bbva",
        "hdfc", "icici", "gtbank", "gtb", "kcb",
        // tax and company numbers, customs and freight
        "vkn", "tckn", "mersis", "gstin", "gst", "rfc", "curp", "cuit", "cuil", "rut", "ruc", "nit", "npwp", "ntn",
        "strn", "tin", "utr", "abn", "acn", "oib", "ico", "dic", "pib", "lccn", "hs", "hts", "seal", "lot", "batch",
        "serial", "waybill", "receipt", "steuernummer", "fiscale", "nipc", "edrpou",
        // European company, tax and payment references: Czech variable
        // symbol, Finnish viitenumero, Icelandic kennitala, Danish CVR,
        // Norwegian orgnr, Polish NIP, Romanian CIF, Bulgarian EIK (in Latin)
        "symbol", "symbolu", "viitenumero", "viite", "kennitala", "cvr", "orgnr", "nip", "cif", "eik", "bulstat",
        // electricity and water meters (Kenya's prepaid LUKU tokens)
        "meter", "mita", "luku",
        // Latin American payment receipts and case numbers: "me salió el folio 8847203"
        "folio", "comprobante", "protocolo", "nsu", "autenticacao", "operacion", "referencia",
        // software releases: kernel 5.15.0-117
        "kernel", "firmware", "fw",
        // a receipt in Uzbek ("chek raqami 00418825"); Azerbaijani tax number
        "chek", "voen",
        // a QQ number: a messenger id
        "qq",
        // Vietnamese tax code: "MST 0316482957", "mã số thuế 0316…"
        "mst", "thue"]
        .map { Array($0.utf8) }

    /// Markers that count only as the word right before the run.
    static let adjacentOnlyMarkers: [[UInt8]] = [Array("po".utf8)]

    /// Tagalog words that put a politeness "po" right before a number
    /// ("viber ko po 0917…", "eto po 0918…"); a purchase order's "PO" follows
    /// English ("our PO 4500…").
    static let politePoPrecursors: [[UInt8]] = ["ko", "mo", "nyo", "niyo", "namin", "natin", "eto", "ito", "heto",
        "yan", "yun", "iyan", "iyon", "lang", "naman", "na", "sa", "kay", "me", "ako", "sakin", "kami"].map { Array($0.utf8) }

    /// The word before `wordStart` (after spaces) is one of `politePoPrecursors`.
    static func isPolitePo(_ text: UnsafeRawBufferPointer, wordStart: Int) -> Bool {
        var end = wordStart
        while end > 0 && text[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > 0 && isLetter(text[start - 1]) { start -= 1 }
        return start < end && matchesWord(text, start..<end, in: politePoPrecursors)
    }

    /// Order, invoice and tracking words of other scripts, folded as the
    /// normaliser folds the text (Cyrillic partly to Latin look-alikes,
    /// `заказ` → `зakaз`; Indic and Thai vowel marks dropped). Looked for
    /// anywhere in the bytes before a run, since these scripts glue words
    /// (`주문번호`, `订单号`) or put an article in front (`الطلب`).
    static let scriptIdentifierMarkers: [[UInt8]] = [
        "طلب", "فاتور", "شحنة", "سفارش", "فاکتور", "ऑर्डर", "इनवॉइस", "चालान", "অর্ডার", "ইনভয়েস", "คำสั่งซื้อ", "ออเดอร์",
        "ใบแจ้งหนี้", "订单", "单号", "发票", "快递", "注文", "請求書", "伝票", "주문", "송장", "заказ", "счет", "накладн",
        "замовлен", "рахунок", "आईडी",
        // tax, company and national numbers; receipts and tracking codes
        "사업자", "등록번호", "رهگیری", "شناسه", "کد ملی", "ضريب", "السجل", "єдрпоу", "едрпоу", "іпн", "инн ", "огрн",
        "кпп", "снилс", "пиб", "матични", "αφμ", "τιμολογ", "הזמנה", "חשבונית", "ח.פ", "ע.מ", "ደረሰኝ", "ٹی این",
        "انوائس", "税号", "信用代码", "运单", "登録番号", "法人番号", "ภาษี", "พัสดุ",
        // Greek VAT number in capitals (Μ folds to Latin m, μ does not);
        // Bulgarian company, VAT, order and waybill words.
        "ΑΦΜ", "еик", "булстат", "ддс", "поръчк", "товарителниц",
        // Taiwan's business number; a QQ number is a messenger id, not a phone.
        "統一編號", "统一编号", "統編", "企鹅", "企鵝", "扣扣",
        // Tax and company numbers in capitals (Н folds to Latin h, н does
        // not), Kazakh and Uzbek ones; a payment's or receipt's number.
        "ИНН", "ОГРН", "КПП", "ЕДРПОУ", "ИПН", "БИН", "ИИН", "СТИР", "ПИНФЛ", "платеж", "платёж", "платіж", "квитанц",
        "транзакц",
    ].map { word in
        let out = NormalizedText()
        let span = Array(word.utf8).withUnsafeBytes { TextNormalizer().append($0, to: out) }
        return Array(out.bytes.bytes[Int(span.start)..<Int(span.end)])
    }

    /// One of `scriptIdentifierMarkers` ends within the 48 bytes before `start`.
    static func hasScriptIdentifierMarker(_ text: UnsafeRawBufferPointer, before start: Int) -> Bool {
        let from = max(0, start - 48)
        guard (from..<start).contains(where: { text[$0] >= 0x80 }) else { return false }
        let window = UnsafeRawBufferPointer(rebasing: text[from..<start])
        return scriptIdentifierMarkers.contains { marker in
            window.count >= marker.count && (0...(window.count - marker.count)).contains { i in
                window[i] == marker[0] && zip(marker, window[i..<(i + marker.count)]).allSatisfy { $0 == $1 }
            }
        }
    }

    /// Hiragana or katakana anywhere in the message (U+3041–U+30FF, UTF-8
    /// E3 81 81 – E3 83 BF): the text is Japanese.
    static func containsKana(_ text: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 2 < text.count {
            if text[i] == 0xE3 && (text[i + 1] == 0x81 || text[i + 1] == 0x82 || text[i + 1] == 0x83) { return true }
            i += 1
        }
        return false
    }

    /// The run follows an IBAN's start (`gb71 monz 0400 …`, `de89 3704 …`)
    /// within the previous two words.
    static func isInsideIBAN(_ text: UnsafeRawBufferPointer, before start: Int) -> Bool {
        var end = start
        for _ in 0..<3 {
            while end > 0 && text[end - 1] == 0x20 { end -= 1 }
            var wordStart = end
            while wordStart > 0 && isAlnum(text[wordStart - 1]) { wordStart -= 1 }
            guard wordStart < end else { return false }
            if end - wordStart == 4 && isLetter(text[wordStart]) && isLetter(text[wordStart + 1])
                && isDigit(text[wordStart + 2]) && isDigit(text[wordStart + 3]) { return true }
            end = wordStart
        }
        return false
    }

    static let numberAbbreviations: [[UInt8]] = [Array("no".utf8)]

    /// Words that make "no." a phone's label: whose it is or what kind.
    static let phoneOwners: [[UInt8]] = ["my", "your", "ur", "his", "her", "our", "mobile", "mob", "phone", "contact",
        "whatsapp", "wa", "cell", "tel", "hp", "personal", "cel", "celular"].map { Array($0.utf8) }

    /// The word ending (after spaces) just before `end` is one of `phoneOwners`.
    static func isPhoneOwner(_ text: UnsafeRawBufferPointer, before end: Int) -> Bool {
        var wordEnd = end
        while wordEnd > 0 && text[wordEnd - 1] == 0x20 { wordEnd -= 1 }
        var wordStart = wordEnd
        while wordStart > 0 && isLetter(text[wordStart - 1]) { wordStart -= 1 }
        return wordStart < wordEnd && matchesWord(text, wordStart..<wordEnd, in: phoneOwners)
    }

    /// Words that say the number after them is for calling or texting; a
    /// marker further back then labels something else ("a senha do app do
    /// banco no zap (21) 99874-3160").
    static let phoneChannelWords: [[UInt8]] = ["whatsapp", "whats", "wa", "zap", "zapzap", "viber", "telegram", "tg",
        "signal", "phone", "tel", "mobile", "cell", "celular", "cel", "hp", "sms", "txt", "text", "sdt"]
        .map { Array($0.utf8) }

    /// Calling words of CJK scripts, folded as the normaliser folds them (no
    /// Cyrillic: it folds partly to Latin letters, which the word loop reads): "LINE ID：ting.design，手機 0912-386-507" gives a
    /// phone after an id, not an id.
    static let scriptPhoneWords: [[UInt8]] = ["手機", "手机", "電話", "电话", "携帯", "ケータイ", "전화", "핸드폰", "휴대폰",
        "폰번"].map { word in
        let out = NormalizedText()
        let span = Array(word.utf8).withUnsafeBytes { TextNormalizer().append($0, to: out) }
        return Array(out.bytes.bytes[Int(span.start)..<Int(span.end)])
    }

    /// One of `scriptPhoneWords` lies inside `gap`.
    static func containsScriptPhoneWord(_ text: UnsafeRawBufferPointer, _ gap: Range<Int>) -> Bool {
        guard gap.contains(where: { text[$0] >= 0x80 }) else { return false }
        return scriptPhoneWords.contains { word in
            gap.count >= word.count && (gap.lowerBound...(gap.upperBound - word.count)).contains { i in
                zip(word, text[i..<(i + word.count)]).allSatisfy { $0 == $1 }
            }
        }
    }

    /// One of the last three words before `start` (within 24 bytes) is an
    /// invoice/order/ticket/id marker, and no calling or texting word stands
    /// between it and the number.
    static func isIdentifier(_ text: UnsafeRawBufferPointer, before start: Int) -> Bool {
        let from = max(0, start - 24)
        var end = start
        for round in 0..<3 {
            let gapEnd = end
            while end > from && !isLetter(text[end - 1]) { end -= 1 }
            if containsScriptPhoneWord(text, end..<gapEnd) { return false }
            var wordStart = end
            while wordStart > from && isLetter(text[wordStart - 1]) { wordStart -= 1 }
            guard wordStart < end else { return false }
            if matchesWord(text, wordStart..<end, in: phoneChannelWords) { return false }
            if matchesWord(text, wordStart..<end, in: identifierMarkers) {
                // Tagalog "po" is politeness ("eto po gcash ko 0918…"); a
                // purchase order's "PO" stands right before its number.
                if !matchesWord(text, wordStart..<end, in: adjacentOnlyMarkers) { return true }
                if round == 0 && !isPolitePo(text, wordStart: wordStart) { return true }
            }
            // "No." and "Nr." abbreviate "number"; a bare "no" is just English.
            // "My no.", "mobile no.", "WhatsApp no." label a phone, not an id.
            if end < start && text[end] == UInt8(ascii: ".") && matchesWord(text, wordStart..<end, in: numberAbbreviations) {
                return !isPhoneOwner(text, before: wordStart)
            }
            end = wordStart
        }
        return false
    }

    /// Case-insensitive comparison of `text[range]` with each of `words`.
    static func matchesWord(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, in words: [[UInt8]]) -> Bool {
        words.contains { word in
            word.count == range.count && zip(word, text[range]).allSatisfy { $0 == ($1 | 0x20) }
        }
    }

    static func looksLikeDate(_ span: UnsafeRawBufferPointer, groups: [(start: Int, length: Int)], separators: [UInt8]) -> Bool {
        guard groups.count >= 3, separators.count >= 2, separators[0] == separators[1],
              [UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ".")].contains(separators[0]) else { return false }
        // A date has three groups joined by its separator (a time may follow,
        // after another one): 06.52.83.17.04 is a French number.
        if separators.count >= 3 && separators[2] == separators[0] { return false }
        func value(_ g: (start: Int, length: Int)) -> Int {
            span[g.start..<g.start + g.length].reduce(0) { $0 * 10 + Int($1 &- 0x30) }
        }
        let l = (groups[0].length, groups[1].length, groups[2].length)
        if l.0 == 4 && l.1 <= 2 && l.2 <= 2 { return value(groups[1]) <= 12 && value(groups[2]) <= 31 }
        guard l.0 <= 2 && l.1 <= 2 && (l.2 == 4 || l.2 == 2) else { return false }
        // Day and month either way round (20/11, 11/20).
        let a = value(groups[0]), b = value(groups[1])
        return a <= 31 && b <= 31 && min(a, b) <= 12
    }

    /// Day-and-month dates joined by a dash or listed: `05.12-09.12`,
    /// `1/3-15/3`, `03/10, 17/10`, `03/10; 17/10; 31/10`.
    static func looksLikeDateRange(_ span: UnsafeRawBufferPointer, groups: [(start: Int, length: Int)], separators: [UInt8]) -> Bool {
        guard groups.count >= 4, groups.count % 2 == 0, groups.allSatisfy({ $0.length <= 2 }),
              separators[0] == UInt8(ascii: ".") || separators[0] == UInt8(ascii: "/") else { return false }
        // Within a date its own separator; between dates a dash (or an en
        // dash's first byte), a comma, a semicolon or a space.
        let joints: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: ","), UInt8(ascii: ";"), 0x20, 0xE2]
        for (k, separator) in separators.enumerated() where k % 2 == 0 ? separator != separators[0] : !joints.contains(separator) {
            return false
        }
        func value(_ g: (start: Int, length: Int)) -> Int {
            span[g.start..<g.start + g.length].reduce(0) { $0 * 10 + Int($1 &- 0x30) }
        }
        func isDayAndMonth(_ a: Int, _ b: Int) -> Bool { a >= 1 && b >= 1 && a <= 31 && b <= 31 && min(a, b) <= 12 }
        return stride(from: 0, to: groups.count, by: 2).allSatisfy { isDayAndMonth(value(groups[$0]), value(groups[$0 + 1])) }
    }

    /// Versions (2.10.3) and IP addresses: three or four dot-separated groups
    /// of at most three digits (five pairs, 06.52.83.17.04, are a French
    /// number).
    static func looksLikeDottedNumber(_ span: UnsafeRawBufferPointer, groups: [(start: Int, length: Int)], separators: [UInt8]) -> Bool {
        guard (3...4).contains(groups.count), separators.allSatisfy({ $0 == UInt8(ascii: ".") }) else { return false }
        return groups.allSatisfy { $0.length <= 3 }
    }

    /// `1000-2000`: two equal-length groups, the second larger; or two
    /// round hundreds, the second larger (`800-1500`; a phone's groups are
    /// never both round).
    static func isRange(_ span: UnsafeRawBufferPointer, groups: [(start: Int, length: Int)], separators: [UInt8]) -> Bool {
        guard groups.count == 2, separators.first == UInt8(ascii: "-") else { return false }
        func value(_ g: (start: Int, length: Int)) -> Int {
            span[g.start..<g.start + g.length].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        let (low, high) = (value(groups[0]), value(groups[1]))
        if groups[0].length == groups[1].length { return low < high }
        return low < high && low % 100 == 0 && high % 100 == 0 && span[groups[0].start] != 0x30
    }

    /// Right after the run, a `/` (spaced or not) or a glued `-`, then more
    /// digits: the run is one piece of a longer number. (A spaced dash may
    /// start an hour: "0917 555 2204 - 9am to 5pm".)
    static func isFollowedByMoreGroups(_ text: UnsafeRawBufferPointer, after end: Int) -> Bool {
        if end + 1 < text.count && text[end] == UInt8(ascii: "-") { return isDigit(text[end + 1]) }
        var a = end
        while a < text.count && text[a] == 0x20 { a += 1 }
        guard a < text.count, text[a] == UInt8(ascii: "/") else { return false }
        a += 1
        while a < text.count && text[a] == 0x20 { a += 1 }
        return a < text.count && isDigit(text[a])
    }

    static func wordBefore(_ text: UnsafeRawBufferPointer, end: Int, in words: [[UInt8]]) -> Bool {
        var s = end
        while s > 0 && isLetter(text[s - 1]) { s -= 1 }
        return s < end && matchesWord(text, s..<end, in: words)
    }

    static func wordAfter(_ text: UnsafeRawBufferPointer, start: Int, in words: [[UInt8]]) -> Bool {
        var e = start
        while e < text.count && isLetter(text[e]) { e += 1 }
        return e > start && matchesWord(text, start..<e, in: words)
    }
}
