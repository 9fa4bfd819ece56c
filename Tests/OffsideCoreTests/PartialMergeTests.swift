import Foundation
import Testing
@testable import OffsideCore

/// `scan --partial` and `merge`: partials of archives cut anywhere — inside
/// conversations, inside a detail split over messages — merged in any order
/// and grouping, give the report one scan of all the archives gives.
@Suite struct PartialMergeTests {
    static let relationships = EvaluationTests.root.appendingPathComponent("Data/eval/relationships.csv").path

    static func request(_ paths: [String], partial: String? = nil) throws -> ScanRequest {
        ScanRequest(inputs: paths.map { InputFile(path: $0) }, pipeline: PipelineOptions(threads: 2), evidenceLimit: 3,
                    relationships: (relationships, try RelationshipLoader.load(path: relationships)), partialPath: partial)
    }

    /// The report as bytes, without the run's timings (the one part that
    /// may differ).
    static func canonical(_ report: ScanReport) throws -> String {
        var report = report
        report.timings = .init(seconds: 0, mbPerSecond: 0, threads: 0)
        return String(decoding: try report.jsonData(), as: UTF8.self)
    }

    /// Cuts `lines` into `parts` archives at random lines (conversations and
    /// split details are cut wherever the cut falls), named in input order.
    static func cut(_ lines: [Substring], parts: Int, in directory: URL, using rng: inout SplitMix64) -> [String] {
        var cuts = Set<Int>()
        while cuts.count < parts - 1 { cuts.insert(Int.random(in: 1..<lines.count, using: &rng)) }
        let bounds = [0] + cuts.sorted() + [lines.count]
        return (0..<parts).map { part in
            let text = lines[bounds[part]..<bounds[part + 1]].joined(separator: "\n") + "\n"
            return TestSupport.write(Array(text.utf8), name: "archive\(part).jsonl", in: directory)
        }
    }

    /// Merges `partials` in a random tree: random pairs and triples, each
    /// merged into a new partial, until one is left.
    static func randomTree(_ partials: [String], in directory: URL, using rng: inout SplitMix64) throws -> String {
        var pool = partials.shuffled(using: &rng)
        var made = 0
        while pool.count > 1 {
            let take = min(pool.count, Int.random(in: 2...3, using: &rng))
            let group = (0..<take).map { _ in pool.remove(at: Int.random(in: 0..<pool.count, using: &rng)) }
            let out = directory.appendingPathComponent("merged\(made).partial.zst").path
            made += 1
            try PartialMerge(group.map { try PartialFile(path: $0) }).write(to: out)
            pool.append(out)
        }
        return pool[0]
    }

    static func lines(_ data: [UInt8]) -> [Substring] {
        String(decoding: data, as: UTF8.self).split(separator: "\n")
    }

    static func sampleLines() throws -> [Substring] {
        lines(try ArchiveReader.readWhole(InputFile(path: EvaluationTests.root.appendingPathComponent("Data/samples/sample.jsonl.zst").path)))
    }

    @Test(arguments: [("conversations", 11 as UInt64), ("conversations", 12), ("conversations", 13),
                      ("sample", 21), ("sample", 22)])
    func mergeOfRandomCutsInRandomTreesEqualsOneScan(set: String, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = set == "sample"
            ? try Self.sampleLines()
            : Self.lines(Array(try Data(contentsOf: ClientStateMergeTests.conversationSet)))
        let archives = Self.cut(all, parts: Int.random(in: 2...6, using: &rng), in: directory, using: &rng)

        let single = try ScanRun.run(try Self.request(archives), compiled: TestSupport.defaultPack)
        var partials: [String] = []
        for (index, archive) in archives.enumerated() {
            let path = directory.appendingPathComponent("p\(index).partial.zst").path
            _ = try ScanRun.run(try Self.request([archive], partial: path), compiled: TestSupport.defaultPack)
            partials.append(path)
        }
        let root = try Self.randomTree(partials, in: directory, using: &rng)
        let merged = try PartialMerge([PartialFile(path: root)]).report(reveal: false, threads: 2)

        #expect(single.report.clients.count > 20)
        #expect(single.report.totals.findings > 100)
        #expect(merged.clientStates == single.clientStates)
        #expect(try Self.canonical(merged.report) == Self.canonical(single.report))
    }

    /// The carry-over a partial must hold, each case cut at the archive
    /// boundary: a phone number split over the boundary, a request answered
    /// in the next archive, a refusal of the previous archive's move followed
    /// by persistence, and who initiated, all seen as one conversation.
    @Test func conversationsAcrossTheArchiveBoundaryAreJudgedAsOne() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func ts(_ minute: Int) -> String { "\"2026-11-20T09:\(minute < 10 ? "0" : "")\(minute):00Z\"" }
        let freelancer = (sender: "fr-1", role: "freelancer", recipient: "cl-1")
        let first = [
            TestSupport.record(id: "m0", conversation: "c2", sender: "cl-1", recipient: "fr-2", ts: ts(0), contract: "none",
                               text: "Can we talk on Telegram instead?"),
            TestSupport.record(id: "m1", conversation: "c1", sender: "cl-1", recipient: "fr-1", ts: ts(1), contract: "none",
                               text: "Can you send me your WhatsApp number?"),
            TestSupport.record(id: "m2", conversation: "c1", sender: freelancer.sender, role: freelancer.role,
                               recipient: freelancer.recipient, ts: ts(2), contract: "none", text: "my number:"),
            TestSupport.record(id: "m3", conversation: "c1", sender: freelancer.sender, role: freelancer.role,
                               recipient: freelancer.recipient, ts: ts(3), contract: "none", text: "+44 7700"),
        ]
        let second = [
            TestSupport.record(id: "m4", conversation: "c1", sender: freelancer.sender, role: freelancer.role,
                               recipient: freelancer.recipient, ts: ts(4), contract: "none", text: "900 123"),
            TestSupport.record(id: "m5", conversation: "c2", sender: "fr-2", role: "freelancer", recipient: "cl-1", ts: ts(5),
                               contract: "none", text: "Sorry, I keep all communication here on the platform."),
        ]
        let third = [
            TestSupport.record(id: "m6", conversation: "c2", sender: "cl-1", recipient: "fr-2", ts: ts(6), contract: "none",
                               text: "Come on, just add me on telegram, it is faster"),
        ]
        let archives = [first, second, third].enumerated().map { index, lines in
            TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "day\(index).jsonl", in: directory)
        }
        let single = try ScanRun.run(try Self.request(archives), compiled: TestSupport.defaultPack)
        var partials: [PartialFile] = []
        for (index, archive) in archives.enumerated() {
            let path = directory.appendingPathComponent("day\(index).partial.zst").path
            _ = try ScanRun.run(try Self.request([archive], partial: path), compiled: TestSupport.defaultPack)
            partials.append(try PartialFile(path: path))
        }
        var judged: [Finding] = []
        let merged = try PartialMerge(partials.reversed()).report(reveal: false, threads: 1) { judged.append($0) }
        #expect(try Self.canonical(merged.report) == Self.canonical(single.report))

        let joined = try #require(judged.first { $0.rule == "contact.phone.split" })
        #expect(joined.messageIDs == ["m2", "m3", "m4"])
        #expect(joined.answers == "m1")
        #expect(joined.initiatorID == "cl-1")
        // The refusal answers the move of the first archive.
        #expect(judged.contains { $0.messageID == "m5" && $0.category == .refusal && $0.answers == "m0" })
        let persisted = try #require(judged.first { $0.messageID == "m6" && $0.category != .refusal })
        #expect(persisted.afterRefusal)
        #expect((merged.clientStates["cl-1"]?.persistedAfterRefusal ?? 0) >= 1)
        // Scanned alone, the last archive knows nothing of the refusal.
        var alone: [Finding] = []
        _ = try ScanRun.run(try Self.request([archives[2]]), compiled: TestSupport.defaultPack, onFinding: { alone.append($0) })
        #expect(alone.contains { $0.messageID == "m6" && !$0.afterRefusal })
    }

    /// Messages with nothing in them still count: 25 of them in the middle
    /// archive put the request out of the answer window, and the other
    /// party's "ok?" closes a cue left open at the end of the first archive.
    @Test func plainMessagesInBetweenCountAcrossArchives() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func ts(_ minute: Int) -> String { "\"2026-11-20T10:\(minute < 10 ? "0" : "")\(minute):00Z\"" }
        func client(_ id: String, _ conversation: String, _ minute: Int, _ text: String) -> String {
            TestSupport.record(id: id, conversation: conversation, sender: "cl-1", recipient: "fr-\(conversation)", ts: ts(minute),
                               contract: "none", text: text)
        }
        func freelancer(_ id: String, _ conversation: String, _ minute: Int, _ text: String) -> String {
            TestSupport.record(id: id, conversation: conversation, sender: "fr-\(conversation)", role: "freelancer",
                               recipient: "cl-1", ts: ts(minute), contract: "none", text: text)
        }
        let first = [client("r1", "a", 1, "Can you send me your email address?"), freelancer("q1", "b", 2, "my number:")]
        let second = (0..<25).map { i in i % 2 == 0 ? client("p\(i)", "a", 3, "ok") : freelancer("p\(i)", "a", 3, "sure") }
            + [client("q2", "b", 4, "ok?"), freelancer("q3", "b", 5, "+44 7700")]
        let third = [freelancer("e1", "a", 6, "it is maria.lopez.design@gmail.com"), freelancer("q4", "b", 7, "900 123")]
        let archives = [first, second, third].enumerated().map { index, lines in
            TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "day\(index).jsonl", in: directory)
        }
        var single: [Finding] = []
        let whole = try ScanRun.run(try Self.request(archives), compiled: TestSupport.defaultPack, onFinding: { single.append($0) })
        var partials: [PartialFile] = []
        for (index, archive) in archives.enumerated() {
            let path = directory.appendingPathComponent("day\(index).partial.zst").path
            _ = try ScanRun.run(try Self.request([archive], partial: path), compiled: TestSupport.defaultPack)
            partials.append(try PartialFile(path: path))
        }
        var merged: [Finding] = []
        let outcome = try PartialMerge(partials).report(reveal: false, threads: 1) { merged.append($0) }
        #expect(try Self.canonical(outcome.report) == Self.canonical(whole.report))
        for findings in [single, merged] {
            let email = try #require(findings.first { $0.messageID == "e1" && $0.category == .contactEmail })
            #expect(email.answers == nil)
            let joined = try #require(findings.first { $0.rule == "contact.phone.split" })
            #expect(joined.messageIDs == ["q3", "q4"])
        }
    }

    /// A reply in one archive to a proposal in the other is judged by the
    /// merge as one scan judges it: the partial carries the pack's reply rules.
    @Test func aReplyRuleReachesAcrossPartials() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pack = try TestSupport.compile(ConversationStageTests.replyPack)
        let a = try Self.partial(of: [ConversationStageTests.client("m1", "whatsapp?", minute: 1),
                                      ConversationStageTests.freelancer("x1", "done", conversation: "c2", minute: 1)],
                                 named: "a", in: directory, pack: pack)
        let b = try Self.partial(of: [ConversationStageTests.freelancer("m2", "done", minute: 2)], named: "b", in: directory, pack: pack)
        var merged: [Finding] = []
        _ = try PartialMerge([PartialFile(path: b), PartialFile(path: a)]).report(reveal: false, threads: 1) { merged.append($0) }
        #expect(merged.filter { $0.rule == "contact.request.reply_done" }.map(\.messageID) == ["m2"])
    }

    /// The merge has no pack: the call-offer rules travel in the header, so
    /// a call offered beside a refusal is judged as in the scan.
    @Test func aCallOfferBesideARefusalIsToleratedInTheMergeToo() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = try Self.partial(of: [ConversationStageTests.freelancer("m1", "Happy to talk on Skype, but the contract and payment stay here.", minute: 1)],
                                 named: "a", in: directory)
        let header = try PartialFile(path: a).header
        #expect(header.channelOnly?.contains("contact.messenger.named_channel") == true)
        #expect(header.defersToContract?.contains("refusal.after_contract") == true)
        var merged: [Finding] = []
        _ = try PartialMerge([PartialFile(path: a)]).report(reveal: false, threads: 1) { merged.append($0) }
        let channel = merged.filter { $0.category == .contactMessenger }
        #expect(!channel.isEmpty && channel.allSatisfy { $0.judgement == .tolerated })
    }

    /// The scorer's rule ids travel in the header too: a scored finding
    /// opens no violation in the merge, as in the scan.
    @Test func aScoredFindingOpensNoViolationInTheMergeEither() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = try Self.partial(of: [ConversationStageTests.client("m1", "i'll pay you half now directly and the rest when you finish", minute: 1)],
                                 named: "a", in: directory)
        #expect(try PartialFile(path: a).header.scoredRules?.contains("payment.offplatform.scored") == true)
        let outcome = try PartialMerge([PartialFile(path: a)]).report(reveal: false, threads: 1)
        #expect(outcome.clientStates["client-1"]?.violations == 1)
        #expect(outcome.clientStates["client-1"]?.initiated == 0)
    }

    static func partial(of lines: [String], named name: String, in directory: URL, pack: CompiledRulePack? = nil) throws -> String {
        let archive = TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: name + ".jsonl", in: directory)
        let path = directory.appendingPathComponent(name + ".partial.zst").path
        _ = try ScanRun.run(try Self.request([archive], partial: path), compiled: pack ?? TestSupport.defaultPack)
        return path
    }

    @Test func partialsFromDifferentRulePacksAreRefusedNamingBoth() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let line = [TestSupport.record(id: "m1", text: "mail me at john.keller@gmail.com")]
        let a = try Self.partial(of: line, named: "a", in: directory)
        let other = try TestSupport.compile("""
            pack: other-pack
            version: 3
            rules:
              - id: contact.email.plain
                category: contact.email
                severity: 4
                patterns: [{regex: '[a-z.]+@[a-z]+\\.com'}]
            """)
        let b = try Self.partial(of: line, named: "b", in: directory, pack: other)
        #expect {
            try PartialMerge([PartialFile(path: a), PartialFile(path: b)])
        } throws: { error in
            let text = "\(error)"
            return text.contains(a) && text.contains(b) && text.contains("offside-default") && text.contains("other-pack v3")
        }
    }

    @Test func anArchiveInTwoPartialsIsRefused() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = try Self.partial(of: [TestSupport.record(id: "m1", text: "hello")], named: "a", in: directory)
        let twice = directory.appendingPathComponent("twice.partial.zst").path
        try FileManager.default.copyItem(atPath: a, toPath: twice)
        #expect {
            try PartialMerge([PartialFile(path: a), PartialFile(path: twice)])
        } throws: { "\($0)".contains("a.jsonl is in both") }
    }

    @Test func aPartialCutShortIsRefusedNamingTheFile() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = try Self.partial(of: [TestSupport.record(id: "m1", text: "mail me at john.keller@gmail.com")], named: "a", in: directory)
        // A task killed while writing: the compressed file ends early.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a))
        let cut = directory.appendingPathComponent("cut.partial.zst").path
        try bytes.prefix(bytes.count - 8).write(to: URL(fileURLWithPath: cut))
        #expect { try PartialFile(path: cut) } throws: { "\($0)".contains(cut) && "\($0)".contains("truncated") }
        // Decompressed but without its end line.
        let text = String(decoding: try ArchiveReader.readWhole(InputFile(path: a)), as: UTF8.self)
        let noEnd = text.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        let plain = TestSupport.write(Array(noEnd.utf8), name: "noend.partial", in: directory)
        #expect { try PartialFile(path: plain) } throws: { "\($0)".contains(plain) && "\($0)".contains("cut short") }
        // Not a partial at all.
        let other = TestSupport.write(Array("{\"id\":\"m1\"}\n".utf8), name: "other.jsonl", in: directory)
        #expect { try PartialFile(path: other) } throws: { "\($0)".contains("not an offside partial") }
    }

    @Test func aFindingSurvivesThePartialFormatWhole() throws {
        var f = Finding(archive: "a \"quoted\".jsonl", line: 7, messageID: "m\\1", conversationID: "c1", senderID: "s1",
                        senderRole: .freelancer, recipientID: nil, timestamp: "2026-11-20T09:00:00Z",
                        timestampMillis: 1_795_000_000_000, rule: "contact.email.plain", category: .contactEmail, severity: 5,
                        start: 3, end: 9, evidence: "ä@b.co\n", messageIDs: ["m0", "m\\1"], contract: .offered)
        f.excerpt = "say ä@b.co\n\u{2028} ok"
        f.excerptStart = 2
        f.exemptReason = .preExisting
        let json = PartialFormat.findingJSON(f)
        let decoded = try JSONDecoder().decode(PartialFormat.FindingRecord.self, from: Data(json.utf8)).finding()
        #expect(decoded == f)
    }
}
