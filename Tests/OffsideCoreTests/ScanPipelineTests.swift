import Foundation
import Testing
@testable import OffsideCore

@Suite struct ScanPipelineTests {
    /// A few thousand messages with violations scattered through them.
    static let corpus: [String] = (0..<3000).map { i in
        let texts = [
            "hello, the draft is ready for review", "write me at person\(i)@gmail.com please",
            "call +1 415 555 \(String(format: "%04d", i % 10000))", "invoice #\(100000 + i) is paid, thanks",
            "send it to my paypal", "happy to keep everything on the platform", "the budget is $1,200.00",
        ]
        let role = i % 3 == 0 ? "freelancer" : "client"
        return TestSupport.record(id: "m\(i)", conversation: "c\(i % 97)", sender: role == "client" ? "client-\(i % 11)" : "fl-\(i % 13)",
                                  role: role, recipient: role == "client" ? "fl-\(i % 13)" : "client-\(i % 11)", text: texts[i % texts.count])
    }

    /// Chunks shrink as threads grow, so the chunks in flight (two per
    /// thread) stay within `PipelineOptions.inFlightBytes`.
    @Test func chunksInFlightStayWithinTheirBudgetForAnyThreadCount() {
        #expect(PipelineOptions(threads: 2).chunkSize == 4 << 20)
        #expect(PipelineOptions(threads: 16).chunkSize == 4 << 20)
        #expect(PipelineOptions(threads: 64).chunkSize == 1 << 20)
        #expect(PipelineOptions(threads: 4096).chunkSize == 256 << 10)
        #expect(PipelineOptions(threads: 64, chunkSize: 8192).chunkSize == 8192)
        for threads in [1, 3, 17, 100, 256] {
            let options = PipelineOptions(threads: threads)
            #expect(2 * threads * options.chunkSize <= max(PipelineOptions.inFlightBytes, 2 * threads * (256 << 10)))
        }
    }

    @Test func findingsAreIdenticalForAnyThreadCountAndChunkSize() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(TestSupport.zstdFrame(Array((Self.corpus.joined(separator: "\n") + "\n").utf8)),
                                     name: "corpus.jsonl.zst", in: dir)
        func scan(threads: Int, chunk: Int) throws -> (ScanOutcome, [Finding]) {
            let out = dir.appendingPathComponent("findings-\(threads)-\(chunk).jsonl").path
            let request = ScanRequest(inputs: [InputFile(path: path)], pipeline: PipelineOptions(threads: threads, chunkSize: chunk),
                                      findingsPath: out)
            let outcome = try ScanRun.run(request, compiled: TestSupport.defaultPack)
            return (outcome, try TestSupport.readFindings(out))
        }
        let (reference, referenceFindings) = try scan(threads: 1, chunk: 4 << 20)
        #expect(referenceFindings.count > 500)
        for (threads, chunk) in [(2, 4 << 20), (4, 8192), (8, 4096)] {
            let (outcome, findings) = try scan(threads: threads, chunk: chunk)
            #expect(findings == referenceFindings, "threads \(threads), chunk \(chunk)")
            #expect(try outcome.report.clientsJSON() == reference.report.clientsJSON())
        }
    }

    /// Frames cut mid-line (as `pzstd` cuts) are decoded in parallel and
    /// joined in order: the same findings and clients as one frame.
    @Test func aMultiFrameArchiveGivesTheSameFindingsAsASingleFrame() throws {
        let text = Array((Self.corpus.joined(separator: "\n") + "\n").utf8)
        var frames: [UInt8] = []
        for start in stride(from: 0, to: text.count, by: 9_973) {
            frames += TestSupport.skippableFrame([1, 2, 3, 4])
            frames += TestSupport.zstdFrame(Array(text[start..<min(start + 9_973, text.count)]))
        }
        // Both archives have the same path, one after the other.
        let path = TestSupport.temporaryDirectory().appendingPathComponent("corpus.jsonl.zst").path
        func scan(_ archive: [UInt8], threads: Int) throws -> (ScanOutcome, [Finding]) {
            try Data(archive).write(to: URL(fileURLWithPath: path))
            let out = path + ".findings-\(threads).jsonl"
            let request = ScanRequest(inputs: [InputFile(path: path)], pipeline: PipelineOptions(threads: threads, chunkSize: 8192),
                                      findingsPath: out)
            return (try ScanRun.run(request, compiled: TestSupport.defaultPack), try TestSupport.readFindings(out))
        }
        let (reference, referenceFindings) = try scan(TestSupport.zstdFrame(text), threads: 1)
        #expect(referenceFindings.count > 500)
        for threads in [1, 2, 4] {
            let (outcome, findings) = try scan(frames, threads: threads)
            #expect(findings == referenceFindings, "threads \(threads)")
            #expect(try outcome.report.clientsJSON() == reference.report.clientsJSON())
            #expect(outcome.report.inputs[0].compressedBytes == Int64(frames.count))
            #expect(outcome.report.inputs[0].records == Self.corpus.count)
        }
    }

    @Test func lineNumbersCountEveryLineAcrossChunks() throws {
        var lines = Self.corpus
        lines.insert("", at: 10)
        lines.insert("garbage", at: 20)
        let (outcome, findings) = try TestSupport.scan(lines, threads: 3, chunkSize: 4096)
        for finding in findings {
            let line = lines[finding.line - 1]
            #expect(line.contains("\"id\":\"\(finding.messageID)\""))
        }
        #expect(outcome.report.totals.malformed == 1)
        #expect(outcome.namedMalformed.first?.line == 21)
        #expect(outcome.report.totals.records == Self.corpus.count)
    }

    @Test func malformedLinesAreSkippedCountedAndWrittenToRejects() throws {
        let dir = TestSupport.temporaryDirectory()
        let good = TestSupport.record(id: "ok", text: "write me at someone@gmail.com")
        let lines = [good, "{not json", #"{"id":"x","text":"missing fields"}"#, good.replacingOccurrences(of: "\"ok\"", with: "\"ok2\"")]
        let path = TestSupport.write(Array(lines.joined(separator: "\n").utf8), name: "in.jsonl", in: dir)
        let rejects = dir.appendingPathComponent("rejects.jsonl").path
        let request = ScanRequest(inputs: [InputFile(path: path)], pipeline: PipelineOptions(threads: 2, keepRejects: true),
                                  rejectsPath: rejects)
        let outcome = try ScanRun.run(request, compiled: TestSupport.defaultPack)
        #expect(outcome.report.totals.records == 2)
        #expect(outcome.report.totals.malformed == 2)
        #expect(outcome.namedMalformed.map(\.line) == [2, 3])
        #expect(outcome.namedMalformed.allSatisfy { $0.archive == path })
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == lines[1] + "\n" + lines[2] + "\n")
        #expect(ScanSummary.text(for: outcome).contains("\(path):2"))
    }

    @Test func invalidUTF8InTextNeverCrashesAndOffsetsStayInTheText() throws {
        var bytes = Array(#"{"id":"m1","conversation_id":"c","sender_id":"s","sender_role":"client","text":"bad "#.utf8)
        bytes += [0xFF, 0xC3, 0x28, 0xE2, 0x82]
        bytes += Array("  mail me: maria.lopez@gmail.com ".utf8) + [0xF0] + Array("\"}\n".utf8)
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(bytes, name: "bad.jsonl", in: dir)
        let out = dir.appendingPathComponent("f.jsonl").path
        let outcome = try ScanRun.run(ScanRequest(inputs: [InputFile(path: path)], findingsPath: out, reveal: true),
                                      compiled: TestSupport.defaultPack)
        #expect(outcome.report.totals.records == 1)
        let emails = try TestSupport.readFindings(out).filter { $0.category == .contactEmail }
        #expect(emails.map(\.evidence) == ["maria.lopez@gmail.com"])
    }

    @Test func aTruncatedArchiveFailsAloneAndTheOthersAreScanned() throws {
        let dir = TestSupport.temporaryDirectory()
        let data = Array((Self.corpus.prefix(200).joined(separator: "\n") + "\n").utf8)
        let whole = TestSupport.zstdFrame(data)
        let good = TestSupport.write(whole, name: "a.jsonl.zst", in: dir)
        // Big enough for whole zstd blocks (128 KiB each) before the cut.
        let big = TestSupport.zstdFrame(Array((Self.corpus.joined(separator: "\n") + "\n").utf8))
        let cut = TestSupport.write(Array(big[0..<(big.count / 2)]), name: "b.jsonl.zst", in: dir)
        let outcome = try ScanRun.run(ScanRequest(inputs: [InputFile(path: cut), InputFile(path: good)]), compiled: TestSupport.defaultPack)
        #expect(outcome.inputErrors.count == 1)
        #expect(outcome.report.inputs[0].status == "failed")
        #expect(outcome.report.inputs[0].error?.contains("\(cut): truncated") == true)
        // Every whole line decoded before the cut is scanned; the cut-off
        // one is counted as malformed.
        let (decoded, _) = DecodeAheadTests.drain(try ArchiveReader(input: InputFile(path: cut)))
        #expect(decoded.count > 1000)
        #expect(outcome.report.inputs[0].records == decoded.filter { $0 == 0x0A }.count)
        #expect(outcome.report.inputs[0].malformed == (decoded.last == 0x0A ? 0 : 1))
        #expect(outcome.report.inputs[1].status == "ok")
        #expect(outcome.report.inputs[1].records == 200)
    }
}

extension ScanReport {
    /// The clients part of the report, which must not depend on timing.
    func clientsJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(clients.map { [$0.clientID: try String(data: encoder.encode($0), encoding: .utf8)!] })
    }
}

@Suite struct GarbageInputTests {
    /// Random bytes and mangled records: no crash, and every non-blank line
    /// is accounted for, either as a record or as a malformed line.
    @Test func everyLineIsARecordOrCountedAsMalformed() throws {
        var generator = SplitMix64(seed: 42)
        var lines: [[UInt8]] = []
        for i in 0..<2000 {
            var line = Array(TestSupport.record(id: "m\(i)", text: "text \(i) write me at someone.\(i)@gmail.com").utf8)
            switch i % 4 {
            case 0: break
            case 1: line = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            case 2: line = Array(line.prefix(Int(generator.next() % UInt64(line.count))))
            default: line[Int(generator.next() % UInt64(line.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            lines.append(line.filter { $0 != 0x0A })
        }
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(Array(lines.joined(separator: [0x0A])), name: "garbage.jsonl", in: dir)
        let outcome = try ScanRun.run(ScanRequest(inputs: [InputFile(path: path)], pipeline: PipelineOptions(threads: 2, chunkSize: 4096)),
                                      compiled: TestSupport.defaultPack)
        // The scanner's rule: one trailing \r is dropped, then a line of only
        // spaces and tabs is blank.
        let nonBlank = lines.filter { line in
            let content = line.last == 0x0D ? line.dropLast() : line[...]
            return !content.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        }.count
        #expect(outcome.report.totals.records + outcome.report.totals.malformed == nonBlank)
        #expect(outcome.report.totals.records >= 500)
        #expect(outcome.inputErrors.isEmpty)
    }
}

/// A tiny deterministic generator, so the garbage is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
