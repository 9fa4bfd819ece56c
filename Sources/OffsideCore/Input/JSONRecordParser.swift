#if canImport(Glibc)
import Glibc
#endif

/// Extracts the input record's fields from one JSON Lines line, on bytes.
/// Hand-written because Foundation's JSON decoding is far too slow for the
/// hot path (DESIGN.md). Fields may come in any order; unknown fields and
/// nested values are skipped (but must be well-formed); every string escape
/// is decoded (`\uXXXX`, surrogate pairs, `\/`), lone surrogates become U+FFFD.
///
/// Strings without escapes are referenced in place; escaped ones are decoded
/// into `arena`, so parsing allocates nothing once the arena has grown.
///
/// Threading: a value with no shared state; each worker has its own.
public struct JSONRecordParser: Sendable {
    public let fieldNames: FieldNames

    public init(fieldNames: FieldNames = FieldNames()) {
        self.fieldNames = fieldNames
    }

    // Indexes into FieldNames.canonical.
    private static let idField = 0, conversationField = 1, senderField = 2, roleField = 3
    private static let recipientField = 4, tsField = 5, textField = 6, contractField = 7

    /// Parses `line` (without its newline) whose first byte is at `lineOffset`
    /// in the chunk. Decoded strings are appended to `arena`.
    public func parse(line: UnsafeRawBufferPointer, lineOffset: Int, arena: GrowableBuffer<UInt8>) throws(RecordError) -> RecordFields {
        var cursor = Cursor(line: line)
        var fields = RecordFields()
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "{") else { throw cursor.error("line is not a JSON object") }
        cursor.advance()
        cursor.skipWhitespace()
        if cursor.peek == UInt8(ascii: "}") {
            cursor.advance()
        } else {
            while true {
                guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.error("expected a quoted key") }
                let key = try cursor.scanString()
                let field = try fieldIndex(of: key, in: line, arena: arena)
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a key") }
                cursor.advance()
                cursor.skipWhitespace()
                try readValue(&cursor, field: field, into: &fields, line: line, lineOffset: lineOffset, arena: arena)
                cursor.skipWhitespace()
                if cursor.peek == UInt8(ascii: ",") {
                    cursor.advance()
                    cursor.skipWhitespace()
                    continue
                }
                guard cursor.peek == UInt8(ascii: "}") else { throw cursor.error("expected ',' or '}' after a value") }
                cursor.advance()
                break
            }
        }
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.error("unexpected bytes after the JSON object") }
        try checkRequired(fields, cursor: cursor)
        return fields
    }

    private func checkRequired(_ f: RecordFields, cursor: Cursor) throws(RecordError) {
        let column = cursor.position + 1
        if f.text.isAbsent { throw RecordError(message: "missing string field text", column: column) }
        if f.id.isAbsent { throw RecordError(message: "missing string field id", column: column) }
        if f.conversationID.isAbsent { throw RecordError(message: "missing string field conversation_id", column: column) }
        if f.senderID.isAbsent { throw RecordError(message: "missing string field sender_id", column: column) }
        if f.role == nil { throw RecordError(message: "missing sender_role (\"client\" or \"freelancer\")", column: column) }
    }

    private func fieldIndex(of key: StringSpan, in line: UnsafeRawBufferPointer, arena: GrowableBuffer<UInt8>) throws(RecordError) -> Int {
        let raw = UnsafeRawBufferPointer(rebasing: line[key.start..<key.end])
        guard key.hasEscape else { return lookup(raw) }
        // Rare: a key written with escapes is decoded before comparing.
        let mark = arena.count
        try Self.decodeString(raw, column: key.start, into: arena)
        let index = lookup(UnsafeRawBufferPointer(start: arena.base + mark, count: arena.count - mark))
        arena.setCount(mark)
        return index
    }

    @inline(__always)
    private func lookup(_ key: UnsafeRawBufferPointer) -> Int {
        fieldNames.index(of: key)
    }

    private func readValue(_ cursor: inout Cursor, field: Int, into fields: inout RecordFields,
                           line: UnsafeRawBufferPointer, lineOffset: Int, arena: GrowableBuffer<UInt8>) throws(RecordError) {
        let c = cursor.peek
        switch c {
        case UInt8(ascii: "\""):
            let span = try cursor.scanString()
            guard field >= 0 else { return }
            var ref: ByteRef
            if span.hasEscape {
                let mark = arena.count
                try Self.decodeString(UnsafeRawBufferPointer(rebasing: line[span.start..<span.end]), column: span.start, into: arena)
                ref = ByteRef(offset: Int32(mark), count: Int32(arena.count - mark), inArena: true)
            } else {
                ref = ByteRef(offset: Int32(lineOffset + span.start), count: Int32(span.end - span.start), inArena: false)
            }
            let value = ref.inArena
                ? UnsafeRawBufferPointer(start: arena.base + Int(ref.offset), count: Int(ref.count))
                : UnsafeRawBufferPointer(rebasing: line[span.start..<span.end])
            try assign(field, ref: ref, value: value, to: &fields, column: span.start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try cursor.skipContainer()
            if field == JSONRecordParser.textField { throw cursor.error("field text is not a string") }
        case UInt8(ascii: "t"):
            try cursor.expectLiteral("true")
        case UInt8(ascii: "f"):
            try cursor.expectLiteral("false")
        case UInt8(ascii: "n"):
            try cursor.expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = cursor.position
            try cursor.scanNumber()
            if field == JSONRecordParser.tsField {
                fields.timestampMillis = Self.epochMillis(UnsafeRawBufferPointer(rebasing: line[start..<cursor.position]))
                fields.timestampText = ByteRef(offset: Int32(lineOffset + start), count: Int32(cursor.position - start), inArena: false)
            } else if field == JSONRecordParser.textField {
                throw RecordError(message: "field text is not a string", column: start + 1)
            }
        default:
            throw cursor.error("expected a JSON value")
        }
    }

    private func assign(_ field: Int, ref: ByteRef, value: UnsafeRawBufferPointer, to fields: inout RecordFields, column: Int) throws(RecordError) {
        switch field {
        case JSONRecordParser.idField: fields.id = ref
        case JSONRecordParser.conversationField: fields.conversationID = ref
        case JSONRecordParser.senderField: fields.senderID = ref
        case JSONRecordParser.recipientField: fields.recipientID = ref
        case JSONRecordParser.textField: fields.text = ref
        case JSONRecordParser.tsField:
            fields.timestampText = ref
            fields.timestampMillis = Timestamp.parseRFC3339(value) ?? Self.epochMillis(value)
        case JSONRecordParser.roleField:
            if Self.equals(value, "client") {
                fields.role = .client
            } else if Self.equals(value, "freelancer") {
                fields.role = .freelancer
            } else {
                throw RecordError(message: "sender_role must be \"client\" or \"freelancer\"", column: column + 1)
            }
        case JSONRecordParser.contractField:
            if Self.equals(value, "none") { fields.contract = .none }
            else if Self.equals(value, "offered") { fields.contract = .offered }
            else if Self.equals(value, "active") { fields.contract = .active }
            else if Self.equals(value, "ended") { fields.contract = .ended }
        default: break
        }
    }

    /// Byte equality with a word: `elementsEqual` against a `String`'s UTF-8
    /// view went through a generic iterator, six times per record.
    @inline(__always)
    static func equals(_ value: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        value.count == word.utf8CodeUnitCount && (value.count == 0 || memcmp(value.baseAddress!, word.utf8Start, value.count) == 0)
    }

    /// Epoch milliseconds written as a JSON number (or a string of digits).
    static func epochMillis(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var value: Int64 = 0
        var negative = false
        var sawDigit = false
        for (i, c) in bytes.enumerated() {
            if i == 0 && c == UInt8(ascii: "-") { negative = true; continue }
            if c == UInt8(ascii: ".") { break }
            guard c &- 0x30 <= 9, value < Int64.max / 10 - 10 else { return nil }
            value = value * 10 + Int64(c &- 0x30)
            sawDigit = true
        }
        return sawDigit ? (negative ? -value : value) : nil
    }

    /// Decodes the body of a JSON string (between the quotes) as UTF-8.
    static func decodeString(_ raw: UnsafeRawBufferPointer, column: Int, into out: GrowableBuffer<UInt8>) throws(RecordError) {
        out.reserve(raw.count)
        var i = 0
        let n = raw.count
        while i < n {
            let c = raw[i]
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < n else { throw RecordError(message: "unfinished escape in a string", column: column + i + 1) }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = Self.hex4(raw, at: i) else {
                    throw RecordError(message: "\\u escape needs four hex digits", column: column + i - 1)
                }
                i += 4
                var scalar = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    if i + 6 <= n, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u"),
                       let low = Self.hex4(raw, at: i + 2), (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(unit) {
                    scalar = 0xFFFD
                }
                Self.appendUTF8(scalar, to: out)
            default:
                throw RecordError(message: "invalid escape in a string", column: column + i - 1)
            }
        }
    }

    @inline(__always)
    static func hex4(_ raw: UnsafeRawBufferPointer, at i: Int) -> UInt16? {
        guard i + 4 <= raw.count else { return nil }
        var value: UInt16 = 0
        for k in i..<i + 4 {
            let c = raw[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - 0x57
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - 0x37
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to out: GrowableBuffer<UInt8>) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

/// The body of a JSON string: `start..<end` excludes the quotes.
struct StringSpan {
    var start: Int
    var end: Int
    var hasEscape: Bool
}

/// A read position in one line, with the JSON lexing steps the parser needs.
struct Cursor {
    let line: UnsafeRawBufferPointer
    var position = 0

    init(line: UnsafeRawBufferPointer) { self.line = line }

    var atEnd: Bool { position >= line.count }
    /// The current byte, or 0 at the end (0 is never valid JSON outside strings).
    var peek: UInt8 { position < line.count ? line[position] : 0 }

    mutating func advance() { position += 1 }

    func error(_ message: StaticString) -> RecordError {
        RecordError(message: message, column: position + 1)
    }

    mutating func skipWhitespace() {
        while position < line.count {
            let c = line[position]
            guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
            position += 1
        }
    }

    /// At an opening quote: moves past the closing quote. Finds the quote
    /// with memchr and looks for a backslash only inside the found span, so
    /// escape-free strings (nearly all) cost two vectorised searches.
    mutating func scanString() throws(RecordError) -> StringSpan {
        let start = position + 1
        let base = line.baseAddress!
        var searchFrom = start
        var escaped = false
        while searchFrom < line.count {
            guard let quote = memchr(base + searchFrom, 0x22, line.count - searchFrom) else { break }
            let end = base.distance(to: UnsafeRawPointer(quote))
            if memchr(base + searchFrom, 0x5C, end - searchFrom) == nil {
                position = end + 1
                return StringSpan(start: start, end: end, hasEscape: escaped)
            }
            // A backslash before the quote: walk escapes byte by byte from there.
            escaped = true
            var i = searchFrom
            while i < end {
                if line[i] == 0x5C { i += 2 } else { i += 1 }
            }
            if i == end {
                position = end + 1
                return StringSpan(start: start, end: end, hasEscape: true)
            }
            searchFrom = end + 1  // the quote was escaped
        }
        throw RecordError(message: "unterminated string", column: start)
    }

    mutating func scanNumber() throws(RecordError) {
        let start = position
        while position < line.count {
            switch line[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                 UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                position += 1
            default:
                guard position > start else { throw error("expected a number") }
                return
            }
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws(RecordError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= line.count else { throw error("expected true, false or null") }
        for k in 0..<count where line[position + k] != word.utf8Start[k] {
            throw error("expected true, false or null")
        }
        position += count
    }

    /// At `{` or `[`: moves past the matching close, skipping strings inside.
    mutating func skipContainer() throws(RecordError) {
        var depth = 0
        let start = position
        while position < line.count {
            let c = line[position]
            switch c {
            case 0x22:
                _ = try scanString()
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    position += 1
                    return
                }
            default: break
            }
            position += 1
        }
        throw RecordError(message: "unterminated object or array", column: start + 1)
    }
}
