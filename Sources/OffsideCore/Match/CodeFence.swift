/// The lines inside a Markdown code fence (```` ``` ```` or `~~~` on a line
/// of its own, to the closing fence or the message's end): a config file,
/// a test fixture, a seed script. Addresses, numbers and app names there are
/// the code's data, not a way to reach the writer. Comment lines inside the
/// fence (`#`, `//`, `--`, `/*`, `*`) are prose again: a maintainer's
/// "ping me on telegram @dev" there is the writer's own.
///
/// Works on a message's original decoded text, where the line breaks still
/// are (the normaliser folds them into spaces).
///
/// Threading: stateless; safe from any thread.
enum CodeFence {
    /// Whether byte `offset` lies on a line between an opening fence and its
    /// closing one (or the end of the message when the fence is left open).
    static func isFenced(_ offset: Int, in text: UnsafeRawBufferPointer) -> Bool {
        guard offset >= 0 && offset < text.count else { return false }
        var inside = false
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count && text[end] != UInt8(ascii: "\n") { end += 1 }
            if isFenceLine(text, start..<end) {
                if offset < end + 1 && offset >= start { return false }  // the fence line itself
                inside.toggle()
            } else if offset >= start && offset <= end {
                return inside && !isCommentLine(text, start..<end)
            }
            start = end + 1
        }
        return false
    }

    /// Whether the message has a fence line at all.
    static func hasFence(in text: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count && text[end] != UInt8(ascii: "\n") { end += 1 }
            if isFenceLine(text, start..<end) { return true }
            start = end + 1
        }
        return false
    }

    private static let commentMarks: [[UInt8]] = ["#", "//", "--", "/*", "*"].map { Array($0.utf8) }

    private static func isCommentLine(_ text: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        var i = line.lowerBound
        while i < line.upperBound && (text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t")) { i += 1 }
        return commentMarks.contains { mark in
            i + mark.count <= line.upperBound && mark.indices.allSatisfy { text[i + $0] == mark[$0] }
        }
    }

    /// Three backticks or tildes at the line's start (after blanks); a
    /// language name may follow (```` ```yaml ````).
    private static func isFenceLine(_ text: UnsafeRawBufferPointer, _ line: Range<Int>) -> Bool {
        var i = line.lowerBound
        while i < line.upperBound && (text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t")) { i += 1 }
        guard i + 3 <= line.upperBound else { return false }
        let mark = text[i]
        guard mark == UInt8(ascii: "`") || mark == UInt8(ascii: "~") else { return false }
        return text[i + 1] == mark && text[i + 2] == mark
    }
}
