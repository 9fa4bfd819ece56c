import Testing
@testable import OffsideCore

/// Pay set against the size of the task beside it: kept only when the pay
/// per hour, page or word is out of line.
@Suite struct PayRateValidatorTests {
    /// Whether the validator keeps the sum `sum` in `text`.
    func keeps(_ text: String, sum: String) -> Bool {
        let bytes = Array(text.utf8)
        let start = text.utf8.distance(from: text.utf8.startIndex, to: text.utf8.firstRange(of: sum.utf8)!.lowerBound)
        return bytes.withUnsafeBytes { PayRateValidator.accepts(text: $0, range: start..<(start + sum.utf8.count)) }
    }

    func amount(_ span: String) -> Double? {
        Array(span.utf8).withUnsafeBytes { PayRateValidator.amount(in: $0) }
    }

    @Test func readsSums() {
        #expect(amount("$1,200") == 1200)
        #expect(amount("€ 2.500") == 2500)
        #expect(amount("$89.99") == 89.99)
        #expect(amount("$1,200.50") == 1200.5)
        #expect(amount("$2k") == 2000)
        #expect(amount("$900, ") == 900)
        #expect(amount("$") == nil)
        // Indian grouping: lakhs of two digits between the thousands.
        #expect(amount("₹1,50,000") == 150_000)
        #expect(amount("₹12,34,567.50") == 1_234_567.5)
        #expect(amount("$1,50") == 1.5)
    }

    @Test func readsThousandsGroupedBySpaces() {
        // The match starts at the last group; the groups before it count.
        #expect(keeps("je paie 2 500 € pour 2 hours de travail", sum: "500 €"))     // €1,250 an hour
        #expect(!keeps("je paie 500 € pour 2 hours de travail", sum: "500 €"))       // €250 an hour
        // A longer number before it is not a group of this one.
        #expect(!keeps("model 4321 500 € for 2 hours", sum: "500 €"))
    }

    @Test func outOfLineForTheTimeOrSize() {
        #expect(keeps("each task pays $40 and takes 5 min.", sum: "$40"))                   // $480 an hour
        #expect(keeps("$1,200/day to test a mobile app for 20 minutes", sum: "$1,200"))     // $3,600 an hour
        #expect(keeps("need a proofread of a 2-page flyer, paying $900, today", sum: "$900"))  // $450 a page
        #expect(keeps("$300 to fill a ten minute survey", sum: "$300"))
        #expect(keeps("$200 for half an hour of liking posts", sum: "$200"))
    }

    @Test func inLineOrNoSizeGiven() {
        #expect(!keeps("$200 to fix the bug, about 2 hours of work", sum: "$200"))          // $100 an hour
        #expect(!keeps("I charge $450/hour, the call takes 30 minutes", sum: "$450"))      // already per hour
        #expect(!keeps("the logo is $900", sum: "$900"))                                    // no size at all
        #expect(!keeps("$3,000 total, please reply within 2 hours", sum: "$3,000"))         // a deadline
        #expect(!keeps("logo for $150, delivered in 24 hours", sum: "$150"))
        #expect(!keeps("3 pages at $180 each", sum: "$180"))                                // $180 a page
        #expect(!keeps("$120 for 2,000 words", sum: "$120"))                               // 6 cents a word
        #expect(keeps("$12,000 for 2,000 words of captions", sum: "$12,000"))               // $6 a word
        #expect(!keeps("it takes 5 minutes. the whole site is $900", sum: "$900"))          // another sentence
        #expect(!keeps("price range: 100-300 words at $3,200 per batch", sum: "$3,200"))    // each piece's size
        #expect(!keeps("100 to 200 words at $1,250 per batch", sum: "$1,250"))
    }

    @Test func sizesInOtherLanguages() {
        #expect(keeps("relire 100 mots pour 900 €", sum: "900 €"))                           // €9 a word
        #expect(keeps("responder una encuesta de 10 minutos, pago 300 €", sum: "300 €"))
        #expect(keeps("2 seiten abtippen für 1.500 €", sum: "1.500 €"))                       // €750 a page
        #expect(!keeps("traduire 2 000 mots pour 180 €", sum: "180 €"))                      // 9 cents a word
        #expect(!keeps("je facture 300 € de l'heure, la réunion dure 30 minutes", sum: "300 €"))  // already per hour
        #expect(!keeps("sito completo 900 €, consegna entro 2 ore", sum: "900 €"))            // a deadline
    }

    @Test func numberWordsInOtherLanguages() {
        // Normalised text: accents folded, as the validator sees it.
        #expect(keeps("ofrezco 1.500 € por revisar un pdf de tres paginas, hoy mismo.", sum: "1.500 € "))  // €500 a page
        #expect(keeps("pago 800 usd por traducir una pagina del ingles", sum: "800 usd "))
        #expect(keeps("r$ 500 por meia hora curtindo posts", sum: "r$ 500"))                   // R$1,000 an hour
        #expect(keeps("300 € per mezz'ora di sondaggi", sum: "300 €"))
        #expect(keeps("je paie 250 € pour une demi-heure de clics", sum: "250 €"))
        #expect(keeps("400 € fur eine halbe stunde umfragen", sum: "400 €"))
        #expect(keeps("600 € voor tien minuten werk", sum: "600 €"))
        // In line, or a deadline, or a web page to build.
        #expect(!keeps("cobro 900 € por diez paginas corregidas", sum: "900 €"))                // €90 a page
        #expect(!keeps("presupuesto 2.000 € por una pagina web completa", sum: "2.000 €"))
        #expect(!keeps("$2,000 for a one page website", sum: "$2,000"))
        #expect(!keeps("le pago 800 € y me responde dentro de dos horas", sum: "800 €"))
    }

    @Test func aPayLineBelongsToTheTaskBeforeIt() {
        // Normalised text, as the validator sees it.
        #expect(keeps("mission : relire un paragraphe de 100 mots. remuneration : 1 500 €", sum: "500 €"))
        #expect(keeps("task: proofread 100 words. pay: $900", sum: "$900"))
        // Any other sentence keeps its own bounds.
        #expect(!keeps("it takes 5 minutes. the whole site is $900", sum: "$900"))
        #expect(!keeps("it takes 5 minutes. pay: see the contract, $900 in total", sum: "$900"))
    }
}
