#if canImport(Glibc)
import Glibc
#endif
import CLibcExtras

/// A run of whole lines from one input, or the marker for a line that was too
/// long to keep.
public struct LineChunk: @unchecked Sendable {
    public let buffer: ChunkBuffer
    /// Bytes of `buffer` that hold the lines.
    public let count: Int
    /// Set when this chunk stands for one line longer than the chunker's limit;
    /// `buffer` then holds only its first bytes, for `--rejects`.
    public let oversizedLineLength: Int?

    public init(buffer: ChunkBuffer, count: Int, oversizedLineLength: Int?) {
        self.buffer = buffer
        self.count = count
        self.oversizedLineLength = oversizedLineLength
    }

    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer.memory)[0..<count])
    }
}

/// Cuts an input's uncompressed stream into chunks of whole lines of about
/// `pool.bufferSize` bytes. A line longer than a chunk grows the buffer, up to
/// `maxLineLength`; longer lines are skipped and reported, never fatal.
///
/// Threading: not thread-safe; used by the reader thread only.
public final class LineChunker {
    private let reader: any UncompressedSource
    private let pool: ChunkBufferPool
    private let maxLineLength: Int
    private var current: ChunkBuffer
    private var filled = 0
    private var finished = false
    /// The input's error, thrown once the bytes before it were handed out.
    private var pendingError: InputError?

    public init(reader: any UncompressedSource, pool: ChunkBufferPool, maxLineLength: Int = 64 << 20) {
        self.reader = reader
        self.pool = pool
        self.maxLineLength = max(maxLineLength, pool.bufferSize)
        self.current = pool.take()
    }

    /// The next chunk, or nil at the end of the input. When the input fails,
    /// the lines read before the error come first, as a last chunk (its
    /// cut-off line, if any, then counts as malformed), and the error after.
    public func next() throws(InputError) -> LineChunk? {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        guard !finished else { return nil }
        while true {
            if filled < current.capacity {
                let free = UnsafeMutableRawBufferPointer(rebasing: current.memory[filled...])
                let n: Int
                do {
                    n = try reader.read(into: free)
                } catch {
                    finished = true
                    guard filled > 0 else { pool.give(current); throw error }
                    pendingError = error
                    return LineChunk(buffer: current, count: filled, oversizedLineLength: nil)
                }
                if n == 0 {
                    finished = true
                    guard filled > 0 else { pool.give(current); return nil }
                    return LineChunk(buffer: current, count: filled, oversizedLineLength: nil)
                }
                filled += n
                continue
            }
            // The buffer is full: hand out everything up to its last newline.
            if let newline = memrchr(current.memory.baseAddress!, 0x0A, filled) {
                let end = current.memory.baseAddress!.distance(to: newline) + 1
                let chunk = LineChunk(buffer: current, count: end, oversizedLineLength: nil)
                let next = pool.take()
                let carry = filled - end
                if carry > 0 {
                    next.memory.baseAddress!.copyMemory(from: current.memory.baseAddress! + end, byteCount: carry)
                }
                current = next
                filled = carry
                return chunk
            }
            if current.capacity * 2 <= maxLineLength {
                let bigger = ChunkBuffer(capacity: current.capacity * 2)
                bigger.memory.baseAddress!.copyMemory(from: current.memory.baseAddress!, byteCount: filled)
                pool.give(current)
                current = bigger
                continue
            }
            return try skipOversizedLine()
        }
    }

    /// Keeps the first bytes of an over-long line for `--rejects` and discards
    /// the rest up to its newline.
    private func skipOversizedLine() throws(InputError) -> LineChunk {
        let keep = min(filled, 4096)
        let marker = ChunkBuffer(capacity: keep)
        marker.memory.baseAddress!.copyMemory(from: current.memory.baseAddress!, byteCount: keep)
        var length = filled
        let scratch = current.memory
        while true {
            let n = try reader.read(into: scratch)
            if n == 0 { finished = true; filled = 0; break }
            if let newline = memchr(scratch.baseAddress!, 0x0A, n) {
                let end = scratch.baseAddress!.distance(to: newline) + 1
                length += end - 1
                // What follows the newline starts the next chunk.
                let carry = n - end
                if carry > 0 { scratch.baseAddress!.copyMemory(from: scratch.baseAddress! + end, byteCount: carry) }
                filled = carry
                break
            }
            length += n
        }
        return LineChunk(buffer: marker, count: keep, oversizedLineLength: length)
    }
}
