import Foundation
import GRDB
import Testing
@testable import OffsideCore

/// Findings stored in blocks (schema v5): `FindingBlock` writes a block's
/// JSON, `FindingInsert` numbers it, and both `FindingBlockReader` and the
/// `findings` view read back every finding as it was judged.
@Suite struct FindingBlockTests {
    static func finding(_ message: String, evidence: String, millis: Int64?, archive: String = "a.jsonl") -> Finding {
        var f = Finding(archive: archive, line: 7, messageID: message, conversationID: "k1", senderID: "c1", senderRole: .client,
                        recipientID: "f1", timestamp: millis.map { Timestamp.formatRFC3339(millis: $0) }, timestampMillis: millis,
                        rule: "email.plain", category: Category(rawValue: "contact.email")!, severity: 3, start: 4, end: 9,
                        evidence: evidence, messageIDs: [message], contract: .none)
        f.excerpt = "… " + evidence + " …"
        f.excerptStart = 2
        return f
    }

    /// Stores `findings` (with their nights) as one archive's blocks of at
    /// most `blockSize`; returns the database.
    static func store(_ findings: [(Finding, night: String)], blockSize: Int = 2048, in dir: URL) throws -> ScanDatabase {
        let database = try ScanDatabase(path: dir.appendingPathComponent("b.db").path, create: true)
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO runs (started_at, status, tool_version, rule_pack_id, rule_pack_version, rule_pack_sha256, options, pid)
                VALUES ('2026-11-20T00:00:00Z', 'finished', '0', 'p', 1, 'abc', '{}', 1);
                INSERT INTO archives (path, size, content_sha256, rule_pack_id, rule_pack_version, rule_pack_sha256, options,
                    run_id, scanned_at, night, compressed, bytes, records, malformed, findings, joined_findings,
                    conversations_forgotten, seconds)
                VALUES ('a.jsonl', 1, 'c0ffee', 'p', 1, 'abc', '{}', 1, '2026-11-20T00:00:00Z', '2026-11-20', 0, 1, 1, 0, 0, 0, 0, 0);
                """)
            let insert = try FindingInsert(db: db, archiveID: db.lastInsertedRowID)
            let rules = FindingRuleIDs(stored: [])
            let block = FindingBlock(capacity: 64)
            for (index, (f, night)) in findings.enumerated() {
                block.append(f, night: night, keepsExcerpt: index % 2 == 0, archivePath: "a.jsonl", rules: rules)
                if block.count == blockSize || index == findings.count - 1 {
                    try insert.insertRules(block.newRules)
                    try insert.insert(block)
                    block.reset()
                }
            }
        }
        return database
    }

    static func readBlocks(_ database: ScanDatabase, since: String? = nil) throws -> [Finding] {
        try database.pool.read { db in
            var reader = FindingBlockReader(decoder: try StoredFinding(db))
            var findings: [Finding] = []
            for block in try Row.fetchAll(db, sql: "SELECT first_id, rows FROM finding_blocks ORDER BY first_id") {
                try (block[1] as String).utf8CString.withUnsafeBytes { bytes in
                    try reader.read(UnsafeRawBufferPointer(rebasing: bytes.dropLast()), firstID: block[0], archivePath: "a.jsonl",
                                    since: since, until: nil) { findings.append($0) }
                }
            }
            return findings
        }
    }

    /// What a stored finding keeps: the excerpt of every other one.
    static func asStored(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().map { index, f in
            var f = f
            if index % 2 == 1 {
                f.excerpt = ""
                f.excerptStart = -1
            }
            return f
        }
    }

    @Test func textsThatNeedEscapingAndEveryOptionalReadBackAsJudged() throws {
        let dir = TestSupport.temporaryDirectory()
        let texts = ["plain@example.com", "quote \" and \\ backslash", "line\nbreak\ttab\u{1}\u{1f}", "emoji 📞 +1 555 0100",
                     "line separator \u{2028} and skype with Cyrillic а", "", "exactly8", "long text without escapes ok",
                     "slash / and unicode escape-like \\u0041"]
        var findings = texts.enumerated().map { index, text in
            Self.finding("m\(index)", evidence: text, millis: 1_763_600_000_000 + Int64(index))
        }
        // No timestamp: the night is stored. One before 1970, one split
        // across archives, one answering with every optional field set.
        findings[1].timestamp = nil
        findings[1].timestampMillis = nil
        findings[2].timestamp = "1969-12-31T23:59:59Z"
        findings[2].timestampMillis = -1000
        findings[3].archive = "earlier.jsonl"
        findings[3].messageIDs = ["m3a", "m3\"b"]
        findings[4].judgement = .exempt
        findings[4].exemptReason = .preExisting
        findings[4].answers = "m0"
        findings[4].initiatorID = "f1"
        findings[4].initiatorRole = .freelancer
        findings[4].afterRefusal = true
        findings[4].opensViolation = true
        findings[5].recipientID = nil
        findings[6].timestamp = "2025-11-20T01:01:40+01:00"  // not canonical: kept as written
        let nights = findings.map { $0.timestampMillis.map(NightDate.night(millis:)) ?? "2026-11-20" }
        let database = try Self.store(Array(zip(findings, nights)), blockSize: 4, in: dir)
        let expected = Self.asStored(findings)
        #expect(try Self.readBlocks(database) == expected)
        let (viaView, ids, valid, bounds) = try database.pool.read { db in
            let reader = try StoredFinding(db)
            return (try Row.fetchAll(db, sql: "SELECT \(StoredFinding.columns) FROM findings ORDER BY id").map(reader.finding),
                    try Int64.fetchAll(db, sql: "SELECT id FROM findings ORDER BY id"),
                    try Int.fetchOne(db, sql: "SELECT MIN(json_valid(rows)) FROM finding_blocks"),
                    try Row.fetchAll(db, sql: "SELECT first_night, last_night FROM finding_blocks ORDER BY first_id").map {
                        [$0[0] as String, $0[1] as String]
                    })
        }
        #expect(viaView == expected)
        #expect(ids == Array(1...Int64(findings.count)))
        #expect(valid == 1)
        #expect(bounds == [["1969-12-31", "2026-11-20"], ["2025-11-20", "2025-11-20"], ["2025-11-20", "2025-11-20"]])
        // The view leaves out what v4's rows left out.
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM findings WHERE night IS NOT NULL") } == 2)
    }

    /// The word-at-a-time test against the byte-by-byte rule, at every
    /// position of the word and of the tail.
    @Test func escapesAreFoundAtEveryPosition() {
        for length in 1...19 {
            for position in 0..<length {
                for (byte, needs) in [(0x00, true), (0x1F, true), (0x22, true), (0x5C, true), (0x20, false), (0x21, false),
                                      (0x23, false), (0x5B, false), (0x5D, false), (0x7F, false), (0x80, false), (0xFF, false)] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = UInt8(byte)
                    let found = bytes.withUnsafeBytes(FindingBlock.needsEscape)
                    #expect(found == needs, "byte \(byte) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func aDamagedBlockIsAnErrorNamingTheBlockAndByte() throws {
        let dir = TestSupport.temporaryDirectory()
        let database = try Self.store([(Self.finding("m1", evidence: "x@y.example", millis: 0), "1970-01-01")], in: dir)
        try database.pool.write { try $0.execute(sql: "UPDATE finding_blocks SET rows = '[[null, \"\", 1]]'") }
        #expect { try Self.readBlocks(database) } throws: {
            "\($0)" == "finding block 1: a finding has too few columns at byte 14"
        }
        try database.pool.write { try $0.execute(sql: "UPDATE finding_blocks SET rows = '[] x'") }
        #expect { try Self.readBlocks(database) } throws: { "\($0)".contains("text after the block's closing bracket") }
    }

    @Test func retentionDeletesOlderFindingsInsideABlockAndKeepsTheOthersIDs() throws {
        let dir = TestSupport.temporaryDirectory()
        let day: Int64 = 86_400_000
        let findings = (0..<5).map { Self.finding("m\($0)", evidence: "x\($0)@y.example", millis: Int64($0) * day) }
        let database = try Self.store(findings.map { ($0, NightDate.night(millis: $0.timestampMillis!)) }, blockSize: 3, in: dir)
        // Nights 1970-01-01 … 01-05 in blocks [1, 2, 3] and [4, 5].
        let result = try StoreMaintenance.prune(database, keepDays: 0, today: "1970-01-03")
        #expect(result.findings == 2)
        let (ids, blocks) = try database.pool.read { db in
            (try Int64.fetchAll(db, sql: "SELECT id FROM findings ORDER BY id"),
             try Row.fetchAll(db, sql: "SELECT first_id, findings, first_night, last_night FROM finding_blocks ORDER BY first_id")
                .map { "\($0[0] as Int64) \($0[1] as Int) \($0[2] as String) \($0[3] as String)" })
        }
        #expect(ids == [3, 4, 5])
        #expect(blocks == ["1 1 1970-01-03 1970-01-03", "4 2 1970-01-04 1970-01-05"])
        #expect(try Self.readBlocks(database) == Array(Self.asStored(findings).dropFirst(2)))
        #expect(try StoreMaintenance.stats(database).findings == 3)
        // A window inside a block filters its findings.
        #expect(try Self.readBlocks(database, since: "1970-01-05").map(\.messageID) == ["m4"])
    }
}
