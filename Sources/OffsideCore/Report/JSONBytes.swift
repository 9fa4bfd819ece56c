/// JSON text appended to a byte buffer, for the large documents written by
/// hand (reports, findings): string interpolation allocated a
/// `String` per value.
///
/// Threading: a value.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Punctuation and keys, written as given. (No `String` overload: a
    /// literal would bind to it, and appending a `String`'s UTF-8 view byte
    /// by byte was 2.6% of a scan's samples.)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text already in JSON form (a number from `JSONText.number`).
    mutating func preformatted(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        var value = value
        let plain = value.withUTF8 { utf8 in
            // 0xE2 starts U+2028/U+2029, which JSONText escapes too.
            !utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
        }
        if plain {
            bytes.append(0x22)
            value.withUTF8 { bytes.append(contentsOf: $0) }
            bytes.append(0x22)
        } else {
            bytes.append(contentsOf: JSONText.quoted(value).utf8)
        }
    }

    mutating func stringOrNull(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    /// `items` between `open` and `close`, comma-separated, each written by
    /// `element`.
    mutating func list<Items: Sequence>(_ items: Items, open: StaticString = "[", close: StaticString = "]",
                                        _ element: (inout JSONBytes, Items.Element) -> Void) {
        raw(open)
        var first = true
        for item in items {
            if !first { raw(",") }
            first = false
            element(&self, item)
        }
        raw(close)
    }

    mutating func int<T: BinaryInteger>(_ value: T) {
        var magnitude = UInt64(value.magnitude)
        if value < 0 { bytes.append(0x2D) }
        let first = bytes.count
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: magnitude % 10) + 0x30)
            magnitude /= 10
        } while magnitude > 0
        bytes[first...].reverse()
    }
}
