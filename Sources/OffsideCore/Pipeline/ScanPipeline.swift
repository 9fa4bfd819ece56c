import Dispatch
import Foundation

/// How the pipeline is run.
public struct PipelineOptions: Sendable {
    /// Tokenize+match workers (`--threads`).
    public var threads: Int
    /// Target size of a chunk of whole lines.
    public var chunkSize: Int
    public var fieldNames: FieldNames
    /// Keep raw malformed lines for `--rejects`.
    public var keepRejects: Bool

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, chunkSize: Int = 4 << 20,
                fieldNames: FieldNames = FieldNames(), keepRejects: Bool = false) {
        self.threads = max(1, threads)
        self.chunkSize = max(4096, chunkSize)
        self.fieldNames = fieldNames
        self.keepRejects = keepRejects
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

/// The stages of DESIGN.md on Dispatch: the calling thread reads and
/// decompresses each input into chunks of whole lines; a bounded pool of
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

    public func run(inputs: [InputFile], progress: (@Sendable (Int64) -> Void)? = nil,
                    consume: @escaping @Sendable (ChunkResult) -> Void) -> [InputOutcome] {
        let maxInFlight = options.threads * 2
        let chunkPool = ChunkBufferPool(bufferSize: options.chunkSize, maxKept: maxInFlight + 2)
        let scanners = ScannerPool((0..<options.threads).map { _ in
            ChunkScanner(compiled: compiled, fieldNames: options.fieldNames, keepRejects: options.keepRejects)
        })
        let workers = DispatchQueue(label: "offside.workers", attributes: .concurrent)
        let aggregate = DispatchQueue(label: "offside.aggregate")
        let reorder = ReorderBuffer(consume: consume)
        // Created at 0 and signalled up: a semaphore released below its
        // initial value crashes at exit (shared/TOOLCHAIN.md).
        let inFlight = DispatchSemaphore(value: 0)
        for _ in 0..<maxInFlight { inFlight.signal() }
        let group = DispatchGroup()

        var outcomes: [InputOutcome] = []
        var sequence = 0
        var bytesRead: Int64 = 0
        for (inputIndex, input) in inputs.enumerated() {
            var outcome = InputOutcome(input: input, compressed: false, compressedBytes: 0, error: nil)
            do {
                let reader = try ArchiveReader(input: input)
                outcome.compressed = reader.isCompressed
                let chunker = LineChunker(reader: reader, pool: chunkPool)
                defer { outcome.compressedBytes = reader.compressedBytesRead }
                while let chunk = try chunker.next() {
                    bytesRead += Int64(chunk.oversizedLineLength ?? chunk.count)
                    progress?(bytesRead)
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
                            reorder.add(result) { inFlight.signal() }
                            group.leave()
                        }
                    }
                }
            } catch {
                outcome.error = error
            }
            outcomes.append(outcome)
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

/// Puts chunk results back in input order before the aggregate stage.
///
/// Threading: confined to the pipeline's serial aggregate queue.
final class ReorderBuffer: @unchecked Sendable {
    private var pending: [Int: ChunkResult] = [:]
    private var next = 0
    private let consume: @Sendable (ChunkResult) -> Void

    init(consume: @escaping @Sendable (ChunkResult) -> Void) {
        self.consume = consume
    }

    /// Consumes every result that is now in order; calls `released` once per
    /// consumed result.
    func add(_ result: ChunkResult, released: () -> Void) {
        pending[result.sequence] = result
        while let ready = pending.removeValue(forKey: next) {
            consume(ready)
            next += 1
            released()
        }
    }
}
