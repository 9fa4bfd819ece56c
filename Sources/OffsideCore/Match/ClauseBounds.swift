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
