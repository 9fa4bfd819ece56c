import CZstd
import Foundation
@testable import OffsideCore

/// Small helpers the tests share: temp files, zstd frames made with libzstd,
/// rule packs from inline YAML, and in-process scans.
enum TestSupport {
    /// A fresh directory under this test process's own root, which is
    /// removed when the process exits: most tests leave their files for a
    /// failing one to be looked at, and thousands of runs had filled /tmp.
    static func temporaryDirectory() -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("offside-tests-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestSupport.root) }
        return url
    }()

    static func write(_ bytes: [UInt8], name: String, in directory: URL) -> String {
        let url = directory.appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url.path
    }

    /// One zstd frame. `windowLog` 31 with no pledged size declares a 2 GiB
    /// window, as `zstd --long=31` writing to a pipe does.
    static func zstdFrame(_ input: [UInt8], level: Int32 = 3, windowLog: Int32? = nil) -> [UInt8] {
        let cctx = ZSTD_createCCtx()!
        defer { ZSTD_freeCCtx(cctx) }
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level)
        if let windowLog {
            ZSTD_CCtx_setParameter(cctx, ZSTD_c_enableLongDistanceMatching, 1)
            ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, windowLog)
        }
        var output = [UInt8](repeating: 0, count: Int(ZSTD_compressBound(input.count)) + 1024)
        var produced = 0
        input.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                var inBuffer = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
                var outBuffer = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                while true {
                    let remaining = ZSTD_compressStream2(cctx, &outBuffer, &inBuffer, ZSTD_e_end)
                    precondition(ZSTD_isError(remaining) == 0)
                    if remaining == 0 { break }
                }
                produced = outBuffer.pos
            }
        }
        return Array(output[0..<produced])
    }

    /// A skippable frame (magic 0x184D2A50–5F) with `payload` bytes.
    static func skippableFrame(_ payload: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = [0x53, 0x2A, 0x4D, 0x18]
        let size = UInt32(payload.count)
        frame += [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)]
        return frame + payload
    }

    static func compile(_ yaml: String) throws -> CompiledRulePack {
        try CompiledRulePack(RulePackLoader.load(yaml: yaml, source: "test.yaml"))
    }

    /// A pack of one PayPal rule and one allowlist that allows its category,
    /// for tests of an allowlist's scope. `allowlist` is the entry's fields
    /// after its id, one per line, unindented.
    static func paypalPack(allowlist id: String, _ allowlist: String) throws -> CompiledRulePack {
        let fields = allowlist.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        return try compile("""
            pack: scope-test
            version: 1
            rules:
              - id: payment.method.paypal
                category: payment.method
                severity: 3
                patterns:
                  - literal: paypal
                examples:
                  match: ["send it to my paypal"]
                  no_match: ["send it to my bank"]
            allowlists:
              - id: \(id)
                allows: [payment.method]

            """ + fields + "\n")
    }

    /// The UTF-8 offset of the first `needle` in `text`.
    static func byteOffset(of needle: String, in text: String) -> Int {
        text.utf8.distance(from: text.utf8.startIndex, to: text.utf8.firstRange(of: needle.utf8)!.lowerBound)
    }

    nonisolated(unsafe) private static var defaultPackCache: CompiledRulePack?
    private static let lock = NSLock()

    static var defaultPack: CompiledRulePack {
        lock.lock()
        defer { lock.unlock() }
        if let cached = defaultPackCache { return cached }
        let compiled = try! CompiledRulePack(RulePackLoader.loadDefault())
        defaultPackCache = compiled
        return compiled
    }

    /// A JSON line in the DESIGN.md record shape.
    static func record(id: String, conversation: String = "c1", sender: String = "client-1", role: String = "client",
                       recipient: String? = "freelancer-1", ts: String = "\"2026-11-20T09:00:00Z\"", contract: String? = nil,
                       text: String) -> String {
        var line = "{\"id\":\(JSONText.quoted(id)),\"conversation_id\":\(JSONText.quoted(conversation)),"
        line += "\"sender_id\":\(JSONText.quoted(sender)),\"sender_role\":\(JSONText.quoted(role)),"
        if let recipient { line += "\"recipient_id\":\(JSONText.quoted(recipient))," }
        if let contract { line += "\"contract\":\(JSONText.quoted(contract))," }
        return line + "\"ts\":\(ts),\"text\":\(JSONText.quoted(text))}"
    }

    /// Scans `lines` in process, as one input file, and returns the outcome.
    static func scan(_ lines: [String], pack: CompiledRulePack? = nil, threads: Int = 1, chunkSize: Int = 4 << 20,
                     compress: Bool = false) throws -> (outcome: ScanOutcome, findings: [Finding]) {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
        if compress { bytes = zstdFrame(bytes) }
        let path = write(bytes, name: "input.jsonl", in: directory)
        let findingsPath = directory.appendingPathComponent("findings.jsonl").path
        let request = ScanRequest(inputs: [InputFile(path: path)],
                                  pipeline: PipelineOptions(threads: threads, chunkSize: chunkSize),
                                  findingsPath: findingsPath, reveal: true)
        let outcome = try ScanRun.run(request, compiled: pack ?? defaultPack)
        return (outcome, try readFindings(findingsPath))
    }

    /// Parses a findings file back (with Foundation: tests may be slow).
    static func readFindings(_ path: String) throws -> [Finding] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            var finding = Finding(archive: object["archive"] as! String, line: object["line"] as! Int,
                           messageID: object["message_id"] as! String, conversationID: object["conversation_id"] as! String,
                           senderID: object["sender_id"] as! String,
                           senderRole: (object["sender_role"] as! String) == "client" ? .client : .freelancer,
                           recipientID: object["recipient_id"] as? String, timestamp: object["ts"] as? String, timestampMillis: nil,
                           rule: object["rule"] as! String, category: Category(rawValue: object["category"] as! String)!,
                           severity: object["severity"] as! Int, start: object["start"] as! Int, end: object["end"] as! Int,
                           evidence: object["evidence"] as! String, messageIDs: object["message_ids"] as! [String],
                           contract: ["none": .none, "offered": .offered, "active": .active, "ended": .ended][object["contract"] as! String] ?? .unknown)
            finding.judgement = Judgement(rawValue: object["judgement"] as! String)!
            finding.exemptReason = (object["exempt_reason"] as? String).flatMap(ExemptReason.init(rawValue:))
            finding.answers = object["answers"] as? String
            finding.initiatorID = object["initiator_id"] as? String
            finding.initiatorRole = (object["initiator_role"] as? String).map { $0 == "client" ? .client : .freelancer }
            finding.afterRefusal = object["after_refusal"] as! Bool
            return finding
        }
    }
}
