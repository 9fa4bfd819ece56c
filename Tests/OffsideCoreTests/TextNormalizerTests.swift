import Testing
@testable import OffsideCore

@Suite struct TextNormalizerTests {
    func normalize(_ text: String) -> (String, NormalizedText, NormalizedSpan) {
        let out = NormalizedText()
        let span = Array(text.utf8).withUnsafeBytes { TextNormalizer().append($0, to: out) }
        return (String(decoding: out.bytes.bytes, as: UTF8.self), out, span)
    }

    func folded(_ text: String) -> String { normalize(text).0 }

    /// The original text behind normalised bytes `from..<to`.
    func original(of needle: String, in text: String) -> String? {
        let (normalized, out, span) = normalize(text)
        guard let range = normalized.utf8.firstRange(of: needle.utf8) else { return nil }
        let from = normalized.utf8.distance(from: normalized.utf8.startIndex, to: range.lowerBound)
        let to = from + needle.utf8.count
        let originalRange = out.originalRange(from: from, to: to, span: span)
        return String(decoding: Array(text.utf8)[originalRange], as: UTF8.self)
    }

    @Test func asciiIsLowercasedWithAnIdentityMap() {
        let (text, _, span) = normalize("Mail ME")
        #expect(text == "mail me")
        #expect(span.originBase == -1)
    }

    @Test func compatibilityFormsAccentsAndInvisiblesFold() {
        #expect(folded("ｔｅｌｅｇｒａｍ") == "telegram")
        #expect(folded("pay\u{200B}pal\u{FEFF}") == "paypal")
        #expect(folded("wh\u{200D}ats\u{2060}app") == "whatsapp")
        #expect(folded("ab\tcd\nef\u{00A0}gh") == "ab cd ef gh")
        #expect(folded("café gmäil Straße") == "cafe gmail strasse")
        #expect(folded("𝐬𝐤𝐲𝐩𝐞 ⓣⓔⓛⓔⓖⓡⓐⓜ") == "skype telegram")
    }

    /// Letters with a stroke have no decomposition, so they need their own
    /// fold to meet the way people type them without the keyboard.
    @Test func lettersWithAStrokeFoldLikeAccents() {
        #expect(folded("zapłacę przelewem, Łódź") == "zaplace przelewem, lodz")
        #expect(folded("Øre, đồng") == "ore, dong")
        #expect(original(of: "zaplace", in: "Zapłacę ci jutro") == "Zapłacę")
    }

    /// Sentence punctuation of other scripts reads as its ASCII sign, so
    /// clause bounds and `none: ["?"]` see an Arabic or Hindi sentence end.
    /// CJK `。` stays: folded, `公司。网络` would look like a domain.
    @Test func sentencePunctuationOfOtherScriptsIsASCII() {
        #expect(folded("ممكن رقمك؟ شكرا، يا أخي؛ تمام۔") == folded("ممكن رقمك? شكرا, يا أخي; تمام."))
        #expect(folded("नंबर नहीं दूँगा। ठीक है॥") == folded("नंबर नहीं दूँगा. ठीक है."))
        #expect(folded("Շնորհակալություն։ ቁጥር አልሰጥም። ስልክ፧") == folded("Շնորհակալություն. ቁጥር አልሰጥም. ስልክ?"))
        #expect(folded("公司。网络") == "公司。网络")
    }

    @Test func homoglyphsFoldToTheirLatinSkeleton() {
        #expect(folded("skуpе") == "skype")  // Cyrillic у and е
        #expect(folded("ΡΑΥΡΑL") == "paypal")  // Greek capitals
        #expect(folded("zеllе") == "zelle")
        // Letters TR39 maps to small capitals, not to Latin (`scripts/gen-tables`).
        #expect(folded("sкype, telegraм, тelegram, κik") == "skype, telegram, telegram, kik")
    }

    /// A number typed on an Arabic, Persian, Hindi, Bengali or Thai keyboard
    /// is the same number: every script's decimal digits read as digits.
    @Test func everyScriptsDigitsBecomeDigits() {
        #expect(folded("٠٥٠٣٤٧١٢٨٩") == "0503471289")  // Arabic-Indic
        #expect(folded("۰۹۱۲ ۳۴۵") == "0912 345")  // Persian
        #expect(folded("९८७६५ ४३२१०") == "98765 43210")  // Devanagari, whose ० is no `o`
        #expect(folded("০১৭১২-৩৪৫৬৭৮") == "01712-345678")  // Bengali
        #expect(folded("๐๘๑-๒๓๔-๕๖๗๘") == "081-234-5678")  // Thai
        #expect(original(of: "0503471289", in: "رقمي ٠٥٠٣٤٧١٢٨٩ عليه") == "٠٥٠٣٤٧١٢٨٩")
    }

    @Test func keycapAndCircledDigitsBecomeDigits() {
        #expect(folded("4\u{FE0F}\u{20E3}1\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3}") == "415")
        #expect(folded("①②③ ❹❺ 𝟔𝟕") == "123 45 67")
        // The emoji plus in front of keycap digits is an international prefix.
        #expect(folded("\u{2795}4\u{FE0F}\u{20E3}4\u{FE0F}\u{20E3} 7\u{FE0F}\u{20E3}") == "+44 7")
    }

    @Test func droppedMarksBelongToTheCharacterBeforeThem() {
        // Evidence ending on a keycap digit keeps its marks, not "…1️⃣5".
        #expect(original(of: "415", in: "call 4\u{FE0F}\u{20E3}1\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3} now")
                == "4\u{FE0F}\u{20E3}1\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3}")
        #expect(original(of: "paypal", in: "pay\u{200B}pal\u{200B} me") == "pay\u{200B}pal\u{200B}")
        // A mark at the start has no character before it and stays out.
        #expect(original(of: "pay", in: "\u{200B}pay") == "pay")
    }

    @Test func spelledDigitsInAPhoneShapeBecomeDigits() {
        #expect(folded("five five five, one two three, 4 5 6 7") == "555,123,4567")
        #expect(folded("call nine one seven double five oh one three four") == "call 917550134")
        #expect(folded("meu zap é onze nove oito sete seis cinco quatro três") == "meu zap e 119876543")
        #expect(folded("cinco cinco cinco 1234") == "5551234")
    }

    @Test func singleDigitWordsOfMoreLanguagesBecomeDigits() {
        #expect(folded("beş üç iki, dört bir sıfır, yedi yedi, sekiz dokuz") == "532,410,77,89")
        #expect(folded("nul zes een twee drie vier vijf zes") == "06123456")
        #expect(folded("pięć zero jeden, dwa trzy cztery, osiem dziewięć") == "501,234,89")
        #expect(folded("zero sapte unu doi, trei patru cinci") == "0712,345")
        #expect(folded("nol delapan satu dua tiga empat lima enam") == "08123456")
        #expect(folded("noll sju tre fyra fem sex åtta nio") == "07345689")
        #expect(folded("namba ni sifuri saba mbili mbili, tano nne moja, nane sita tatu") == "namba ni 0722,541,863")
        #expect(folded("broj: nula šest četiri, tri osam dva, pet pet jedan devet") == "broj: 064,382,5519")
        #expect(folded("нула шест четири, три осам два, пет пет један девет").hasSuffix("064,382,5519"))
        // Bulgarian joins a ten and its unit, and a hundred and its tens, with `и`.
        #expect(folded("нула осем осем седем, двайсет и две") == "0887,22")
        #expect(folded("нула осем осем, четиристотин трийсет и две, сто и двайсет") == "088,432,120")
        #expect(folded("kazi ya siku tano, saba au nane") == "kazi ya siku tano, saba au nane")
        // A lone word of these stays a word.
        #expect(folded("bir iki gün içinde, een of twee dagen") == "bir iki gun icinde, een of twee dagen")
    }

    /// Dutch tens with their unit in front (`vierendertig` is 34), Hindi in
    /// Latin letters, Vietnamese.
    @Test func dutchHindiAndVietnameseNumbersBecomeDigits() {
        #expect(folded("bel me: nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig") == "bel me: 06,12,34,56,78")
        #expect(folded("nau aath saat, chhe paanch chaar, teen do ek zero") == "987,654,3210")
        #expect(folded("số em: không chín tám, bảy sáu năm, bốn ba hai một") == "so em: 098,765,4321")
        #expect(folded("i can do ten today") == "i can do ten today")
        #expect(folded("ba nam sau") == "ba nam sau")
    }

    /// Polish and Czech read a phone in hundreds and tens; Hungarian glues
    /// a number into one word.
    @Test func polishCzechAndHungarianNumbersBecomeDigits() {
        #expect(folded("mój numer: pięćset jeden, dwieście trzydzieści, czterysta pięćdziesiąt sześć")
                == "moj numer: 501,230,456")
        #expect(folded("číslo je sedm sedm sedm, dvě stě třicet, čtyři sta padesát") == "cislo je 777,230,450")
        #expect(folded("a számom: harminc, hétszáztizenkettő, harmincnégy, ötvenhat") == "a szamom: 30,712,34,56")
        #expect(folded("mam dwa koty i sto pomysłów") == "mam dwa koty i sto pomyslow")
        #expect(folded("one set of five logos") == "one set of five logos")
        #expect(folded("het nummer staat op de site") == "het nummer staat op de site")
    }

    /// Russian and Ukrainian number words, which the fold leaves in mixed
    /// script (`сорок` is `copok`, `восемь` is `вocemь`).
    @Test func russianAndUkrainianNumbersBecomeDigits() {
        #expect(folded("номер: восемь девятьсот шестнадцать, сто двадцать три, сорок пять, ноль семь").hasSuffix(": 8916,123,45,07"))
        #expect(folded("Восемь девять два шесть, один два три").hasPrefix("8926,123"))
        #expect(folded("нуль шістдесят сім, двісті сорок, двадцять два").hasSuffix("067,240,22"))
        #expect(!folded("у меня два кота и одна собака").contains("2"))
    }

    /// Mongolian tens take their unit behind them, in the attributive form too.
    @Test func mongolianNumbersBecomeDigits() {
        #expect(folded("Миний дугаар наян найм, гучин хоёр, тавин нэг, далан зургаа").hasSuffix("88,32,51,76"))
        #expect(folded("есөн нэг тэг хоёр, долоон гурав").hasSuffix("9102,73"))
        #expect(!folded("хоёр хуудас, гурван өдөр").contains("2"))
    }

    /// Ukrainian words with an apostrophe, and Russian and Ukrainian
    /// fillers between the groups.
    @Test func ukrainianApostropheWordsAndCyrillicFillersJoin() {
        #expect(folded("нуль шість сім, далі двісті тридцять чотири, а в кінці п'ятдесят шість дев'яносто").hasPrefix("067,234,5690"))
        #expect(folded("дев’ять п’ять нуль, потім сім сім сім").hasPrefix("950,777"))
        #expect(folded("восемь девять один шесть, потом три два ноль, потом семь семь") == "8916,320,77")
        #expect(!folded("п'ять хвилин і два дні").contains("5"))
    }

    /// Number words of Arabic, Persian, Urdu, Hindi, Bengali, Tamil, Greek
    /// and Hebrew, and the glued digits of Chinese, Japanese, Korean and Thai.
    @Test func numberWordsOfOtherScriptsInAPhoneShapeBecomeDigits() {
        #expect(folded("٠١٠ وبعدها تسعة ثمانية ٤٤ وبعدين ٣٢١٥ — ده رقمي").hasPrefix("01098443215 -"))
        #expect(folded("بنویس: صفر نه سه پنج، بعدش هفتصد و بیست و یک، آخرش سی و دو چهل و هشت") == "بنویس: 0935,721,3248")
        #expect(folded("میرا نمبر: صفر تین، پھر چار پانچ دو، پھر سات سات ایک آٹھ").hasSuffix("03,452,7718"))
        #expect(folded("नौ आठ दो सात, फिर चार चार, फिर सात एक शून्य छह") == "9827,44,7106")
        #expect(folded("শূন্য এক নয় তিন, তারপর চার সাত দুই, শেষে আট আট পাঁচ এক") == "0193,472,8851")
        #expect(folded("ஒன்பது எட்டு நாலு நாலு, ஏழு ஒன்று, மூன்று பூஜ்யம் ஆறு ஐந்து") == "9844,71,3065")
        #expect(folded("μηδέν έξι ένα δύο τρία τέσσερα πέντε") == "0612345")
        #expect(folded("אפס חמש שתיים, שבע שמונה תשע, אחת אחת") == "052,789,11")
        #expect(folded("电话一三八一二三四五六七八") == "电话13812345678")
        #expect(folded("卡号 陆贰贰贰 捌肆叁贰 壹零玖柒 伍伍陆叁") == "卡号 6222843210975563")
        #expect(folded("〇九〇の一二三四の五六七八") == "090-1234-5678")
        #expect(folded("携帯はゼロキューゼロのヨンイチナナのハチハチサンニーです").contains("090-417-8832"))
        // Hiragana too; its one-kana digits only go on a run of number words.
        #expect(folded("番号はゼロハチゼロ、ななよんいちに、さんごーきゅーろく").hasSuffix("080,7412,3596"))
        #expect(folded("090-1234-5678にご連絡を") == folded("090-1234-5678") + folded("にご連絡を"))
        // Armenian and Georgian glue a ten to its unit; Georgian counts in twenties.
        #expect(folded("զրո իննսունմեկ, քսաներեք, քառասունվեց, տասնութ") == "091,23,46,18")
        #expect(folded("ხუთას ოთხმოცდათორმეტი, ოცდაერთი, ორმოცდახუთი, ცამეტი") == "592,21,45,13")
        #expect(folded("ስልኬ ዜሮ ዘጠኝ አንድ አንድ፣ አራት አምስት ሁለት፣ ስድስት ዘጠኝ ስምንት") == folded("ስልኬ") + " 0911,452,698")
        // One such word is a count, not a number read out.
        #expect(!folded("ოცდაერთი დღე").contains("21"))
        #expect(folded("전화 공일공에 일이삼사에 오육칠팔 주세요") == "전화 010-1234-5678 주세요")
        #expect(folded("โทร ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด นะคะ") == "โทร 0812345678 นะคะ")
        // Groups of digits joined by "and then" twice read as one number.
        #expect(folded("6944 και μετά 218 και μετά 307") == "6944218307")
        // The digits stand for the words the user wrote.
        #expect(original(of: "138", in: "电话一三八一二三四五六七八") == "一三八")
    }

    @Test func ordinaryNumberWordsOfOtherScriptsStay() {
        #expect(!folded("एक दो बातें और, फिर तीन दिन में").contains("1"))
        #expect(!folded("一二三等奖 二〇二六年十一月").contains("1"))
        #expect(!folded("نه، ممنون. دو سه روز دیگر").contains("9"))
        #expect(!folded("در سال ۲۰۱۹ و بعد ۲۰۲۰ قیمت ۵۰۰ بود").contains("20192020"))
        #expect(!folded("이사 일정은 오늘 오후 삼시에").contains("1"))
        #expect(!folded("สวัสดีค่ะ สองสามวันนี้ว่างค่ะ").contains("2"))
    }

    @Test func turkishGroupsReadInHundredsAndTensBecomeDigits() {
        #expect(folded("beş yüz otuz iki, yüz on bir, yirmi iki, otuz üç") == "532,111,22,33")
        #expect(folded("sıfır beş yüz otuz iki, yedi yüz kırk bir, on sekiz, altmış dokuz") == "0532,741,18,69")
        // English "on" is no ten, and a lone hundred is words.
        #expect(folded("call me on five five five one two three four") == "call me on 5551234")
        #expect(folded("yüz kişi geldi") == "yuz kisi geldi")
    }

    @Test func numbersReadInPairsBecomeDigits() {
        #expect(folded("zéro six, quarante-sept, vingt et un, quatre-vingt-dix, treize") == "06,47,21,90,13")
        #expect(folded("zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit") == "06,12,34,56,78")
        #expect(folded("06 soixante et onze dix-sept quatre-vingts") == "06711780")
        #expect(folded("llámame al seis cuarenta y siete, treinta y dos, dieciocho, noventa") == "llamame al 647,32,18,90")
        #expect(folded("four one five, five five five, twenty-one ninety-nine") == "415,555,2199")
        #expect(folded("null sechs, siebenundvierzig, zwölf, dreiundachtzig") == "06,47,12,83")
        #expect(folded("tre tre nove, ventotto, quarantuno, sessantasei") == "339,28,41,66")
        #expect(folded("onze, nove oito sete sete, quarenta e dois, dezoito") == "11,9877,42,18")
        #expect(original(of: "064712", in: "tel: zéro six quarante-sept douze.") == "zéro six quarante-sept douze")
    }

    @Test func numbersReadOutInPartsJoinAcrossFillerWords() {
        #expect(folded("five one two, 555... then zero one nine eight") == "512,555...0198")
        #expect(folded("DDD onze, depois nove oito sete seis cinco, e no final quatro três dois um") == "ddd 11,98765,4321")
        #expect(folded("one and two and three, then four five six") == "123,456")
        #expect(folded("two pages, then the rest in five days") == "two pages, then the rest in five days")
    }

    @Test func ordinaryNumberWordsStay() {
        #expect(folded("twenty five pages and thirty revisions") == "twenty five pages and thirty revisions")
        #expect(folded("vingt et un jours, soixante-dix euros") == "vingt et un jours, soixante-dix euros")
        #expect(folded("since twenty twenty-six") == "since twenty twenty-six")
        #expect(folded("cuarenta y cinco minutos o una hora") == "cuarenta y cinco minutos o una hora")
        #expect(folded("two or three revisions, one more thing") == "two or three revisions, one more thing")
        #expect(folded("five pages by nine") == "five pages by nine")
        #expect(folded("dos o tres días") == "dos o tres dias")
    }

    @Test func lettersWrittenOneAtATimeAreJoined() {
        #expect(folded("s k y p e") == "skype")
        #expect(folded("w.h.a.t.s.a.p.p") == "whatsapp")
        #expect(folded("p a y p a l . m e / j o h n") == "paypal.me/john")
        #expect(folded("j o h n  s m i t h") == "john smith")
        #expect(folded("4 1 5 - 5 5 5") == "415-555")
        #expect(folded("plan a or b") == "plan a or b")
        // The first repeated gap is the spacing, so a one-letter word beside
        // a dotted run stays a word, and a dotted word stays apart from the
        // spaced digits after it.
        #expect(folded("got a g.m.a.i.l I can use?") == "got a gmail i can use?")
        #expect(folded("w.h.a.t.s.a.p.p 3 3 8 9") == "whatsapp 3 3 8 9")
        // Spaced like the run, a one-letter word stays apart only beside a
        // brand's name; anywhere else it joins.
        #expect(folded("a s k y p e") == "a skype")
        #expect(folded("pasame tu t e l e g r a m y te mando") == "pasame tu telegram y te mando")
        #expect(folded("e m a i l s") == "emails")
        #expect(folded("a j o h n") == "ajohn")
        // Letters of two-byte alphabets join as well, to what the word folds to.
        #expect(folded("пиши в т е л е г р а м") == folded("пиши втелеграм"))
        #expect(folded("в а т с а п") == folded("ватсап"))
        #expect(folded("v i b e r или т.е.л.е.г.р.а.м") == folded("viber или телеграм"))
        #expect(folded("ו ו א ט ס א פ") == folded("וואטסאפ"))
        #expect(folded("و ا ت س ا ب") == folded("واتساب"))
        #expect(folded("σ κ α ι π") == folded("σκαιπ"))
        // Syllables of Korean are words of their own; two single letters are not a run.
        #expect(folded("카 톡 아 이 디") == "카 톡 아 이 디")
        #expect(folded("я и ты").split(separator: " ").count == 3)
        // Single digits that go on into a longer group are a version or id.
        #expect(folded("firmware 3.0.0.4.388_24243") == "firmware 3.0.0.4.388_24243")
        #expect(folded("4.1.5.5.5.5.0.1.9.9") == "4155550199")
    }

    @Test func japaneseLongVowelMarkAndWaveDashBetweenDigitsAreADash() {
        #expect(folded("090ー1234ー5678") == "090-1234-5678")
        #expect(folded("０９０ー１２３４ー５６７８") == "090-1234-5678")
        #expect(folded("090ｰ1234") == "090-1234")
        // So are the wave dashes, which also write ranges.
        #expect(folded("090〜3381〜7246") == "090-3381-7246")
        #expect(folded("10:00〜12:00") == "10:00-12:00")
        #expect(folded("よろしく〜") == folded("よろしく") + "〜")
        #expect(original(of: "090-1234", in: "電話090ー1234です") == "090ー1234")
        // Anywhere else it is the vowel mark of a word.
        #expect(folded("コーヒー2杯") == "コーヒー2杯")
        #expect(folded("3ーつ") == "3ーつ")
    }

    @Test func atAndDotWordsFoldInAddressShapes() {
        #expect(folded("john (at) gmail (dot) com") == "john@gmail.com")
        #expect(folded("john[at]gmail[dot]com") == "john@gmail.com")
        #expect(folded("john at gmail dot com") == "john@gmail.com")
        #expect(folded("maria arroba hotmail punto com") == "maria@hotmail.com")
        #expect(folded("JOHN AT GMAIL.COM") == "john@gmail.com")
        #expect(folded("j o h n (at) g m a i l (dot) c o m") == "john@gmail.com")
        #expect(folded("paypal dot me/ana") == "paypal.me/ana")
        #expect(folded("linkedin dot com slash in slash ayesha") == "linkedin.com/in/ayesha")
        #expect(folded("calendly [dot] com / tomas-reyes") == "calendly.com/tomas-reyes")
        // A bracketed slash-word is a slash; other languages' slash-words; a
        // bare dot before any top-level domain when a slash follows; a link's
        // path or ending pushed away by a space.
        #expect(folded("linktr (dot) ee (slash) otieno_beats") == "linktr.ee/otieno_beats")
        #expect(folded("rafa-motion(ponto)com(barra)orcamento") == "rafa-motion.com/orcamento")
        #expect(folded("zencal kropka io ukośnik tomek-seo") == "zencal.io/tomek-seo")
        #expect(folded("calendly chấm com xuyệt thu-ux") == "calendly.com/thu-ux")
        #expect(folded("paypal punkt me schrägstrich stefanie") == "paypal.me/stefanie")
        #expect(folded("just enter adeolu dot design slash contact") == "just enter adeolu.design/contact")
        #expect(folded("here: instagram.com/ lena") == "here: instagram.com/lena")
        #expect(folded("linktr .ee/ sam_voiceover") == "linktr.ee/sam_voiceover")
        #expect(folded("a slot on calendly . com / nadia-ux / 30min") == "a slot on calendly.com/nadia-ux/30min")
        // The last piece of a dotted mailbox is no English word before "at".
        #expect(folded("it's nina.bergstrom.shop at gmail dot com") == "it's nina.bergstrom.shop@gmail.com")
        #expect(folded("the dot design is nice") == "the dot design is nice")
        #expect(folded("open 24/ 7 and a . b test") == "open 24/ 7 and a . b test")
        #expect(folded("giulia_r chiocciola libero.it") == "giulia_r@libero.it")
        #expect(folded("sanne apenstaartje gmail punt com") == "sanne@gmail.com")
        #expect(folded("jana (zavináč) novakova-data (tečka) cz") == "jana@novakova-data.cz")
        #expect(folded("ola (małpa) wp (kropka) pl") == "ola@wp.pl")
        // Swedish and Danish "snabel-a", bare or bracketed; Norwegian "krøllalfa".
        #expect(folded("erik.sjo (snabel-a) hotmail punkt se") == "erik.sjo@hotmail.se")
        #expect(folded("maila erik.sjo snabel-a hotmail punkt se") == "maila erik.sjo@hotmail.se")
        #expect(folded("skriv til kari.n krøllalfa online punktum no") == "skriv til kari.n@online.no")
        #expect(folded("mail: camille.petrov @ qq . com, thanks") == "mail: camille.petrov@qq.com, thanks")
        #expect(folded("ana @ gmail . com . thanks") == "ana@gmail.com . thanks")   // the sentence's end stays
        // Words that can only mean the sign need no common ending after a bare dot-word.
        #expect(folded("scrivimi a giulia chiocciola studioverde punto it per i file") == "scrivimi a giulia@studioverde.it per i file")
        // Indian English, Malay and Indonesian, Vietnamese.
        #expect(folded("its rajesh.k at the rate gmail dot com, will check") == "its rajesh.k@gmail.com, will check")
        #expect(folded("rajesh at the rate of gmail.com") == "rajesh@gmail.com")
        #expect(folded("emel saya hafiz.rahman di gmail titik com, hantar") == "emel saya hafiz.rahman@gmail.com, hantar")
        #expect(folded("mail em: thuhuong@gmail cham com") == "mail em: thuhuong@gmail.com")
        // A leet ending reads as one.
        #expect(folded("write to mark.owusu @ gm41l d0t c0m") == "write to mark.owusu@gmail.com")
    }

    /// Addresses spelled with the at- and dot-words of other scripts and
    /// languages, and providers named in the script.
    @Test func addressesSpelledInOtherScriptsFold() {
        #expect(folded("пишите kostya.mebel собака яндекс точка ру, отвечу").contains("kostya.mebel@yandex.ru,"))
        #expect(folded("메일 jiwoo.kim 골뱅이 daum 점 net 으로 주세요").contains("jiwoo.kim@daum.net"))
        // "쩜", the way 점 is said and typed in chat.
        #expect(folded("견적서는 hanbit 골뱅이 daum 쩜 net 으로 보내주세요").contains("hanbit@daum.net"))
        #expect(folded("գրեք anna.g շնիկ gmail կետ com, խնդրեմ").contains("anna.g@gmail.com"))
        #expect(folded("надішліть на oksana.druk собака ukr крапка net, бо").contains("oksana.druk@ukr.net,"))
        #expect(folded("الإيميل تبعي sara.design آت جيميل دوت كوم، ابعت").contains("sara.design@gmail.com"))
        #expect(folded("ایمیلم reza.tarjome ات یاهو دات کام، فایل").contains("reza.tarjome@yahoo.com"))
        #expect(folded("ड्रॉइंग मेल कर दो: rohit.cad एट द रेट जीमेल डॉट कॉम, यहाँ").contains("rohit.cad@gmail.com,"))
        #expect(folded("ইমেইল দিচ্ছি: tanvir.web অ্যাট জিমেইল ডট কম, বড়").contains("tanvir.web@gmail.com,"))
        #expect(folded("อีเมล pim.studio แอท จีเมล ดอท คอม ค่ะ").contains("pim.studio@gmail.com"))
        #expect(folded("メールは tanaka.ken アットマーク gmail ドット com でお願いします").contains("tanaka.ken@gmail.com"))
        #expect(folded("메일은 junho.park 골뱅이 네이버 닷컴으로 보내주세요").contains("junho.park@naver.com"))
        #expect(folded("邮箱 zhangwei圈a163点com，源文件发这里").contains("zhangwei@163.com,"))
        #expect(folded("mail của em là thu.ngan a còng gmail chấm com ạ").contains("thu.ngan@gmail.com"))
        #expect(folded("mail adresim emre.kurgu et işareti hotmail nokta com, ham").contains("emre.kurgu@hotmail.com,"))
        #expect(folded("az email címem balazs.foto kukac gmail pont com, oda").contains("balazs.foto@gmail.com,"))
        #expect(folded("maila mig på erik.lind snabel-a outlook punkt com").contains("erik.lind@outlook.com"))
        #expect(folded("Пиши ми на petya_design кльомба mail точка bg, там").contains("petya_design@mail.bg,"))
        #expect(folded("piši na marko.dizajn majmunče gmail tačka com, brže je").contains("marko.dizajn@gmail.com,"))
        #expect(folded("laheta jussi.k miukumauku gmail piste com niin").contains("jussi.k@gmail.com"))
        #expect(folded("пишіть на olena.drukar равлик ґмейл крапка ком, бо").contains("olena.drukar@gmail.com,"))
        #expect(folded("στείλε στο nikos.f παπάκι hotmail τελεία gr γιατί").contains("nikos.f@hotmail.gr"))
        #expect(folded("המייל שלי dana.levi שטרודל gmail נקודה com, תשלח").contains("dana.levi@gmail.com,"))
        #expect(folded("邮箱 wangli_design 艾特 qq 点 com，源文件").contains("wangli_design@qq.com,"))
        // The `@` stands for the at-word in the original text.
        #expect(original(of: "@", in: "пишите kostya.mebel собака яндекс точка ру") == "собака")
        // Prose with the same words stays.
        #expect(!folded("моя собака любит гулять, точка.").contains("@"))
        #expect(!folded("lưng a còng lắm").contains("@"))
        #expect(!folded("bir et işareti koy").contains("@"))
        #expect(!folded("le pont de la ville de Sète").contains("."))
        #expect(!folded("我们在163点见").contains("@"))
        #expect(!folded("کلمات ات یاهو").contains("@"))
    }

    @Test func linksSpelledInOtherScriptsFold() {
        #expect(folded("инстаграм точка ком слэш marina_tort_spb — там все").hasPrefix("instagram.com/marina_tort_spb -"))
        #expect(folded("پیجم: اینستاگرام دات کام اسلش nazanin.cakes — دایرکت").contains("instagram.com/nazanin.cakes -"))
        #expect(folded("เฟซบุ๊ก ดอท คอม ทับ nong.mai.photo ทักแชท").hasPrefix("facebook.com/nong.mai.photo "))
        #expect(folded("我的个人网站 lin 点 design 斜杠 contact，上面").contains("lin.design/contact,"))
        #expect(folded("인스타 닷컴 슬래시 seoul.bakery.jin 으로").hasPrefix("instagram.com/seoul.bakery.jin "))
        #expect(folded("сайт moyasite точка ру, заходите").contains("moyasite.ru,"))
        #expect(original(of: "instagram.com", in: "инстаграм точка ком слэш x") == "инстаграм точка ком")
        // The words in their ordinary sense stay.
        #expect(!folded("с моей точка зрения excel точка").contains("."))
        #expect(!folded("نقطة مهمة في التصميم").contains("."))
        #expect(!folded("这是要点 ok 点 好的").contains("."))
    }

    @Test func atAndDotWordsInProseStay() {
        #expect(folded("meet at 5 at the office") == "meet at 5 at the office")
        #expect(folded("the dot product of two vectors") == "the dot product of two vectors")
        #expect(folded("look at it dot by dot") == "look at it dot by dot")
        #expect(folded("code is at github.com/acme/shop") == "code is at github.com/acme/shop")
        #expect(folded("we are live at shop.io") == "we are live at shop.io")
        #expect(folded("pi is 3 . 14 @ home . ok") == "pi is 3 . 14 @ home . ok")
        #expect(folded("we got paid at the rate of 20 per page") == "we got paid at the rate of 20 per page")
        #expect(folded("rumah di jalan merdeka titik temu") == "rumah di jalan merdeka titik temu")
        #expect(folded("il file di marco punto it") == "il file di marco punto it")
        #expect(folded("elefantens snabel ar lang, snabel-a ar fint") == "elefantens snabel ar lang, snabel-a ar fint")
    }

    @Test func leetInsideWordsReadsAsLetters() {
        #expect(folded("wh@ts@pp") == "whatsapp")
        #expect(folded("p4yp4l or t3l3gr4m, w3stern uni0n") == "paypal or telegram, western union")
        #expect(folded("mail j0hn@gm4il.com") == "mail john@gmail.com")
        #expect(folded("v3nm0 me, 1nst4gr4m") == "venmo me, instagram")
        #expect(folded("p 4 y p @ l works") == "paypal works")
        #expect(folded("find me: maria@gmail, upi ravi.k@okaxis") == "find me: maria@gmail, upi ravi.k@okaxis")
        // One `@` for an `a` in a brand's name is read; in any other word it stays.
        #expect(folded("op wh@tsapp of p@ypal, my em@il") == "op whatsapp of paypal, my email")
        #expect(folded("ping me: sam@whatsapp, lou@mail") == "ping me: sam@whatsapp, lou@mail")
    }

    @Test func letterLookalikesInNumbersReadAsDigits() {
        #expect(folded("+44 79OO 4l8 236") == "+44 7900 418 236")
        #expect(folded("06 • 52 • 83 – 17") == "06 . 52 . 83 - 17")
        #expect(folded("h264 and 1lb") == "h264 and 1lb")
    }

    @Test func leetLookalikesStay() {
        for text in ["#ff5733", "v2.14.3", "0x52908400098527886e0f7030069857d2e4169ee7", "mp3 h264 b2b",
                     "gb33bukb20201555555555", "call +1 415 555 0134", "$1,250.00", "admin@example.com"] {
            #expect(folded(text) == text)
        }
    }

    @Test func offsetsMapBackToTheOriginalBytes() {
        #expect(original(of: "paypal", in: "ｍｙ pay\u{200B}pal!") == "pay\u{200B}pal")
        #expect(original(of: "john@gmail.com", in: "mail: j o h n (at) g m a i l (dot) c o m thanks")
                == "j o h n (at) g m a i l (dot) c o m")
        #expect(original(of: "555012", in: "it is double five five oh one two.") == "double five five oh one two")
        #expect(original(of: "skype", in: "my sk\u{0443}pe") == "sk\u{0443}pe")
        #expect(original(of: "whatsapp", in: "Wh@ts@pp me") == "Wh@ts@pp")
    }
}
