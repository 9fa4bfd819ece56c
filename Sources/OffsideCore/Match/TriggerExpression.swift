/// The expression a variable-width pattern is found by in the trigger
/// database (see `PatternDatabase`): the pattern itself, or a cheaper
/// expression that ends wherever the pattern's matches end.
///
/// Why: a pattern that opens with a repeated character class
/// (`\b[a-z0-9_.]{2,32}#\d{4}\b`) makes the engine track the repeat at
/// nearly every byte of the text. That one Discord-tag pattern was 15% of
/// the trigger database's scan time over the benchmark archive's messages;
/// `[a-z0-9_.]{2}#\d{4}\b` finds the same ends for a twelfth of the cost.
///
/// The reduction: with no alternation at the top level, a leading `\b`
/// followed by a class with a repeat (`{m,n}`, `{m,}`, `+`, `*`) becomes the
/// class repeated its minimum number of times. Any match of the pattern
/// ending at byte `e` contains, before the rest of the pattern, at least
/// `m` bytes of the class, so the reduced expression also matches ending at
/// `e`. It may match where the pattern does not; the start finder, which
/// runs the pattern itself over the message, confirms every match, so the
/// matches reported are exactly the pattern's.
enum TriggerExpression {
    /// `expression` reduced as above, or nil when it does not open with a
    /// repeated class (or has a top-level alternation).
    static func reduced(_ expression: String) -> String? {
        let bytes = Array(expression.utf8)
        guard !hasTopLevelAlternation(bytes) else { return nil }
        var index = 0
        if bytes.starts(with: Array(#"\b"#.utf8)) { index = 2 }
        guard let classEnd = classEnd(bytes, from: index),
              let (minimum, quantifierEnd) = repeatQuantifier(bytes, from: classEnd) else { return nil }
        let atom = String(decoding: bytes[index..<classEnd], as: UTF8.self)
        let rest = String(decoding: bytes[quantifierEnd...], as: UTF8.self)
        let opening = minimum == 0 ? "" : minimum == 1 ? atom : "\(atom){\(minimum)}"
        return opening + rest
    }

    /// The index just past a character class starting at `start`: a bracket
    /// class (`[...]`, with escapes and a leading `]` or `^]`) or `\d`, `\w`.
    private static func classEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "\\") {
            guard start + 1 < bytes.count, [UInt8(ascii: "d"), UInt8(ascii: "w")].contains(bytes[start + 1]) else { return nil }
            return start + 2
        }
        guard bytes[start] == UInt8(ascii: "[") else { return nil }
        var index = start + 1
        if index < bytes.count && bytes[index] == UInt8(ascii: "^") { index += 1 }
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1 }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "["):
                // A POSIX class such as [:alpha:] inside the brackets.
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") else { index += 1; continue }
                guard let close = indexOf(Array(":]".utf8), in: bytes, from: index + 2) else { return nil }
                index = close + 2
            case UInt8(ascii: "]"): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// A greedy repeat at `start` that allows more than one length: its
    /// minimum and the index just past it.
    private static func repeatQuantifier(_ bytes: [UInt8], from start: Int) -> (Int, Int)? {
        guard start < bytes.count else { return nil }
        var minimum: Int
        var end: Int
        switch bytes[start] {
        case UInt8(ascii: "+"): (minimum, end) = (1, start + 1)
        case UInt8(ascii: "*"): (minimum, end) = (0, start + 1)
        case UInt8(ascii: "{"):
            guard let close = bytes[start...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
            let parts = String(decoding: bytes[(start + 1)..<close], as: UTF8.self)
                .split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, let low = Int(parts[0]), parts[1].isEmpty || Int(parts[1]).map({ $0 > low }) == true
            else { return nil }
            (minimum, end) = (low, close + 1)
        default: return nil
        }
        // Lazy and possessive forms are left alone.
        if end < bytes.count && (bytes[end] == UInt8(ascii: "?") || bytes[end] == UInt8(ascii: "+")) { return nil }
        return (minimum, end)
    }

    /// Whether a `|` sits outside every group and class.
    private static func hasTopLevelAlternation(_ bytes: [UInt8]) -> Bool {
        var depth = 0
        var inClass = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if inClass {
                if byte == UInt8(ascii: "]") { inClass = false }
            } else {
                switch byte {
                case UInt8(ascii: "["):
                    inClass = true
                    // A `]` first in a class is a member, not its end.
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "^") { index += 1 }
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "]") { index += 1 }
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"): depth -= 1
                case UInt8(ascii: "|") where depth == 0: return true
                default: break
                }
            }
            index += 1
        }
        return false
    }

    private static func indexOf(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
