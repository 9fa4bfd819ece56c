/// The quoted lines of a reply: lines that start with `>` (after blanks), as
/// mail clients and chat apps quote the message answered ("> send me your
/// WhatsApp" above "I'd rather keep it here"). They are the other person's
/// words, not the writer's. A message made only of `>` lines quotes nobody
/// and counts as the writer's own: the scope needs a line of the writer's
/// own beside the quote.
///
/// Works on a message's original decoded text, where the line breaks still
/// are (the normaliser folds them into spaces).
///
/// Threading: stateless; safe from any thread.
enum QuotedLines {
    /// Whether the line holding byte `offset` is quoted, in a message that
    /// also has a line of its own.
    static func isQuoted(_ offset: Int, in text: UnsafeRawBufferPointer) -> Bool {
        guard offset >= 0 && offset < text.count else { return false }
        var lineStart = offset
        while lineStart > 0 && text[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        return startsWithQuoteMark(text, at: lineStart) && hasOwnLine(text)
    }

    /// Whether the message has a quoted line and a line of its own.
    static func hasQuote(in text: UnsafeRawBufferPointer) -> Bool {
        var quoted = false, own = false
        forEachLine(text) { start in
            if startsWithQuoteMark(text, at: start) { quoted = true } else if hasContent(text, from: start) { own = true }
            return !(quoted && own)
        }
        return quoted && own
    }

    private static func hasOwnLine(_ text: UnsafeRawBufferPointer) -> Bool {
        var own = false
        forEachLine(text) { start in
            own = !startsWithQuoteMark(text, at: start) && hasContent(text, from: start)
            return !own
        }
        return own
    }

    /// Calls `body` with each line's first byte until it returns false.
    private static func forEachLine(_ text: UnsafeRawBufferPointer, _ body: (Int) -> Bool) {
        var start = 0
        while start < text.count {
            guard body(start) else { return }
            while start < text.count && text[start] != UInt8(ascii: "\n") { start += 1 }
            start += 1
        }
    }

    private static func startsWithQuoteMark(_ text: UnsafeRawBufferPointer, at lineStart: Int) -> Bool {
        var i = lineStart
        while i < text.count && (text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "\t")) { i += 1 }
        return i < text.count && text[i] == UInt8(ascii: ">")
    }

    private static func hasContent(_ text: UnsafeRawBufferPointer, from lineStart: Int) -> Bool {
        var i = lineStart
        while i < text.count && text[i] != UInt8(ascii: "\n") {
            let c = text[i]
            if c != UInt8(ascii: " ") && c != UInt8(ascii: "\t") && c != UInt8(ascii: "\r") { return true }
            i += 1
        }
        return false
    }
}
