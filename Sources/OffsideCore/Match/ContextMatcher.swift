/// Applies a rule's `context` to a match: words that must or must not appear
/// within `within` bytes of it, in the same message's normalised text.
///
/// A class, not a struct: the resolver reads one per match, and copying
/// three word tables out of the pack's array was a dozen retains each time.
///
/// Threading: immutable after init; shared by all workers.
public final class ContextMatcher: Sendable {
    let within: Int
    let any: ContextWords
    let none: ContextWords
    let negatedBy: ContextWords
    /// A disguised match (`DisguisedMatch`) needs no `any` word. Only for
    /// contact details, whose `any` words show the detail is offered, which
    /// the disguise already shows; a request's or a payment's `any` words
    /// are the asking or the offer itself ("d i s c o r d → name" gives a
    /// handle and asks nothing).
    let disguiseWaivesAny: Bool

    public init(_ rule: ContextRule, category: Category? = nil) {
        switch category {
        case .contactEmail?, .contactPhone?, .contactMessenger?, .contactURL?: disguiseWaivesAny = true
        default: disguiseWaivesAny = false
        }
        within = rule.within
        any = ContextWords(rule.any.flatMap(Self.entries))
        none = ContextWords(rule.none.flatMap(Self.entries))
        negatedBy = ContextWords(rule.negatedBy.flatMap(Self.entries))
    }

    /// A context word as the table takes it: `\b` at its end marks a whole
    /// word (`bot\b` is not found in `both`); the rest is normalised. In a
    /// double-quoted YAML string `\b` is the backspace character, so that
    /// counts as the mark too, and "bot\b" means the same in either quoting.
    static func entries(_ word: String) -> [(bytes: [UInt8], wholeWord: Bool)] {
        var stem = word
        var wholeWord = false
        if word.hasSuffix("\\b") { stem = String(word.dropLast(2)); wholeWord = true }
        else if word.hasSuffix("\u{8}") { stem = String(word.dropLast()); wholeWord = true }
        var out: [(bytes: [UInt8], wholeWord: Bool)] = []
        for form in caseForms(of: stem) {
            let bytes = normalized(form)
            if !out.contains(where: { $0.bytes == bytes }) { out.append((bytes, wholeWord)) }
        }
        return out
    }

    /// The word as written, capitalised and in capitals: the scalar fold
    /// treats the cases of some letters apart (`Не` is the confusable `he`,
    /// `не` keeps its `н`), and a pattern meets either (`RulePattern`), so
    /// a context word must too, or "Не буду писать в телеграм" at the start
    /// of a sentence escapes the `не буду` that negates it in the middle. A
    /// form that folds to plain ASCII when the word does not is left out:
    /// `Не ` is `he `, which would negate English text.
    static func caseForms(of word: String) -> [String] {
        let written = normalized(word)
        var forms = [word]
        for form in [word.prefix(1).uppercased() + word.dropFirst(), word.uppercased()] where form != word {
            let bytes = normalized(form)
            if bytes.allSatisfy({ $0 < 0x80 }) && !written.allSatisfy({ $0 < 0x80 }) { continue }
            forms.append(form)
        }
        return forms
    }

    /// Context words are compared with normalised text, so they are
    /// normalised the same way (`intégrer` → `integrer`, `Ｆee` → `fee`).
    static func normalized(_ word: String) -> [UInt8] {
        let out = NormalizedText()
        let span = Array(word.utf8).withUnsafeBytes { TextNormalizer().append($0, to: out) }
        return Array(out.bytes.bytes[Int(span.start)..<Int(span.end)])
    }

    /// - Parameters:
    ///   - message: the message's normalised text.
    ///   - match: the match's range within `message`.
    ///   - disguised: whether the match was written apart (`DisguisedMatch`);
    ///     asked only when no `any` word is near, as it reads the original.
    public func accepts(message: UnsafeRawBufferPointer, match: Range<Int>, disguised: () -> Bool = { false }) -> Bool {
        let window = max(0, match.lowerBound - within)..<min(message.count, match.upperBound + within)
        if !any.isEmpty && !any.occurs(in: message, window: window) && !(disguiseWaivesAny && disguised()) { return false }
        if none.occurs(in: message, window: window) { return false }
        if negatedBy.isEmpty { return true }
        let phrase = ClauseBounds.phrase(around: match, in: message).clamped(to: window)
        return !negatedBy.occurs(in: message, window: phrase)
    }
}
