import Foundation

/// A block of raw memory holding whole JSON Lines, handed from the reader to
/// one worker. Standard-size buffers are recycled through `ChunkBufferPool`.
///
/// Threading: owned by one thread at a time; ownership moves reader → worker →
/// pool, each hand-off through the pipeline's queues.
public final class ChunkBuffer: @unchecked Sendable {
    public let memory: UnsafeMutableRawBufferPointer

    public init(capacity: Int) {
        memory = .allocate(byteCount: capacity, alignment: 64)
    }

    deinit { memory.deallocate() }

    public var capacity: Int { memory.count }
}

/// Recycles standard-size chunk buffers so that steady-state scanning does not
/// map and fault in fresh memory for every chunk.
///
/// Threading: thread-safe; `take` and `give` may be called from any thread.
public final class ChunkBufferPool: @unchecked Sendable {
    public let bufferSize: Int
    private let lock = NSLock()
    private var free: [ChunkBuffer] = []
    private let maxKept: Int

    public init(bufferSize: Int, maxKept: Int) {
        self.bufferSize = bufferSize
        self.maxKept = maxKept
    }

    public func take() -> ChunkBuffer {
        lock.lock()
        let buffer = free.popLast()
        lock.unlock()
        return buffer ?? ChunkBuffer(capacity: bufferSize)
    }

    public func give(_ buffer: ChunkBuffer) {
        guard buffer.capacity == bufferSize else { return }
        lock.lock()
        if free.count < maxKept { free.append(buffer) }
        lock.unlock()
    }
}
