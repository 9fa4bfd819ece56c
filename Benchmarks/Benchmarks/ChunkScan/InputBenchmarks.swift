import Benchmark
import CZstd
import Foundation
import OffsideCore

/// The input stage alone: an archive on disk decoded and cut into chunks of
/// whole lines, as the reader thread hands them to the workers. The same
/// JSON Lines as one zstd frame and as frames of 4 MiB (what `pzstd` writes),
/// through `DecodeAhead` with one and two decoder threads. MB/s are of the
/// uncompressed bytes. The lines are varied (`ChatLines`): they compress
/// about 4× (the generated corpus 8×), where the stage benchmarks' one chunk
/// repeated would decode four times as fast as real archives.
func inputBenchmarks(smoke: Bool) {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, throughputMetric],
        maxDuration: .seconds(smoke ? 1 : 5), maxIterations: smoke ? 3 : 20)
    let archives = InputArchives()

    for (frames, decoders) in [(false, 1), (true, 1), (true, 2)] {
        let name = "DecodeAhead.\(frames ? "multiFrame" : "singleFrame").\(decoders)decoder\(decoders == 1 ? "" : "s")"
        Benchmark(name, configuration: configuration, closure: { benchmark in
            let path = frames ? archives.multiFrame : archives.singleFrame
            measureThroughput(benchmark, megabytes: Double(archives.size) / 1e6) {
                blackHole(readChunks(path, decoders: decoders))
            }
        }, setup: {
            archives.make(size: smoke ? 4 << 20 : 256 << 20)
        }, teardown: { archives.remove() })
    }
}

/// Reads one input to its end as the pipeline's reader thread does; returns
/// the bytes handed out.
private func readChunks(_ path: String, decoders: Int) -> Int {
    let pool = ChunkBufferPool(bufferSize: 4 << 20, maxKept: 4)
    let ahead = DecodeAhead(inputs: [InputFile(path: path)], options: .init(decoders: decoders))
    defer { ahead.close() }
    let input = ahead.input(0)
    defer { input.finish() }
    let chunker = LineChunker(reader: input, pool: pool)
    var total = 0
    while let chunk = try! chunker.next() {
        total += chunk.count
        pool.give(chunk.buffer)
    }
    return total
}

/// Temporary archives of the benchmark chunk repeated to `size` bytes.
///
/// Threading: package-benchmark runs setup, the closure and teardown one
/// after another, never at once.
final class InputArchives: @unchecked Sendable {
    private(set) var singleFrame = ""
    private(set) var multiFrame = ""
    private(set) var size = 0
    private var directory: URL?

    func make(size target: Int) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offside-bench-\(getpid())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        let text = ChatLines.make(bytes: target)
        size = text.count
        singleFrame = directory.appendingPathComponent("single.jsonl.zst").path
        multiFrame = directory.appendingPathComponent("multi.jsonl.zst").path
        FileManager.default.createFile(atPath: singleFrame, contents: Data(compress(text[...])))
        var frames: [UInt8] = []
        for start in stride(from: 0, to: text.count, by: 4 << 20) {
            frames += compress(text[start..<min(start + (4 << 20), text.count)])
        }
        FileManager.default.createFile(atPath: multiFrame, contents: Data(frames))
    }

    func remove() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        directory = nil
    }

    private func compress(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(ZSTD_compressBound(bytes.count)))
        let written = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { ZSTD_compress(out.baseAddress, out.count, $0.baseAddress, $0.count, 3) }
        }
        precondition(ZSTD_isError(written) == 0, "zstd compression failed")
        return Array(output[0..<written])
    }
}

/// Chat-like JSON Lines from a seeded generator: words drawn from a small
/// vocabulary, ids and numbers varying, so that the archive does not
/// compress like one repeated chunk.
enum ChatLines {
    static let words = """
        hi hello thanks the a to and for of on in is it you i we can will this that be have with
        draft logo file design page site app code review deadline budget invoice milestone revision
        please could would should send share update call check fix test ready done today tomorrow
        monday friday week hour price quote contract platform payment brief project feedback client
        color font layout mobile desktop server database api bug issue version release deploy
        great sure ok perfect no problem sorry late soon meeting schedule time zone morning evening
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static func make(bytes target: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            // SplitMix64: the same archive on every run.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        var out: [UInt8] = []
        out.reserveCapacity(target + 1024)
        var i = 0
        while out.count < target {
            var text = ""
            for w in 0..<(4 + next(30)) {
                if w > 0 { text += " " }
                text += next(12) == 0 ? String(next(100_000)) : words[next(words.count)]
            }
            let role = next(2) == 0 ? "client" : "freelancer"
            let line = "{\"id\":\"m\(i)\",\"conversation_id\":\"c\(next(50_000))\",\"sender_id\":\"u\(next(30_000))\","
                + "\"sender_role\":\"\(role)\",\"recipient_id\":\"u\(next(30_000))\","
                + "\"ts\":\"2026-11-20T\(10 + next(10)):\(10 + next(50)):\(10 + next(50))Z\",\"text\":\"\(text)\"}\n"
            out += line.utf8
            i += 1
        }
        return out
    }
}
