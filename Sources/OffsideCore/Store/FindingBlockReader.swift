import Foundation

/// Reads a `finding_blocks` row's JSON (`StoreSchema.findingBlocksV5`) back
/// into findings, in order. Parsed here rather than through SQLite's
/// `json_each`, which would hand each element over as text to parse again.
/// Accepts any JSON of that shape, whitespace and escapes included, since
/// SQL may have rewritten a block (the v5 migration and retention do).
///
/// Threading: one instance per reading thread.
struct FindingBlockReader {
    private let decoder: StoredFinding
    private var values = [StoredFinding.Value](repeating: .null, count: StoreSchema.blockColumnsV5.count)
    private let unescaped = GrowableBuffer<UInt8>(capacity: 4096)
    private var nights = NightDate.Cache()

    init(decoder: StoredFinding) { self.decoder = decoder }

    /// Calls `body` with each finding of the block whose night is within
    /// `since`…`until` (either nil for no bound).
    mutating func read(_ json: UnsafeRawBufferPointer, firstID: Int64, archivePath: String, since: String?, until: String?,
                       _ body: (Finding) throws -> Void) throws {
        var cursor = Cursor(line: json)
        do {
            cursor.skipWhitespace()
            try expect(&cursor, UInt8(ascii: "["))
            cursor.skipWhitespace()
            if cursor.peek == UInt8(ascii: "]") {
                cursor.advance()
                return try end(&cursor)
            }
            var index: Int64 = 0
            repeat {
                cursor.skipWhitespace()
                if cursor.peek == UInt8(ascii: "n") {
                    try cursor.expectLiteral("null")  // deleted by retention
                } else {
                    try element(&cursor)
                    if since != nil || until != nil {
                        let night = nights.night(millis: values[9].integer, stored: values[0].text)
                        if let since, night < since { index += 1; continue }
                        if let until, night > until { index += 1; continue }
                    }
                    try body(try decoder.finding(id: firstID + index, archivePath: archivePath, values: values))
                }
                index += 1
            } while try more(&cursor)
        } catch let error as RecordError {
            throw StoreError("finding block \(firstID): \(error.message) at byte \(cursor.position + 1)")
        }
    }

    /// After an element: true past the `,` before another, false past the
    /// closing `]`.
    private func more(_ cursor: inout Cursor) throws(RecordError) -> Bool {
        cursor.skipWhitespace()
        switch cursor.peek {
        case UInt8(ascii: ","):
            cursor.advance()
            return true
        case UInt8(ascii: "]"):
            cursor.advance()
            try end(&cursor)
            return false
        default:
            throw cursor.error("expected , or ] after a finding")
        }
    }

    private func end(_ cursor: inout Cursor) throws(RecordError) {
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.error("text after the block's closing bracket") }
    }

    private func expect(_ cursor: inout Cursor, _ byte: UInt8) throws(RecordError) {
        guard cursor.peek == byte else { throw cursor.error(byte == UInt8(ascii: "[") ? "expected [" : "expected ]") }
        cursor.advance()
    }

    /// One finding's array into `values`.
    private mutating func element(_ cursor: inout Cursor) throws(RecordError) {
        try expect(&cursor, UInt8(ascii: "["))
        for column in 0..<values.count {
            cursor.skipWhitespace()
            switch cursor.peek {
            case 0x22:
                let span = try cursor.scanString()
                let raw = UnsafeRawBufferPointer(rebasing: cursor.line[span.start..<span.end])
                if span.hasEscape {
                    unescaped.removeAll()
                    try JSONRecordParser.decodeString(raw, column: span.start, into: unescaped)
                    values[column] = .text(String(decoding: UnsafeBufferPointer(start: unescaped.base, count: unescaped.count),
                                                  as: UTF8.self))
                } else {
                    values[column] = .text(String(decoding: raw, as: UTF8.self))
                }
            case UInt8(ascii: "n"):
                try cursor.expectLiteral("null")
                values[column] = .null
            default:
                let start = cursor.position
                try cursor.scanNumber()
                guard let value = JSONRecordParser.epochMillis(UnsafeRawBufferPointer(rebasing: cursor.line[start..<cursor.position]))
                else { throw cursor.error("expected an integer") }
                values[column] = .int(value)
            }
            cursor.skipWhitespace()
            if column < values.count - 1 {
                guard cursor.peek == UInt8(ascii: ",") else { throw cursor.error("a finding has too few columns") }
                cursor.advance()
            }
        }
        guard cursor.peek == UInt8(ascii: "]") else { throw cursor.error("a finding has too many columns") }
        cursor.advance()
    }
}
