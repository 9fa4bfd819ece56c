import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scratch file of length-prefixed records, removed from its directory as
/// soon as it is created: it lives as long as this object, and a killed run
/// leaves nothing behind. Records are appended through a buffer and read
/// back by offset (`read(at:)`) or in order (`SpillFile.Cursor`).
///
/// Threading: `append` and `flush` from one thread, before any read; after
/// that, `read(at:)` from any thread (`pread` keeps no shared position).
final class SpillFile: @unchecked Sendable {
    struct IOError: Error, CustomStringConvertible {
        var description: String
    }

    /// Bytes of a record's length prefix.
    static let prefix = 4

    private let fd: Int32
    private var pending: [UInt8] = []
    private static let pendingLimit = 1 << 20
    /// Bytes written, flushed or not.
    private(set) var size: Int64 = 0

    /// - Parameter directory: where the file is made (`TMPDIR` by default).
    init(directory: String) throws {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template += Array("offside-spill-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw IOError(description: "cannot create a spill file in \(directory): \(String(cString: strerror(errno)))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)
        self.fd = fd
        pending.reserveCapacity(Self.pendingLimit + 4096)
    }

    deinit { close(fd) }

    /// Appends one record; returns its offset (that of its length prefix).
    @discardableResult
    func append(_ record: [UInt8]) throws -> Int64 {
        let offset = size
        let length = UInt32(record.count)
        for shift in stride(from: 0, to: 32, by: 8) { pending.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        pending.append(contentsOf: record)
        size += Int64(Self.prefix + record.count)
        if pending.count >= Self.pendingLimit { try flush() }
        return offset
    }

    /// Appends records already framed (`ByteRecordWriter.framed`).
    func appendFramed(_ records: UnsafeRawBufferPointer) throws {
        try flush()
        try writeAll(records)
        size += Int64(records.count)
    }

    func flush() throws {
        try pending.withUnsafeBytes { try writeAll($0) }
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(description: "writing a spill file failed: \(String(cString: strerror(errno)))")
            }
            written += n
        }
    }

    /// Reads `count` bytes at `offset` into `buffer`'s start.
    func read(at offset: Int64, count: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        precondition(count <= buffer.count)
        var done = 0
        while done < count {
            let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(description: "reading a spill file failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw IOError(description: "spill file ends at byte \(offset + Int64(done)), before its records do") }
            done += n
        }
    }

    /// The record whose prefix is at `offset`, `length` bytes long (its
    /// body, without the prefix), passed to `body`.
    func withRecord<T>(at offset: Int64, length: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, length), alignment: 8)
        defer { buffer.deallocate() }
        try read(at: offset + Int64(Self.prefix), count: length, into: buffer)
        return try body(UnsafeRawBufferPointer(rebasing: buffer[..<length]))
    }

    /// Reads the records in order, a buffer at a time.
    ///
    /// Threading: a value for one thread.
    struct Cursor {
        private let file: SpillFile
        private var buffer: UnsafeMutableRawBufferPointer
        private var start = 0, end = 0
        private var fileOffset: Int64 = 0

        /// - Parameter offset: where a record starts (0: the first).
        init(_ file: SpillFile, from offset: Int64 = 0, bufferSize: Int = 1 << 16) {
            self.file = file
            fileOffset = offset
            buffer = .allocate(byteCount: bufferSize, alignment: 8)
        }

        /// Frees the buffer; the cursor is unusable afterwards.
        mutating func close() { buffer.deallocate(); buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0) }

        /// The next record's body, valid until the next call; nil at the end.
        mutating func next() throws -> UnsafeRawBufferPointer? {
            guard try fill(SpillFile.prefix) else { return nil }
            var length = 0
            for index in 0..<SpillFile.prefix { length |= Int(buffer[start + index]) << (8 * index) }
            start += SpillFile.prefix
            guard try fill(length) else {
                throw IOError(description: "spill file ends inside a record of \(length) bytes")
            }
            defer { start += length }
            return UnsafeRawBufferPointer(rebasing: buffer[start..<start + length])
        }

        /// Makes `count` bytes available from `start`; false at the end of
        /// the file with no bytes left.
        private mutating func fill(_ count: Int) throws -> Bool {
            if end - start >= count { return true }
            let kept = end - start
            if count > buffer.count {
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
                bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                buffer.deallocate()
                buffer = bigger
            } else if kept > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: kept)
            }
            start = 0
            end = kept
            let available = file.size - fileOffset
            let wanted = Int(min(Int64(buffer.count - end), available))
            if wanted > 0 {
                try file.read(at: fileOffset, count: wanted, into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
                fileOffset += Int64(wanted)
                end += wanted
            }
            if end - start >= count { return true }
            if end == start { return false }
            throw IOError(description: "spill file ends inside a record")
        }
    }
}
