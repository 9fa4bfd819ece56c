import Benchmark
import OffsideCore

/// One benchmark per pipeline stage on the same synthetic chunk: JSON field
/// extraction, the matcher alone (default pack, and grown by 1k and 10k
/// generated rules: how cost grows with pack size), and the aggregate stage
/// (conversations, judging, client state). MB/s are of the chunk's bytes.
func stageBenchmarks(chunk: LineChunk, compiled: CompiledRulePack, smoke: Bool) {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, throughputMetric],
        maxDuration: .seconds(smoke ? 1 : 5), maxIterations: smoke ? 3 : 50)
    let megabytes = Double(chunk.count) / 1e6
    let lines = chunk.bytes.split(separator: 0x0A).map { UnsafeRawBufferPointer(rebasing: $0) }

    Benchmark("JSONRecordParser.fields", configuration: configuration) { benchmark in
        let parser = JSONRecordParser()
        let arena = GrowableBuffer<UInt8>(capacity: 1 << 16)
        measureThroughput(benchmark, megabytes: megabytes) {
            arena.removeAll()
            var offset = 0
            for line in lines {
                blackHole(try? parser.parse(line: line, lineOffset: offset, arena: arena))
                offset += line.count + 1
            }
        }
    }

    // The matcher scans the chunk's raw lines: the same bytes for every
    // pack, so the packs compare directly.
    let sizes = smoke ? [0, 100] : [0, 1_000, 10_000]
    for extra in sizes {
        let name = extra == 0 ? "defaultPack" : "synthetic\(extra >= 1000 ? "\(extra / 1000)k" : "\(extra)")"
        // The grown packs compile in `setup` (10k rules take about a
        // minute), outside the measurement.
        let pack = PackBox()
        Benchmark("PatternScratch.\(name)", configuration: configuration, closure: { benchmark in
            let scratch = PatternScratch(database: pack.compiled!.database)
            measureThroughput(benchmark, megabytes: megabytes) {
                scratch.scan(chunk.bytes)
                blackHole(scratch.matches.count)
            }
        }, setup: {
            pack.compiled = extra == 0 ? compiled : try CompiledRulePack(SyntheticRules.extend(compiled.pack, by: extra))
        }, teardown: { pack.compiled = nil })
    }

    Benchmark("ScanAggregator.consume", configuration: configuration) { benchmark in
        let result = ChunkScanner(compiled: compiled, fieldNames: FieldNames(), keepRejects: false)
            .scan(chunk, sequence: 0, inputIndex: 0, archive: "bench")
        let input = InputFile(path: "bench")
        measureThroughput(benchmark, megabytes: megabytes) {
            let aggregator = ScanAggregator(inputs: [input], findingWriter: nil, rejects: nil, evidenceLimit: 5)
            aggregator.consume(result)
            aggregator.finish()
            blackHole(aggregator.clients.clients.count)
        }
    }
}

let throughputMetric = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Runs `body` once per scaled iteration and records MB/s for each.
func measureThroughput(_ benchmark: Benchmark, megabytes: Double, _ body: () -> Void) {
    body()  // warm the reused buffers
    for _ in benchmark.scaledIterations {
        let started = DispatchTimeNanos.now
        body()
        let seconds = Double(DispatchTimeNanos.now - started) / 1e9
        benchmark.measurement(throughputMetric, Int(megabytes / seconds))
    }
}

/// A pack compiled by a benchmark's setup hook for its closure.
///
/// Threading: package-benchmark runs setup, the closure and teardown one
/// after another, never at once.
final class PackBox: @unchecked Sendable {
    var compiled: CompiledRulePack?
}
