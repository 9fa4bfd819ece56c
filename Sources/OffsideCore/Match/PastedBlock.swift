/// The pasted document a work request introduces ("please translate this
/// flyer:", "menu text for the trifold", "proofread this excerpt"): the
/// lines after the request's own line, to the end of the message, less a
/// short closing paragraph. A closing "Danke!" or "P.S. easier on WhatsApp"
/// after a blank line speaks to the reader again; the app names, handles
/// and prices between belong to the document.
///
/// Works on a message's original decoded text, where the line breaks still
/// are (the normaliser folds them into spaces).
///
/// Threading: stateless; safe from any thread.
enum PastedBlock {
    /// The longest closing paragraph that is still the writer's own words
    /// rather than the document's last lines: a sign-off or a P.S.
    static let closingParagraphMaxBytes = 200
    static let closingParagraphMaxLines = 2
    /// How far the request's line may run on after the request: a request
    /// introduces what follows only from the end of its line ("menu text
    /// for the trifold. Keep the wording as is:"), not from mid-paragraph.
    static let openerLineMaxTail = 120
    /// A document is more than one line: a single line after a request is
    /// the writer going on ("I'll make the template. Or we settle outside").
    static let minimumLines = 2

    /// The block the request ending at `openerEnd` introduces, as a byte range
    /// of `text`; nil when the request's line is the message's last or runs
    /// on too far.
    static func range(after openerEnd: Int, in text: UnsafeRawBufferPointer) -> Range<Int>? {
        var start = min(max(openerEnd, 0), text.count)
        while start < text.count && text[start] != UInt8(ascii: "\n") { start += 1 }
        guard start < text.count, start - openerEnd <= openerLineMaxTail else { return nil }
        start += 1
        var end = text.count
        while end > start && isSpace(text[end - 1]) { end -= 1 }
        guard end > start, lineCount(text, start..<end, nonBlankOnly: true) >= minimumLines else { return nil }
        // The last paragraph: after the last blank line of the block.
        guard let closing = lastParagraphStart(in: text, from: start, to: end) else { return start..<end }
        let blockBefore = closing.separator
        guard hasContent(text, start..<blockBefore),
              end - closing.start <= closingParagraphMaxBytes,
              lineCount(text, closing.start..<end) <= closingParagraphMaxLines else { return start..<end }
        return start..<blockBefore
    }

    /// Where the last paragraph starts, and where the blank line before it
    /// begins.
    private static func lastParagraphStart(in text: UnsafeRawBufferPointer, from start: Int,
                                           to end: Int) -> (start: Int, separator: Int)? {
        var i = end - 1
        while i > start {
            if text[i] == UInt8(ascii: "\n") {
                var j = i - 1
                while j >= start && (text[j] == UInt8(ascii: " ") || text[j] == UInt8(ascii: "\t") || text[j] == UInt8(ascii: "\r")) { j -= 1 }
                if j >= start && text[j] == UInt8(ascii: "\n") { return (i + 1, j) }
            }
            i -= 1
        }
        return nil
    }

    private static func hasContent(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.contains { !isSpace(text[$0]) }
    }

    /// Lines in `range`; with `nonBlankOnly`, those with something on them.
    private static func lineCount(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, nonBlankOnly: Bool = false) -> Int {
        var lines = 0
        var lineHasContent = false
        for i in range {
            if text[i] == UInt8(ascii: "\n") {
                if lineHasContent || !nonBlankOnly { lines += 1 }
                lineHasContent = false
            } else if !isSpace(text[i]) {
                lineHasContent = true
            }
        }
        if lineHasContent || !nonBlankOnly { lines += 1 }
        return lines
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
