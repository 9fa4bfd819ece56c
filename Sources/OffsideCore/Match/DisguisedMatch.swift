/// Whether a match was written apart to get past a filter: the normaliser
/// took spaces or brackets out from inside it (`i n s t a g r a m`,
/// `instagram (dot) com / name`, `j o h n (at) …`). Accents, homoglyphs and
/// leet change letters in place and do not count: a word written in Polish or
/// Portuguese is not disguised.
///
/// A disguised contact detail needs none of its rule's `any` words (see
/// `ContextMatcher.disguiseWaivesAny`): nobody spaces out a link to talk
/// about the link's feed or widget. `none` and `negated_by` words still apply.
///
/// Threading: stateless; safe from any thread.
enum DisguisedMatch {
    /// - Parameters:
    ///   - original: the match's bytes as written.
    ///   - normalized: the match's normalised bytes.
    static func isDisguised(original: UnsafeRawBufferPointer, normalized: UnsafeRawBufferPointer) -> Bool {
        // Cheap exit: spaces and brackets are only taken out, never added, so
        // an original no longer than the normalised text lost none.
        guard original.count > normalized.count else { return false }
        return separators(in: original) > separators(in: normalized)
    }

    private static func separators(in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for c in bytes where c == 0x20 || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: "[")
            || c == UInt8(ascii: "]") || c == UInt8(ascii: "{") || c == UInt8(ascii: "}") {
            count += 1
        }
        return count
    }
}
