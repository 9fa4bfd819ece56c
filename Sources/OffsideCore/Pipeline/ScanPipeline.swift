import Dispatch
import Foundation

/// How the pipeline is run.
public struct PipelineOptions: Sendable {
    /// Tokenize+match workers (`--threads`).
    public var threads: Int
    /// Target size of a chunk of whole lines: as asked, but small enough
    /// that the `2 × threads` chunks in flight hold at most
    /// `inFlightBytes`, so that memory does not grow with the thread count
    /// either (4 MiB up to 16 threads).
    public var chunkSize: Int
    public static let inFlightBytes = 128 << 20
    public var fieldNames: FieldNames
    /// Keep raw malformed lines for `--rejects`.
    public var keepRejects: Bool
    /// Threads that decode inputs ahead of the reader (`DecodeAhead`): the
    /// frames of multi-frame archives and several files in parallel.
    /// Decoding runs at about 1.3 GB/s a thread, so a few are enough.
    public var decoders: Int

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, chunkSize: Int = 4 << 20,
                fieldNames: FieldNames = FieldNames(), keepRejects: Bool = false) {
        self.threads = max(1, threads)
        let fitsInFlight = max(256 << 10, Self.inFlightBytes / (2 * self.threads))
        self.chunkSize = max(4096, min(chunkSize, fitsInFlight))
        self.fieldNames = fieldNames
        self.keepRejects = keepRejects
        self.decoders = min(self.threads, 4)
    }
}

/// How reading one input ended.
public struct InputOutcome: Sendable {
    public var input: InputFile
    public var compressed: Bool
    public var compressedBytes: Int64
    /// Set when the input could not be read to its end; what was read before
    /// the error has still been scanned.
    public var error: InputError?
}

/// The stages of DESIGN.md on Dispatch: `DecodeAhead`'s threads decompress
/// the inputs (frames of multi-frame archives, and several files, in
/// parallel); the calling thread cuts them, in input order, into chunks of
/// whole lines; a bounded pool of
/// workers tokenizes and matches chunks concurrently; results reach the
/// aggregate stage on one serial queue, in input order. At most
/// `2 × threads` chunks are in flight, so memory does not grow with the
/// archive. Chunk boundaries depend only on the input, never on timing, so
/// findings are the same for any thread count.
///
/// Threading: `run` is called from one thread and blocks until every result
/// has been consumed; `consume` runs on the pipeline's serial aggregate queue.
public final class ScanPipeline: Sendable {
    private let compiled: CompiledRulePack
    private let options: PipelineOptions

    public init(compiled: CompiledRulePack, options: PipelineOptions) {
        self.compiled = compiled
        self.options = options
    }

    /// - Parameter progress: gets bytes read as they are read.
    /// - Parameter inputEnded: called on the aggregate queue once every
    ///   result of an input has been consumed and before any of the next
    ///   input's: where `scan --db` commits an archive.
    public func run(inputs: [InputFile], progress: ScanProgress? = nil,
                    inputEnded: (@Sendable (Int, InputOutcome) -> Void)? = nil,
                    consume: @escaping @Sendable (ChunkResult) -> Void) -> [InputOutcome] {
        let maxInFlight = options.threads * 2
        let chunkPool = ChunkBufferPool(bufferSize: options.chunkSize, maxKept: maxInFlight + 2)
        let scanners = ScannerPool((0..<options.threads).map { _ in
            ChunkScanner(compiled: compiled, fieldNames: options.fieldNames, keepRejects: options.keepRejects)
        })
        let workers = DispatchQueue(label: "offside.workers", attributes: .concurrent)
        let aggregate = DispatchQueue(label: "offside.aggregate")
        let reorder = ReorderBuffer()
        // Created at 0 and signalled up: a semaphore released below its
        // initial value crashes at exit (shared/TOOLCHAIN.md).
        let inFlight = DispatchSemaphore(value: 0)
        for _ in 0..<maxInFlight { inFlight.signal() }
        let group = DispatchGroup()

        let decoded = DecodeAhead(inputs: inputs, options: .init(decoders: options.decoders))
        defer { decoded.close() }
        var outcomes: [InputOutcome] = []
        var sequence = 0
        var compressedBefore: Int64 = 0
        for (inputIndex, input) in inputs.enumerated() {
            var outcome = InputOutcome(input: input, compressed: false, compressedBytes: 0, error: nil)
            let reader = decoded.input(inputIndex)
            do {
                let chunker = LineChunker(reader: reader, pool: chunkPool)
                while let chunk = try chunker.next() {
                    let compressedNow = compressedBefore + reader.compressedBytesRead
                    progress?.update {
                        $0.bytes += Int64(chunk.oversizedLineLength ?? chunk.count)
                        $0.compressedBytes = compressedNow
                    }
                    inFlight.wait()
                    let scanner = scanners.take()
                    let chunkSequence = sequence
                    sequence += 1
                    group.enter()
                    workers.async {
                        let result = scanner.scan(chunk, sequence: chunkSequence, inputIndex: inputIndex, archive: input.name)
                        chunkPool.give(chunk.buffer)
                        scanners.give(scanner)
                        aggregate.async {
                            reorder.add(chunkSequence) {
                                consume(result)
                                inFlight.signal()
                            }
                            group.leave()
                        }
                    }
                }
            } catch {
                outcome.error = error
            }
            reader.finish()
            outcome.compressed = reader.isCompressed
            outcome.compressedBytes = reader.compressedBytesRead
            compressedBefore += outcome.compressedBytes
            outcomes.append(outcome)
            // The end of an input takes a place in the sequence, so that it
            // reaches the aggregate stage after the input's last chunk.
            let endSequence = sequence
            sequence += 1
            let ended = outcome
            group.enter()
            aggregate.async {
                reorder.add(endSequence) {
                    progress?.update { $0.inputsDone += 1 }
                    inputEnded?(inputIndex, ended)
                }
                group.leave()
            }
        }
        group.wait()
        return outcomes
    }
}

/// Hands each worker a scanner of its own (Vectorscan scratch is per thread).
///
/// Threading: thread-safe.
final class ScannerPool: @unchecked Sendable {
    private var free: [ChunkScanner]
    private let lock = NSLock()
    private let available = DispatchSemaphore(value: 0)

    init(_ scanners: [ChunkScanner]) {
        free = scanners
        for _ in scanners { available.signal() }
    }

    func take() -> ChunkScanner {
        available.wait()
        lock.lock()
        defer { lock.unlock() }
        return free.removeLast()
    }

    func give(_ scanner: ChunkScanner) {
        lock.lock()
        free.append(scanner)
        lock.unlock()
        available.signal()
    }
}

/// Runs the aggregate stage's steps (chunk results, ends of inputs) in
/// sequence order, whatever order the workers finish in.
///
/// Threading: confined to the pipeline's serial aggregate queue.
final class ReorderBuffer: @unchecked Sendable {
    private var pending: [Int: () -> Void] = [:]
    private var next = 0

    func add(_ sequence: Int, _ step: @escaping () -> Void) {
        pending[sequence] = step
        while let ready = pending.removeValue(forKey: next) {
            ready()
            next += 1
        }
    }
}
