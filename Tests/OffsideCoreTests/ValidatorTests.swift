import Testing
@testable import OffsideCore

@Suite struct ValidatorTests {
    let validator = MatchValidator(urls: URLValidator(allowedHosts: ["upwork.com", "github.com", "behance.net"]))

    /// Validates `text` as a whole match, with normalised = original.
    func check(_ kind: ValidatorKind, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { raw in
            validator.accepts(kind, MatchValidator.Site(normalized: raw, local: 0..<raw.count, original: raw, range: 0..<raw.count))
        }
    }

    @Test func ibanAndCards() {
        #expect(check(.iban, "DE89 3704 0044 0532 0130 00"))
        #expect(!check(.iban, "DE88 3704 0044 0532 0130 00"))
        #expect(check(.card, "4111 1111 1111 1111"))
        #expect(check(.card, "3782 822463 10005"))  // Amex, 15 digits
        #expect(!check(.card, "4111 1111 1111 1112"))  // Luhn fails
        #expect(!check(.card, "9111 1111 1111 1116"))  // Luhn holds, no network starts with 9
    }

    @Test func bitcoinChecksums() {
        #expect(check(.btc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"))
        #expect(check(.btc, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"))
        #expect(!check(.btc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"))  // one character off
        #expect(check(.btc, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"))  // bech32, v0
        #expect(check(.btc, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"))  // bech32m, taproot
        #expect(!check(.btc, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr"))
    }

    @Test func ethereumAndTronChecksums() {
        #expect(check(.eth, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))  // EIP-55 vectors
        #expect(check(.eth, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"))
        #expect(!check(.eth, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"))  // wrong case on the last letter
        #expect(check(.eth, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"))  // all lower: no checksum to check
        #expect(!check(.eth, "0x52908400098527886E0F7030069857D2E4169EE"))
        #expect(check(.tron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"))
        #expect(check(.tron, "TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTnj"))
        #expect(!check(.tron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u"))
    }

    @Test func emailDomainsComeFromThePublicSuffixList() {
        #expect(check(.email, "maria.lopez@gmail.com"))
        #expect(check(.email, "ana@lima-studio.com.br"))
        #expect(check(.email, "kontakt@mueller.gmx.de"))
        #expect(!check(.email, "admin@example.com"))
        #expect(!check(.email, "test_user_123@testuser.com"))  // a payment sandbox's generated test user
        #expect(!check(.email, "qa@test.com"))
        #expect(!check(.email, "user@localhost"))
        #expect(!check(.email, "logo@2x.png"))  // .png is not a top-level domain
        #expect(!check(.email, "alice@staging.test"))
        #expect(!check(.email, "payp@l.me"))
        #expect(!check(.email, "someone@co.uk"))  // a public suffix with no name before it
    }

    @Test func urlsSkipThePlatformAndPortfolios() {
        #expect(check(.url, "https://calendly.com/maria"))
        #expect(check(.url, "linkedin.com/in/maria-lopez"))
        #expect(!check(.url, "https://www.upwork.com/jobs/123"))
        #expect(!check(.url, "github.com/acme/shop"))
        #expect(!check(.url, "maria.behance.net"))
        #expect(!check(.url, "index.html"))  // not a public suffix
        // Spaces typed around the dots and slashes; a site named without its
        // ending but with a path.
        #expect(check(.url, "calendly . com / maria"))
        #expect(check(.url, "linkedin / in / pablo-ruiz"))
        #expect(!check(.url, "github / acme / shop"))
        #expect(!check(.url, "linkedin"))
    }

    @Test func phonesFitTheirCountrysNumberingPlan() {
        #expect(check(.phone, "+1 415 555 0134"))
        #expect(check(.phone, "+44 7700 900123"))
        #expect(check(.phone, "+55 11 91234-5678"))
        #expect(check(.phone, "+49 1512 3456789"))
        #expect(check(.phone, "+44 (0)20 7946 0958"))  // trunk 0 after the code
        #expect(check(.phone, "(415) 555-0134"))
        #expect(!check(.phone, "+1 415 555 01345"))  // 11 national digits for +1
        #expect(!check(.phone, "+33 6 12 34 56"))  // 8 national digits for +33
    }

    /// Whether the phone validator takes `run` where it stands in `text`.
    func phone(_ run: String, in text: String) -> Bool {
        let bytes = Array(text.utf8)
        let start = text.utf8.distance(from: text.utf8.startIndex, to: text.utf8.firstRange(of: run.utf8)!.lowerBound)
        return bytes.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: start..<(start + run.utf8.count)) }
    }

    /// `phone(_:in:)` on the text as the normaliser folds it, for markers
    /// the fold changes (Cyrillic capitals, `№`).
    /// Nil when the run is not in the folded text.
    func normalisedPhone(_ run: String, in text: String) -> Bool? {
        let out = NormalizedText()
        let span = Array(text.utf8).withUnsafeBytes { TextNormalizer().append($0, to: out) }
        let folded = Array(out.bytes.bytes[Int(span.start)..<Int(span.end)])
        let needle = Array(run.utf8)
        guard let start = (0...(folded.count - needle.count)).first(where: { Array(folded[$0..<($0 + needle.count)]) == needle })
        else { return nil }
        return folded.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: start..<(start + needle.count)) }
    }

    @Test func aColonBetweenDigitsIsATimeButALabelsColonIsNot() {
        #expect(phone("138 1234 5678", in: "电话:138 1234 5678,有急事"))
        #expect(phone("0612 345 678", in: "tel:0612 345 678"))
        #expect(!phone("30 1234 5678", in: "at 10:30 1234 5678"))
        #expect(!phone("1234 5678", in: "ratio 16:9 and 1234 5678:12"))
        #expect(!phone("05.12-09.12", in: "термін 05.12-09.12, правки"))  // a date range
    }

    @Test func listedDatesAreNotAPhone() {
        #expect(!phone("03/10, 17/10", in: "entregas: 03/10, 17/10 y 31/10"))
        #expect(!phone("03.10; 17.10; 31.10", in: "termine 03.10; 17.10; 31.10"))
        // Each pair must be a day and a month: 45/67 is not.
        #expect(phone("45/67, 89/12", in: "call 45/67, 89/12"))
    }

    @Test func testDataNumbersAreNotPhones() {
        #expect(!phone("600 000 000", in: "para probar el formulario pon 600 000 000 en el movil"))
        #expect(!phone("555 555 5555", in: "the field shows 555 555 5555 as a hint"))
        #expect(phone("600 123 000", in: "mi movil 600 123 000"))
    }

    @Test func paymentReceiptNumbersAreNotPhones() {
        #expect(!phone("8847203", in: "pague con spei, me salio el folio 8847203. ¿te aparece?"))
        #expect(!phone("48812937", in: "comprobante 48812937 do pix"))
        #expect(!phone("24681357", in: "統一編號 24681357 我已經填在平台的發票資料裡了"))
        // A QQ number is a messenger id.
        #expect(!phone("28514 / 67309", in: "加企鹅 28514 / 67309 发你教程"))
        #expect(!phone("2851467309", in: "my qq 2851467309"))
        // A Vietnamese tax code.
        #expect(!phone("0316482957", in: "mst 0316482957"))
        #expect(!phone("0316482957", in: "ma so thue: 0316482957"))
        // Russian tax numbers in capitals, a payment's number, an Uzbek receipt.
        #expect(normalisedPhone("7728168971", in: "платформа просит ИНН 7728168971 и ОГРН 1027700132195") == false)
        #expect(normalisedPhone("830021947", in: "Скрин оплаты прикрепил: платёж № 830021947") == false)
        #expect(!phone("00418825", in: "chek raqami 00418825"))
    }

    /// Prices in the currencies of Turkey, the Caucasus and Central Asia.
    @Test func centralAsianPricesAreNotPhones() {
        #expect(!phone("3 500 000", in: "narxi 3 500 000 so'm"))
        #expect(!phone("180 000", in: "180 000 tenge, 5 kun"))
        #expect(phone("8 747 301 62 95", in: "номер 8 747 301 62 95"))
    }

    /// A calling word between an id and the number makes the number a phone
    /// again: the id labelled the messenger handle before it.
    @Test func aCallingWordAfterAnIdGivesAPhone() {
        #expect(phone("0912-386-507", in: "我的 LINE ID：ting.design，手機 0912-386-507 也可以直接打給我"))
        #expect(phone("010-4827-3391", in: "카톡 id: minji_art, 전화 010-4827-3391"))
        #expect(phone("0912 386 507", in: "line id: ting, sdt 0912 386 507"))
        #expect(!phone("0912-386-507", in: "訂單 id：0912-386-507"))
    }

    /// A typographic dash or bullet folded to its ASCII separator does not
    /// make a number "written apart": opening hours typed with an en dash
    /// stay hours. Keycaps, letters and spaced digits still do.
    @Test func aTypographicDashIsNotADisguise() {
        func apart(_ original: String, _ matched: String) -> Bool {
            Array(original.utf8).withUnsafeBytes { o in
                Array(matched.utf8).withUnsafeBytes { m in MatchValidator.isWrittenApart(original: o, matched: m) }
            }
        }
        #expect(!apart("08.00–21.00", "08.00-21.00"))
        #expect(!apart("06 • 52 • 83 • 17 • 04", "06 . 52 . 83 . 17 . 04"))
        #expect(!apart("0171\u{00A0}884\u{00A0}1207", "0171 884 1207"))
        #expect(apart("nine 8 2 0 1", "9 8 2 0 1"))
        #expect(apart("9\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}", "98"))
        #expect(apart("０９１７", "0917"))
        #expect(apart("98\u{200B}20", "9820"))
    }

    /// Pieces of bank account numbers, round ranges and a purchase order's
    /// "PO" are not phones; Tagalog's polite "po" before a number is no
    /// "PO", and a spaced dash after a number may start an hour.
    @Test func accountPiecesAndRoundRangesAreNotPhonesButPoliteNumbersAre() {
        #expect(!phone("012180 / 0045", in: "012180 / 0045 / 77231908 BBVA a nombre de Rocío"))
        #expect(!phone("1012 . 338 . 9077", in: "vcb 1012 . 338 . 9077 - nguyen thi hoa"))
        #expect(!phone("800-1500", in: "日薪800-1500,只需"))
        #expect(phone("555-1234", in: "call 555-1234 after six"))
        #expect(!phone("4410 2289 771", in: "PO 4410 2289 771 is approved"))
        #expect(phone("09 17 55 220 48", in: "sige po sir, salamat! 09 17 55 220 48 po yung gcash ko"))
        #expect(phone("0918 - 442 / 7715", in: "eto po gcash ko 0918 - 442 / 7715 (r. santos)"))
        #expect(phone("0917 456 2190", in: "viber ko po 0917 456 2190"))
        #expect(phone("0917 456 2190", in: "eto po 0917 456 2190"))
        #expect(!phone("4410 2289 771", in: "our po 4410 2289 771 is approved"))
        #expect(phone("0917 555 2204", in: "text me 0917 555 2204 - 9am to 5pm only"))
        #expect(phone("0918 552 7309", in: "txt me po 0918 552 7309 for the cake orders"))
    }

    /// Meter numbers and a run cut short of a longer amount are not phones;
    /// a messenger word between an account word and a number makes it one,
    /// and two-letter words around a spaced number do not make it a parcel id.
    @Test func metersAndCutAmountsAreNotPhones() {
        #expect(phone("688 25 19 52", in: "text me on 688 25 19 52 so we can talk properly."))
        #expect(!phone("0412 7789 332", in: "namba ya mita ya luku ni 0412 7789 332, tafadhali"))
        #expect(!phone("45.000-75", in: "(bang gia 45.000-75.000d) em gui"))
        #expect(phone("(21) 99874-3160", in: "a senha do app do banco no zap (21) 99874-3160 que eu cadastro"))
        #expect(!phone("99874-3160", in: "o numero da conta 99874-3160 no banco"))
    }

    /// A keycapped run of twelve digits is a full international number typed
    /// without its plus when its calling code and length fit; the same run in
    /// plain digits stays an id.
    @Test func keycappedInternationalNumbersWithoutAPlusArePhones() {
        let run = "447912330856"
        let text = Array("samples on WhatsApp: \(run)".utf8)
        let start = text.count - run.utf8.count
        #expect(text.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: start..<text.count, spelledOut: true) })
        #expect(!text.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: start..<text.count, spelledOut: false) })
        let unassigned = Array("samples on WhatsApp: 999912330856".utf8)  // 999 is no calling code
        let grouped = Array("call 9087 6651 4230".utf8)  // spelled in groups: no plus-less full number
        #expect(!grouped.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: 5..<grouped.count, spelledOut: true) })
        #expect(!unassigned.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: start..<unassigned.count, spelledOut: true) })
    }

    /// A Japanese postcode in Japanese text and a kernel release are not
    /// phones; a Japanese number with its area code is.
    @Test func japanesePostcodesAndKernelReleasesAreNotPhones() {
        #expect(!phone("150-0041", in: "| 20260831-0047 | 2026/08/31 | 48,600 | 150-0041 | の結果です"))
        #expect(phone("03-5412-7788", in: "お電話は 03-5412-7788 までどうぞ"))
        #expect(!phone("5.15.0-117", in: "ubuntu 22.04.4, kernel 5.15.0-117."))
    }

    /// Order and invoice numbers named in other scripts are not phones;
    /// a phone in the same script is.
    @Test func orderNumbersInOtherScriptsAreNotPhones() {
        #expect(!phone("4578219033", in: "رقم الطلب 4578219033 — الشحنة متأخرة"))
        #expect(!phone("20261118-0045321", in: "주문번호 20261118-0045321 건"))
        #expect(!phone("4471 2290 31", in: "номер зakaзa 4471 2290 31"))
        #expect(!phone("5532 1187 09", in: "siparis numarasi 5532 1187 09"))
        // As the normaliser leaves the text: the Bengali virama is dropped.
        #expect(!phone("8871234560", in: "অরডার নমবর 8871234560 এর"))
        #expect(phone("050 347 1289", in: "رقمي 050 347 1289 عليه واتساب"))
    }

    /// Tax, company and freight numbers, versions and colour values, and
    /// the dash shapes of ids and postcodes are not phones; phones written
    /// beside them are.
    @Test func taxIdsVersionsAndIdShapesAreNotPhones() {
        #expect(!phone("4820193375", in: "fatura no: abc2025000000417, vkn 4820193375, tutar"))
        #expect(!phone("214-86-55810", in: "사업자등록번호 214-86-55810 으로 세금계산서"))
        #expect(!phone("4271839-6", in: "ntn 4271839-6 and invoice"))
        #expect(!phone("4050-174", in: "rua de cedofeita 512, 3.º esq., 4050-174 porto"))
        #expect(!phone("004417726", in: "the new bl no. and seal 004417726"))
        #expect(!phone("0004871", in: "hoa đon so 0004871, tong"))
        #expect(!phone("3.0.0.4.388", in: "firmware 3.0.0.4.388_24243"))
        #expect(!phone("68/39/0/63", in: "cmyk 68/39/0/63 for print"))
        #expect(!phone("8843 2210", in: "m-pesa receipt 8843 2210, dummy rows"))
        #expect(phone("0803 412 7750", in: "my line is 0803 412 7750, call after 5"))
        // A house number and a postcode; a birth date and four digits.
        #expect(!phone("45, 21000", in: "bulevar oslobodenja 45, 21000 novi sad"))
        #expect(!phone("12, 30-702", in: "ul. lipowa 12, 30-702 krakow"))
        #expect(!phone("510109-1230", in: "kennitala fyrirtaekisins er 510109-1230."))
        #expect(!phone("12345 67895", in: "lasku tulee alustan kautta, viitenumero 12345 67895"))
        #expect(phone("0641 234 567", in: "zovi me na 0641 234 567, hvala"))
        #expect(phone("79, 21, 44, 08", in: "in-numru tieghi: 79, 21, 44, 08"))
        #expect(phone("912-345-678", in: "ligue 912-345-678 à tarde"))
        #expect(phone("06.52.83.17.04", in: "appelle au 06.52.83.17.04 ce soir"))
        // Dotted groups typed a digit at a time are a number, not an IP.
        let dotted = Array("cel: 315.482.77.09".utf8)
        #expect(dotted.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: 5..<18, spelledOut: true) })
        #expect(!dotted.withUnsafeBytes { PhoneValidator.accepts(text: $0, range: 5..<18, spelledOut: false) })
    }

    /// The text of the span `bounds` finds around `word` in `text`.
    static func bounds(_ text: String, _ word: String,
                       _ bounds: (Range<Int>, UnsafeRawBufferPointer) -> Range<Int>) -> String {
        let bytes = Array(text.utf8)
        let start = text.utf8.firstRange(of: word.utf8)!
        let from = text.utf8.distance(from: text.utf8.startIndex, to: start.lowerBound)
        let range = bytes.withUnsafeBytes { bounds(from..<(from + word.utf8.count), $0) }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    @Test func refusalClauses() {
        func clause(_ text: String, _ word: String) -> String { Self.bounds(text, word, ClauseBounds.clause(around:in:)) }
        #expect(clause("happy to talk on skype, but the contract and payment stay here", "stay here")
                == "but the contract and payment stay here")
        #expect(clause("no. i don't share my email before a contract. ok?", "don't share") == " i don't share my email before a contract.")
    }

    /// A negation's phrase is its clause cut at commas as well.
    @Test func negationPhrases() {
        func phrase(_ text: String, _ word: String) -> String { Self.bounds(text, word, ClauseBounds.phrase(around:in:)) }
        #expect(phrase("pls dont fund the milestone, ill bill u directly. thanks", "bill u directly") == " ill bill u directly.")
        #expect(phrase("i can't accept payment directly, only through upwork", "payment directly")
                == "i can't accept payment directly,")
        #expect(phrase("price is 1,000 usd", "usd") == "price is 1,000 usd")  // a comma inside a number
    }
}
