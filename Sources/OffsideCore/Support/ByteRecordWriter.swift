/// Appends values to a compact binary record: unsigned LEB128 varints,
/// zig-zag signed integers, and length-prefixed UTF-8 strings. The format
/// of spilled client state (`ClientStateCodec`): read back by the same
/// build only, so it carries no version and no field names.
///
/// Threading: a value; one owner at a time.
struct ByteRecordWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// Empties the record, keeping its memory for the next one.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// Appends what `body` writes as one record behind its length, as
    /// `SpillFile` frames records (4 bytes, little-endian).
    mutating func framed(_ body: (inout ByteRecordWriter) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        body(&self)
        let length = UInt32(bytes.count - start - 4)
        for index in 0..<4 { bytes[start + index] = UInt8(truncatingIfNeeded: length >> UInt32(8 * index)) }
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Eight little-endian bytes: hashes and keys, whose varints would be
    /// longer.
    mutating func fixed(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Another record's bytes, as written.
    mutating func append(_ other: ByteRecordWriter) { bytes.append(contentsOf: other.bytes) }

    mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int) { int64(Int64(value)) }

    mutating func int64(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func count(_ value: Int) { unsigned(UInt64(value)) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func optionalInt64(_ value: Int64?) {
        bool(value != nil)
        if let value { int64(value) }
    }
}
