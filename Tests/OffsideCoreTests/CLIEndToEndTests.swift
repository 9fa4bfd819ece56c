import Foundation
import Testing
@testable import OffsideCore

/// Runs the real `offside` binary, as a user would.
@Suite struct CLIEndToEndTests {
    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["OFFSIDE_BIN"] { return URL(fileURLWithPath: override) }
        // The test bundle sits in the same products folder as the executable.
        let products = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?.deletingLastPathComponent()
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return products.appendingPathComponent("offside")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func offside(_ arguments: [String], stdin: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A small archive with known content: a client who asks three freelancers
    /// to move off-platform, a freelancer who refuses, and honest chat.
    static let archiveLines: [String] = [
        TestSupport.record(id: "m1", conversation: "c1", sender: "client-a", role: "client", recipient: "fl-1",
                           text: "Hi! can you share your email? mine is boss.a@gmail.com"),
        TestSupport.record(id: "m2", conversation: "c1", sender: "fl-1", role: "freelancer", recipient: "client-a",
                           text: "I prefer to keep communication and payment on the platform, thanks"),
        TestSupport.record(id: "m3", conversation: "c2", sender: "client-a", role: "client", recipient: "fl-2",
                           ts: "1795166043000", text: "I can pay you directly via PayPal to avoid the fees"),
        TestSupport.record(id: "m4", conversation: "c3", sender: "client-a", role: "client", recipient: "fl-3",
                           text: "call me on +1 415 555 0199 tonight"),
        TestSupport.record(id: "m5", conversation: "c4", sender: "client-b", role: "client", recipient: "fl-4",
                           text: "The budget is $1,250.00 and the deadline is 2026-11-30, invoice #4471923"),
        TestSupport.record(id: "m6", conversation: "c4", sender: "fl-4", role: "freelancer", recipient: "client-b",
                           text: "Great, I will send the first draft on Monday."),
    ]

    func writeArchive(in dir: URL) -> String {
        let data = Array((Self.archiveLines.joined(separator: "\n") + "\n").utf8)
        return TestSupport.write(TestSupport.zstdFrame(data), name: "day.jsonl.zst", in: dir)
    }

    @Test func scanWritesFindingsAndAReport() throws {
        let dir = TestSupport.temporaryDirectory()
        let archive = writeArchive(in: dir)
        let findingsPath = dir.appendingPathComponent("findings.jsonl").path
        let reportPath = dir.appendingPathComponent("report.json").path
        let run = try offside(["scan", archive, "--findings", findingsPath, "--report", reportPath, "--threads", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("6 records"))
        #expect(run.stderr.contains("Report written to \(reportPath)"))

        let findings = try TestSupport.readFindings(findingsPath)
        let byMessage = Dictionary(grouping: findings, by: \.messageID).mapValues { Set($0.map(\.category)) }
        // The ask comes with the client's own address: a share, not a request
        // (a request gives no detail, so the address suppresses it).
        #expect(byMessage["m1"] == [.contactEmail])
        #expect(byMessage["m2"] == [.refusal])
        #expect(byMessage["m3"]?.isSuperset(of: [.paymentOffplatform, .paymentMethod, .paymentFeeAvoidance]) == true)
        #expect(byMessage["m4"] == [.contactPhone])
        #expect(byMessage["m5"] == nil && byMessage["m6"] == nil)
        // Evidence is redacted by default, offsets point into the decoded text.
        let email = try #require(findings.first { $0.category == .contactEmail })
        #expect(email.evidence == "b***@g****.com")
        #expect(email.start == "Hi! can you share your email? mine is ".utf8.count)
        #expect(email.end == email.start + "boss.a@gmail.com".utf8.count)
        #expect(findings.first { $0.messageID == "m3" }?.timestamp == "2026-11-20T09:14:03Z")

        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath))) as! [String: Any]
        let clients = report["clients"] as! [[String: Any]]
        #expect(clients.first?["client_id"] as? String == "client-a")
        let a = clients[0]
        #expect(a["freelancers_approached"] as? Int == 3)
        #expect(a["conversations"] as? Int == 3)
        #expect(a["initiated"] as? Int == 3)
        #expect(a["refusals_received"] as? Int == 1)
        #expect((a["categories"] as? [String: Int])?["contact.phone"] == 1)
        #expect(a["first_seen"] as? String == "2026-11-20T09:00:00Z")
        #expect(a["last_seen"] as? String == "2026-11-20T09:14:03Z")
        #expect((a["score"] as? Int ?? 0) > 0)
        #expect(["low", "medium", "high"].contains(a["level"] as? String ?? ""))
        #expect(((a["evidence"] as? [[String: Any]]) ?? []).contains { $0["evidence"] as? String == "+1 *** *** 0199" })
        #expect(!clients.contains { $0["client_id"] as? String == "client-b" })
        let totals = report["totals"] as! [String: Any]
        #expect(totals["records"] as? Int == 6)
        #expect(totals["malformed"] as? Int == 0)
        let pack = report["rule_pack"] as! [String: Any]
        #expect(pack["id"] as? String == "offside-default")
        #expect((pack["sha256"] as? String)?.count == 64)
    }

    @Test func revealShowsEvidenceWhole() throws {
        let dir = TestSupport.temporaryDirectory()
        let archive = writeArchive(in: dir)
        let findingsPath = dir.appendingPathComponent("f.jsonl").path
        let run = try offside(["scan", archive, "--findings", findingsPath, "--reveal", "--quiet"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(try String(contentsOfFile: findingsPath, encoding: .utf8).contains("\"evidence\":\"boss.a@gmail.com\""))
    }

    @Test func stdinAndTheTopClientTable() throws {
        let run = try offside(["scan", "-"], stdin: Data((Self.archiveLines.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 0)
        #expect(run.stdout.contains("client-a"))
    }

    @Test func aTruncatedInputExitsTwoAndTheOthersAreStillScanned() throws {
        let dir = TestSupport.temporaryDirectory()
        let archive = writeArchive(in: dir)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        let cut = TestSupport.write(Array(bytes.prefix(bytes.count - 8)), name: "cut.jsonl.zst", in: dir)
        let report = dir.appendingPathComponent("r.json").path
        let run = try offside(["scan", cut, archive, "--report", report])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(cut): truncated zstd archive"))
        #expect(run.stderr.contains("byte \(bytes.count - 8)"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        #expect((json["totals"] as! [String: Any])["failed_inputs"] as? Int == 1)
    }

    @Test func malformedLinesAreNamedInTheSummary() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(Array((Self.archiveLines[0] + "\n{broken\n" + Self.archiveLines[3] + "\n").utf8), name: "x.jsonl", in: dir)
        let run = try offside(["scan", path, "--report", dir.appendingPathComponent("r.json").path])
        #expect(run.status == 0)
        #expect(run.stderr.contains("1 malformed line skipped: \(path):2"))
    }

    @Test func partialsMergeIntoTheScanReportAndBadOnesExit65() throws {
        let dir = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = Self.archiveLines.map { $0 + "\n" }
        let first = TestSupport.write(Array(lines[..<3].joined().utf8), name: "a.jsonl", in: dir)
        let second = TestSupport.write(Array(lines[3...].joined().utf8), name: "b.jsonl", in: dir)
        let whole = dir.appendingPathComponent("whole.json").path
        #expect(try offside(["scan", first, second, "--report", whole, "--quiet"]).status == 0)
        for (archive, name) in [(first, "a"), (second, "b")] {
            let run = try offside(["scan", archive, "--partial", dir.appendingPathComponent("\(name).partial.zst").path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let a = dir.appendingPathComponent("a.partial.zst").path, b = dir.appendingPathComponent("b.partial.zst").path
        let merged = dir.appendingPathComponent("merged.json").path
        let run = try offside(["merge", b, a, "--report", merged])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Merged 2 partials: 2 archives, 6 records"))
        func clients(_ path: String) throws -> String {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            return String(decoding: try JSONSerialization.data(withJSONObject: json["clients"]!, options: .sortedKeys), as: UTF8.self)
        }
        #expect(try clients(merged) == clients(whole))

        let twice = try offside(["merge", a, a])
        #expect(twice.status == 65)
        #expect(twice.stderr.contains("a.jsonl is in both"))
        let notPartial = try offside(["merge", first])
        #expect(notPartial.status == 65)
        #expect(notPartial.stderr.contains("\(first): not an offside partial"))
    }

    @Test func usageAndRulePackErrorsExit64() throws {
        #expect(try offside(["scan"]).status == 64)
        #expect(try offside(["scan", "x.jsonl", "--threads", "0"]).status == 64)
        #expect(try offside(["scan", "x.jsonl", "--field", "nope=body"]).status == 64)
        let dir = TestSupport.temporaryDirectory()
        let pack = TestSupport.write(Array("pack: bad\nversion: 1\nrules:\n  - id: contact.url.bad\n    category: contact.url\n    severity: 2\n    patterns: [{regex: '(open'}]\n".utf8), name: "bad.yaml", in: dir)
        let run = try offside(["scan", "x.jsonl", "--rules", pack])
        #expect(run.status == 64)
        #expect(run.stderr.contains("rule contact.url.bad"))
    }

    @Test func rulesTestPassesOnTheDefaultPack() throws {
        let run = try offside(["rules", "test"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains(" 0 failed"))
    }

    /// A glob over a folder of sets names a conversation set's expectations
    /// too: eval says it skips them and scores the messages.
    @Test func evalSkipsExpectationFilesAGlobNames() throws {
        let dir = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = #"{"id":"k1","conversation_id":"kc1","sender_id":"cl-1","sender_role":"client","recipient_id":"fr-1","ts":"2026-11-20T10:00:00Z","text":"call me on +1 415 555 0199","contract":"none","labels":["contact.phone"],"lang":"en"}"#
        let set = TestSupport.write(Array((line + "\n").utf8), name: "k.jsonl", in: dir)
        let expected = TestSupport.write(Array(#"{"client_id":"cl-1","level":"medium","note":"gave a number first"}"#.utf8) + [0x0A],
                                         name: "k.expected.jsonl", in: dir)
        let run = try offside(["eval", set, expected])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("skipping \(expected)"))
        #expect(run.stdout.contains("contact.phone               1     0     0"))
    }

    @Test func rulesExplainShowsTheNormalisedTextAndTheFindings() throws {
        let run = try offside(["rules", "explain", "wh@ts@pp me: zéro six, quarante-sept, douze, trente-quatre", "see you Monday"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("normalised: whatsapp me: 06,47,12,34"))
        #expect(run.stdout.contains("contact.phone.number  [contact.phone]  \"zéro six, quarante-sept, douze, trente-quatre\""))
        #expect(run.stdout.contains("normalised: see you monday\n  no finding"))
        let dropped = try offside(["rules", "explain", "We need a Telegram bot for order alerts"])
        #expect(dropped.stdout.contains("no finding\n  matched but gave no finding:\n"
                                        + "    contact.messenger.named_channel  [contact.messenger]  \"telegram\": dropped by its context words"))
        let piped = try offside(["rules", "explain", "-"], stdin: Data("let's settle this between us, cash on friday\n".utf8))
        #expect(piped.stdout.contains("payment.offplatform.settle_direct_multilingual"))
        #expect(try offside(["rules", "explain"]).status == 64)
    }

    @Test func benchComparesTwoPacksOnAnArchive() throws {
        let dir = TestSupport.temporaryDirectory()
        let archive = writeArchive(in: dir)
        let old = TestSupport.write(Array(("pack: old\nversion: 1\nrules:\n" + BenchTests.paypal).utf8), name: "old.yaml", in: dir)
        let new = TestSupport.write(Array(("pack: new\nversion: 2\nrules:\n" + BenchTests.paypal + BenchTests.zelle
            + "  - id: contact.email.any\n    category: contact.email\n    severity: 4\n    patterns: [{regex: '[a-z.]+@[a-z]+\\.com'}]\n").utf8),
            name: "new.yaml", in: dir)
        let run = try offside(["bench", "--rules", new, "--baseline", old, archive, "--runs", "1", "--repeats", "1",
                               "--sample", "1KiB", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let diff = try #require(json["diff"] as? [String: Any])
        #expect(diff["added"] as? [String] == ["payment.method.zelle", "contact.email.any"])
        let rules = try #require(diff["rules"] as? [[String: Any]])
        let email = try #require(rules.first { $0["rule"] as? String == "contact.email.any" })
        #expect(email["gained_examples"] as? [String] == ["m1"])
        // Only the added and changed rules are profiled by default.
        let profile = try #require(json["profile"] as? [String: Any])
        #expect(Set(((profile["entries"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String })
                == ["payment.method.zelle", "contact.email.any"])
        #expect(run.stderr.contains("bench: new run 1/1"))

        let table = try offside(["bench", "--rules", new, "--baseline", old, archive, "--runs", "1", "--profile", "none"])
        #expect(table.stdout.contains("rules: 2 added: payment.method.zelle, contact.email.any; 0 removed; 0 changed"))
        #expect(table.stdout.contains("throughput change:"))
    }

    @Test func benchRefusesStandardInput() throws {
        let run = try offside(["bench", "-"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("not standard input"))
    }
}
