/// Reads what `ByteRecordWriter` wrote, in the same order; throws
/// `ByteRecordReader.Truncated` instead of reading past the record.
///
/// Threading: a value over memory the caller keeps alive while reading.
struct ByteRecordReader {
    struct Truncated: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "record truncated or corrupt at byte \(offset)" }
    }

    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw Truncated(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func fixed() throws -> UInt64 {
        guard bytes.count - offset >= 8 else { throw Truncated(offset: offset) }
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw Truncated(offset: offset - 1)
        }
    }

    mutating func unsigned() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Truncated(offset: offset - 1) }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int64() throws -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func int() throws -> Int {
        let value = try int64()
        guard let int = Int(exactly: value) else { throw Truncated(offset: offset) }
        return int
    }

    /// A count of following items or bytes, checked against what is left so
    /// that a corrupt count cannot reserve gigabytes.
    mutating func count() throws -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count - offset) else { throw Truncated(offset: offset) }
        return Int(value)
    }

    mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
    }

    mutating func optionalString() throws -> String? {
        try bool() ? try string() : nil
    }

    mutating func optionalInt64() throws -> Int64? {
        try bool() ? try int64() : nil
    }
}
