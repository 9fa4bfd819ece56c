#if canImport(Glibc)
import Glibc
#endif
import CLibcExtras

/// Applies a rule's `context` to a match: words that must or must not appear
/// within `within` bytes of it, in the same message's normalised text.
///
/// Threading: immutable after init; shared by all workers.
public struct ContextMatcher: Sendable {
    let within: Int
    let any: [[UInt8]]
    let none: [[UInt8]]

    public init(_ rule: ContextRule) {
        within = rule.within
        any = rule.any.map(Self.normalized)
        none = rule.none.map(Self.normalized)
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
        if !any.isEmpty && !any.contains(where: { ContextMatcher.containsWord($0, in: message, window: window) }) {
            return false
        }
        return !none.contains(where: { ContextMatcher.containsWord($0, in: message, window: window) })
    }

    /// True if `word` occurs inside `window` of `text` at a word start
    /// (preceded by a non-alphanumeric byte or the start of the text).
    static func containsWord(_ word: [UInt8], in text: UnsafeRawBufferPointer, window: Range<Int>) -> Bool {
        guard let base = text.baseAddress, !word.isEmpty else { return false }
        var offset = window.lowerBound
        return word.withUnsafeBytes { needle -> Bool in
            while offset + needle.count <= window.upperBound {
                guard let hit = memmem(base + offset, window.upperBound - offset, needle.baseAddress!, needle.count) else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if position == 0 || !isAlnum(text[position - 1]) || !isAlnum(needle[0]) { return true }
                offset = position + 1
            }
            return false
        }
    }
}
