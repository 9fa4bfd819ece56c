/// One input's uncompressed bytes as `DecodeAhead`'s threads decoded them,
/// in order: what the reader thread cuts into lines.
///
/// Threading: used by the reader thread only.
public final class DecodedInput: UncompressedSource {
    private let owner: DecodeAhead
    public let inputIndex: Int
    /// Whether the input is zstd; known once the first bytes (or the end)
    /// were read.
    public internal(set) var isCompressed = false
    /// Compressed (on-disk) bytes of the input behind the bytes read so far.
    public internal(set) var compressedBytesRead: Int64 = 0
    private var block: DecodeAhead.Block?
    private var blockOffset = 0
    private var ended = false

    init(owner: DecodeAhead, inputIndex: Int) {
        self.owner = owner
        self.inputIndex = inputIndex
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if let block, blockOffset < block.count {
                let n = min(buffer.count, block.count - blockOffset)
                buffer.baseAddress!.copyMemory(from: block.buffer.memory.baseAddress! + blockOffset, byteCount: n)
                blockOffset += n
                return n
            }
            if let block { owner.recycle(block.buffer) }
            block = nil
            blockOffset = 0
            if ended { return 0 }
            do {
                block = try owner.nextBlock(of: inputIndex, into: self)
            } catch {
                ended = true
                throw error
            }
            if block == nil { ended = true }
        }
    }

    /// Gives back what is held and drops the input's unread units; call once
    /// the input has been read (to its end or its error).
    public func finish() {
        if let block { owner.recycle(block.buffer) }
        block = nil
        ended = true
        owner.finish(inputIndex)
    }
}
