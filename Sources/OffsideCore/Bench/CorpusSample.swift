/// The first bytes of a corpus, in whole-line chunks held in memory, for
/// timing the per-chunk work without I/O or decompression.
public struct CorpusSample: @unchecked Sendable {
    public let chunks: [LineChunk]
    public var bytes: Int { chunks.reduce(0) { $0 + $1.count } }

    /// Reads inputs in order until `bytes` are held (whole chunks of
    /// `chunkSize`, so the sample is at least `bytes` when the corpus is).
    public static func read(_ inputs: [InputFile], bytes target: Int, chunkSize: Int = 256 << 10) throws -> CorpusSample {
        var chunks: [LineChunk] = []
        var held = 0
        let pool = ChunkBufferPool(bufferSize: chunkSize, maxKept: 0)
        for input in inputs where held < target {
            let chunker: LineChunker
            do {
                chunker = LineChunker(reader: try ArchiveReader(input: input), pool: pool)
                while held < target, let chunk = try chunker.next() {
                    guard chunk.oversizedLineLength == nil else { continue }
                    chunks.append(chunk)
                    held += chunk.count
                }
            } catch {
                throw BenchError(message: "\(input.name): \(error)")
            }
        }
        guard held > 0 else { throw BenchError(message: "the corpus is empty: no lines to sample") }
        return CorpusSample(chunks: chunks)
    }
}
