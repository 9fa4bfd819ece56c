import Benchmark
import Glibc
import OffsideCore

/// Times the tokenize+match stage (and, in StageBenchmarks, each stage) on one in-memory chunk of JSON Lines with
/// the default rule pack: the work each worker does per chunk, without I/O
/// or decompression. Reports MB/s of uncompressed input and allocations.
let benchmarks: @Sendable () -> Void = {
    // OFFSIDE_BENCH_SMOKE=1 (CI): a tiny chunk and a few iterations, only to
    // prove the suite builds and runs.
    let smoke = getenv("OFFSIDE_BENCH_SMOKE") != nil
    let compiled = try! CompiledRulePack(RulePackLoader.loadDefault())
    let chunk = SyntheticChunk.make(bytes: smoke ? 64 << 10 : 4 << 20)
    let megabytes = Double(chunk.count) / 1e6

    Benchmark("ChunkScan.defaultPack",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal, throughputMetric],
                                   maxDuration: .seconds(smoke ? 1 : 5), maxIterations: smoke ? 3 : 50)) { benchmark in
        let scanner = ChunkScanner(compiled: compiled, fieldNames: FieldNames(), keepRejects: false)
        measureThroughput(benchmark, megabytes: megabytes) {
            blackHole(scanner.scan(chunk, sequence: 0, inputIndex: 0, archive: "bench"))
        }
    }
    stageBenchmarks(chunk: chunk, compiled: compiled, smoke: smoke)
    normalizerBenchmarks(smoke: smoke)
    inputBenchmarks(smoke: smoke)
}

enum DispatchTimeNanos {
    static var now: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// Chat-like JSON Lines: mostly honest messages, some with contact details,
/// prices, dates and ids, so every stage (validators included) does work.
enum SyntheticChunk {
    static let texts = [
        "Hi, thanks for the invite! I have read the brief and can start on Monday.",
        "The budget is $1,250.00 and the deadline is 2026-11-30, invoice INV-2026-00451.",
        "Could you send the Figma file? I'll push the fix to github.com/acme/shop tonight.",
        "write me at maria.lopez@gmail.com or call +1 415 555 0199",
        "Version v2.10.3 fixes the crash; server at 192.168.1.20 restarted at 10:30.",
        "I prefer to keep communication and payment here on the platform.",
        "Can we move this to WhatsApp? I can pay you directly via PayPal to avoid the fees.",
        "Attached the revised logo, colours #ff8800 and #222222, 3 variants.",
    ]

    static func make(bytes target: Int) -> LineChunk {
        var text = ""
        var i = 0
        while text.utf8.count < target - 400 {
            let body = texts[i % texts.count]
            let role = i % 2 == 0 ? "client" : "freelancer"
            text += "{\"id\":\"m\(i)\",\"conversation_id\":\"c\(i % 500)\",\"sender_id\":\"u\(i % 700)\",\"sender_role\":\"\(role)\","
                + "\"recipient_id\":\"u\((i + 1) % 700)\",\"ts\":\"2026-11-20T09:00:00Z\",\"text\":\"\(body)\"}\n"
            i += 1
        }
        let bytes = Array(text.utf8)
        let buffer = ChunkBuffer(capacity: bytes.count)
        bytes.withUnsafeBytes { buffer.memory.copyMemory(from: $0) }
        return LineChunk(buffer: buffer, count: bytes.count, oversizedLineLength: nil)
    }
}
