/// Applies a rule's `context` to a match: words that must or must not appear
/// within `within` bytes of it, in the same message's normalised text.
///
/// Threading: immutable after init; shared by all workers.
public struct ContextMatcher: Sendable {
    let within: Int
    let any: ContextWords
    let none: ContextWords
    let negatedBy: ContextWords

    public init(_ rule: ContextRule) {
        within = rule.within
        any = ContextWords(rule.any.map(Self.normalized))
        none = ContextWords(rule.none.map(Self.normalized))
        negatedBy = ContextWords(rule.negatedBy.map(Self.normalized))
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
    public func accepts(message: UnsafeRawBufferPointer, match: Range<Int>) -> Bool {
        let window = max(0, match.lowerBound - within)..<min(message.count, match.upperBound + within)
        if !any.isEmpty && !any.occurs(in: message, window: window) { return false }
        if none.occurs(in: message, window: window) { return false }
        if negatedBy.isEmpty { return true }
        let phrase = ClauseBounds.phrase(around: match, in: message).clamped(to: window)
        return !negatedBy.occurs(in: message, window: phrase)
    }
}
