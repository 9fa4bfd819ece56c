/// The clause around a match in a message's normalised text: bounded by
/// sentence punctuation (`.` `!` `?` `;` followed by a space or the end) and
/// by contrast words (`but`, `however`, `pero`, `mas`, `mais`, `aber`…).
/// A refusal negates what is in its own clause: in "happy to talk on Skype,
/// but the contract and payment stay here" the refusal is the second clause
/// and the Skype invitation the first.
///
/// Threading: stateless; safe from any thread.
enum ClauseBounds {
    static let contrastWords: [[UInt8]] = ["but", "however", "though", "although", "pero", "aunque", "mas", "porem",
                                           "mais", "cependant", "aber", "jedoch", "ma", "pero"].map { Array($0.utf8) }

    static func clause(around match: Range<Int>, in text: UnsafeRawBufferPointer) -> Range<Int> {
        bounds(around: match, in: text, commas: false)
    }

    /// How far a refusal's suppression reaches: its own clause, and the one
    /// before it when the refusal's clause opens with a contrast word and the
    /// one before only names what is declined: thanks for an offer, or a
    /// topic ("Thanks for the offer to pay by PayPal, but I'd rather keep it
    /// here", "Grazie per la proposta del bonifico diretto ma preferisco di
    /// no"). "Happy to talk on Skype, but payment stays here" names no offer
    /// of the other's: the Skype invitation stands.
    static func refusalReach(around match: Range<Int>, in text: UnsafeRawBufferPointer) -> Range<Int> {
        let own = clause(around: match, in: text)
        guard own.lowerBound > 0, startsWithContrastWord(text, at: own.lowerBound) else { return own }
        let before = own.lowerBound - 1
        let previous = bounds(around: before..<before, in: text, commas: false)
        guard previous.lowerBound < before, declinedOfferWords.occurs(in: text, window: previous) else { return own }
        return previous.lowerBound..<own.upperBound
    }

    /// Words that show a clause names the other's offer or a topic rather
    /// than making an offer of its own.
    static let declinedOfferWords = ContextWords([
        "thanks for", "thank you for", "thx for", "appreciate", "regarding", "about the", "about your", "as for",
        "concerning", "with regard", "i know you", "i understand", "i get that", "i see you", "offer", "suggestion",
        "grazie per", "grazie della", "proposta", "merci pour", "merci de", "proposition", "danke fur", "vorschlag",
        "angebot", "gracias por", "propuesta", "oferta", "obrigad", "bedankt voor", "voorstel", "aanbod", "dzieki za",
        "dziekuje za", "propozycj", "co do", "quanto a", "en cuanto a", "a propos", "wat betreft", "bezuglich",
        "kuhusu", "legat de", "multumesc pentru", "terima kasih", "mengenai", "tesekkur", "teklif",
        // A topic the other raised, named before the answer ("Sobre lo que me
        // comentaste de pagarme por fuera: gracias, pero prefiero…").
        "sobre lo", "lo de ", "me comentaste", "me propusiste", "me ofreciste", "you mentioned", "you suggested",
        "you asked about", "voce comentou", "du hast vorgeschlagen",
    ].map { Array($0.utf8) })

    @inline(__always)
    private static func startsWithContrastWord(_ text: UnsafeRawBufferPointer, at i: Int) -> Bool {
        contrastWords.contains { word in
            i + word.count <= text.count && (0..<word.count).allSatisfy { text[i + $0] == word[$0] }
                && (i + word.count == text.count || !isAlnum(text[i + word.count]))
        }
    }

    /// The clause cut at commas too: how far a negation word reaches
    /// (`context.negated_by`). "Don't fund the milestone, I'll bill you
    /// directly": the `don't` is not the offer's.
    static func phrase(around match: Range<Int>, in text: UnsafeRawBufferPointer) -> Range<Int> {
        bounds(around: match, in: text, commas: true)
    }

    private static func bounds(around match: Range<Int>, in text: UnsafeRawBufferPointer, commas: Bool) -> Range<Int> {
        var start = match.lowerBound
        while start > 0 && !isBoundary(text, before: start, commas: commas) { start -= 1 }
        var end = match.upperBound
        while end < text.count && !isBoundary(text, before: end, commas: commas) { end += 1 }
        return start..<end
    }

    /// A clause ends just before `i`: sentence punctuation (or a comma, when
    /// `commas`) and a space at `i - 1`…, or a contrast word starting at `i`.
    @inline(__always)
    private static func isBoundary(_ text: UnsafeRawBufferPointer, before i: Int, commas: Bool) -> Bool {
        let c = text[i - 1 < 0 ? 0 : i - 1]
        if i > 0 && (c == UInt8(ascii: ".") || c == UInt8(ascii: "!") || c == UInt8(ascii: "?") || c == UInt8(ascii: ";")
                     || (commas && c == UInt8(ascii: ","))) {
            return i == text.count || text[i] == 0x20
        }
        guard i < text.count, i == 0 || !isAlnum(text[i - 1]), isLetter(text[i]) else { return false }
        for word in contrastWords where i + word.count <= text.count {
            var same = true
            for k in 0..<word.count where text[i + k] != word[k] { same = false; break }
            if same && (i + word.count == text.count || !isAlnum(text[i + word.count])) { return true }
        }
        return false
    }
}
