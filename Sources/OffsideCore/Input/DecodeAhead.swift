import Foundation

/// Decodes a scan's inputs ahead of the reader thread, on threads of its
/// own: the frames of a multi-frame archive (`ZstdFrameRanges`) and several
/// input files are decoded in parallel, while the reader thread takes the
/// bytes in input order (`DecodedInput`), so lines, chunks and findings are
/// the same as when one thread decodes everything in turn.
///
/// Work is cut into units: a range of whole frames, or a whole input when it
/// has no frames to split (one frame, plain text, standard input). Decoders
/// take units in order; at most `unitsAhead` units are decoded or waiting
/// beyond the one being read, and each holds at most `blocksPerUnit` blocks
/// of `blockSize` bytes, so memory is bounded whatever the inputs' sizes.
/// An input that fails (cannot be opened, cut, corrupt) gives its readable
/// bytes and then its error, and its later units are dropped, exactly as a
/// streaming `ArchiveReader` would.
///
/// Threading: one consumer thread calls `input(_:)` for the inputs in order
/// and reads each `DecodedInput` to its end or first error before the next;
/// decoder threads are internal. Shared state is guarded by `condition`.
public final class DecodeAhead: @unchecked Sendable {
    public struct Options: Sendable {
        public var decoders: Int
        public var blockSize: Int
        public var blocksPerUnit: Int
        public var unitsAhead: Int
        /// Compressed bytes a range of frames gathers (`ZstdFrameRanges`).
        public var rangeTarget: Int

        public init(decoders: Int, blockSize: Int = 1 << 20, blocksPerUnit: Int = 4, unitsAhead: Int? = nil,
                    rangeTarget: Int = 2 << 20) {
            self.decoders = max(1, decoders)
            self.blockSize = max(1, blockSize)
            self.blocksPerUnit = max(1, blocksPerUnit)
            self.unitsAhead = max(1, unitsAhead ?? 2 * self.decoders)
            self.rangeTarget = rangeTarget
        }
    }

    /// Decoded bytes on their way to the reader thread.
    struct Block {
        let buffer: ChunkBuffer
        let count: Int
        /// Offset in the file after the compressed bytes that made it.
        let compressedEnd: Int64
    }

    /// One unit of decoding work and what it produced so far.
    final class Unit {
        let inputIndex: Int
        /// nil: the whole input, as a stream.
        let range: Range<Int64>?
        var blocks: [Block] = []
        var done = false
        var error: InputError?
        var compressed = false
        /// Offset in the file after the compressed bytes consumed.
        var compressedEnd: Int64 = 0
        var cancelled = false

        init(inputIndex: Int, range: Range<Int64>?) {
            self.inputIndex = inputIndex
            self.range = range
            compressedEnd = range?.lowerBound ?? 0
        }
    }

    private let inputs: [InputFile]
    private let options: Options
    private let blocks: ChunkBufferPool
    private let condition = NSCondition()
    private let threadsDone = DispatchGroup()
    // Guarded by `condition`.
    private var units: [Unit] = []
    private var head = 0
    private var planInput = 0
    private var walker: ZstdFrameRanges?
    private var planned = false
    private var shutdown = false

    public init(inputs: [InputFile], options: Options) {
        self.inputs = inputs
        self.options = options
        blocks = ChunkBufferPool(bufferSize: options.blockSize,
                                 maxKept: options.unitsAhead * (options.blocksPerUnit + 1) + 1)
        for index in 0..<options.decoders {
            threadsDone.enter()
            let thread = Thread { [self] in
                decodeUnits()
                threadsDone.leave()
            }
            thread.name = "offside.decode.\(index)"
            thread.start()
        }
    }

    /// The reader of input `index`; call for each input in order, after the
    /// previous input's reader was finished.
    public func input(_ index: Int) -> DecodedInput {
        DecodedInput(owner: self, inputIndex: index)
    }

    /// Stops the decoders and waits for them; unread units are dropped.
    public func close() {
        condition.lock()
        shutdown = true
        for unit in units[head...] { unit.cancelled = true }
        condition.broadcast()
        condition.unlock()
        threadsDone.wait()
    }

    // MARK: consumer side (the reader thread)

    /// The next decoded block of input `index`, nil when the input has no
    /// more; the input's error once its readable bytes were handed out.
    func nextBlock(of index: Int, into reader: DecodedInput) throws(InputError) -> Block? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while head >= units.count && !planned { condition.wait() }
            guard head < units.count else { return nil }
            let unit = units[head]
            if unit.inputIndex < index {
                // An earlier input's reader was left unfinished.
                dropRest(of: unit.inputIndex)
                continue
            }
            guard unit.inputIndex == index else { return nil }
            while unit.blocks.isEmpty && !unit.done { condition.wait() }
            // An input is compressed when its first unit (at offset 0) is.
            if (unit.range?.lowerBound ?? 0) == 0 { reader.isCompressed = unit.compressed }
            if !unit.blocks.isEmpty {
                let block = unit.blocks.removeFirst()
                reader.compressedBytesRead = block.compressedEnd
                condition.broadcast()
                return block
            }
            reader.compressedBytesRead = unit.compressedEnd
            head += 1
            condition.broadcast()
            if let error = unit.error {
                dropRest(of: index)
                throw error
            }
        }
    }

    /// Drops the units of input `index` not yet read (after its error, or
    /// when its reader is finished early), and stops planning more of them.
    func dropRest(of index: Int) {
        while head < units.count && units[head].inputIndex == index {
            units[head].cancelled = true
            for block in units[head].blocks { blocks.give(block.buffer) }
            units[head].blocks.removeAll()
            head += 1
        }
        if planInput == index && walker != nil {
            walker = nil
            planInput += 1
        }
        condition.broadcast()
    }

    func finish(_ index: Int) {
        condition.lock()
        dropRest(of: index)
        condition.unlock()
    }

    func recycle(_ buffer: ChunkBuffer) { blocks.give(buffer) }

    // MARK: decoder side

    private func decodeUnits() {
        condition.lock()
        while true {
            while !shutdown && units.count >= head + options.unitsAhead { condition.wait() }
            guard !shutdown, let unit = planNextUnit() else { break }
            units.append(unit)
            condition.broadcast()
            condition.unlock()
            decode(unit)
            condition.lock()
        }
        condition.unlock()
    }

    /// The next unit in input order, or nil when every input is planned.
    /// Called under the lock.
    private func planNextUnit() -> Unit? {
        while planInput < inputs.count {
            if let walker {
                if let range = walker.next() { return Unit(inputIndex: planInput, range: range) }
                self.walker = nil
                planInput += 1
                continue
            }
            if let path = inputs[planInput].path,
               let frames = ZstdFrameRanges(path: path, rangeTarget: options.rangeTarget) {
                walker = frames
                continue
            }
            let unit = Unit(inputIndex: planInput, range: nil)
            planInput += 1
            return unit
        }
        planned = true
        condition.broadcast()
        return nil
    }

    /// Marks a unit decoded (with its error, if any). Called under the lock.
    private func end(_ unit: Unit, error: InputError?) {
        unit.error = error
        unit.done = true
        condition.broadcast()
    }

    /// Decodes one unit into blocks, waiting while the unit holds
    /// `blocksPerUnit` blocks the reader has not taken yet.
    private func decode(_ unit: Unit) {
        let reader: ArchiveReader
        do {
            reader = try ArchiveReader(input: inputs[unit.inputIndex], range: unit.range)
        } catch {
            condition.lock()
            end(unit, error: error)
            condition.unlock()
            return
        }
        condition.lock()
        unit.compressed = reader.isCompressed
        condition.unlock()
        while true {
            let buffer = blocks.take()
            var filled = 0
            var ended = false
            var failure: InputError?
            do {
                while filled < buffer.capacity {
                    let n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer.memory[filled...]))
                    if n == 0 { ended = true; break }
                    filled += n
                }
            } catch {
                failure = error
            }
            condition.lock()
            unit.compressedEnd = reader.rangeStart + reader.compressedBytesRead
            if filled > 0 && !unit.cancelled {
                unit.blocks.append(Block(buffer: buffer, count: filled, compressedEnd: unit.compressedEnd))
            } else {
                blocks.give(buffer)
            }
            if ended || failure != nil || unit.cancelled {
                end(unit, error: failure)
                condition.unlock()
                return
            }
            condition.broadcast()
            while unit.blocks.count >= options.blocksPerUnit && !unit.cancelled && !shutdown { condition.wait() }
            let stop = unit.cancelled || shutdown
            if stop { unit.done = true }
            condition.unlock()
            if stop { return }
        }
    }
}
