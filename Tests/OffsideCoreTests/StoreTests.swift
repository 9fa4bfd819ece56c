import Foundation
import GRDB
import Testing
@testable import OffsideCore

/// `scan --db` and `offside report --db` in process: idempotence, rescans,
/// rule packs kept apart, reports equal to the scan's, trends and `new`,
/// retention, migrations and the conversation snapshot.
@Suite struct StoreTests {
    static func storedScan(_ paths: [String], db: String, rescan: Bool = false, pack: CompiledRulePack? = nil,
                           keepDays: Int? = nil) throws -> ScanOutcome {
        var request = ScanRequest(inputs: paths.map { InputFile(path: $0) }, pipeline: PipelineOptions(threads: 2), evidenceLimit: 3)
        request.store = StoreOptions(path: db, rescan: rescan, night: "2026-11-20", waitSeconds: 0, keepDays: keepDays)
        return try ScanRun.run(request, compiled: pack ?? TestSupport.defaultPack)
    }

    static func count(_ db: String, _ sql: String) throws -> Int {
        try ScanDatabase(path: db, create: false).pool.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    /// A report without what may differ between equal runs.
    static func canonical(_ report: ScanReport) throws -> String {
        var report = report
        report.timings = .init(seconds: 0, mbPerSecond: 0, threads: 0)
        report.history?.database = ""
        return String(decoding: try report.jsonData(), as: UTF8.self)
    }

    static func sampleArchives(parts: Int, in directory: URL, seed: UInt64 = 7) throws -> [String] {
        var rng = SplitMix64(seed: seed)
        return PartialMergeTests.cut(try PartialMergeTests.sampleLines(), parts: parts, in: directory, using: &rng)
    }

    @Test func aStoredScansReportEqualsThePlainScansAndTheReportCommandsToo() throws {
        let dir = TestSupport.temporaryDirectory()
        let archives = try Self.sampleArchives(parts: 3, in: dir)
        let db = dir.appendingPathComponent("o.db").path
        let stored = try Self.storedScan(archives, db: db)
        let plain = try ScanRun.run(ScanRequest(inputs: archives.map { InputFile(path: $0) }, pipeline: PipelineOptions(threads: 2),
                                                evidenceLimit: 3), compiled: TestSupport.defaultPack)
        var withoutHistory = stored.report
        withoutHistory.history = nil
        withoutHistory.clients = ReportClients(withoutHistory.clients.map { client in
            var client = client
            client.trend = nil
            client.isNew = nil
            return client
        })
        #expect(try Self.canonical(withoutHistory) == Self.canonical(plain.report))
        #expect(stored.stored?.committed.count == 3)
        // The report command over every night gives the same clients.
        let fromDB = try StoredReport.build(database: ScanDatabase(path: db, create: false),
                                            selection: StoredSelection(trendNights: 400), reveal: false, evidenceLimit: 3)
        #expect(fromDB.totals.findings == plain.report.totals.findings)
        // Whole clients, evidence and refusals with their excerpts: rows
        // store an excerpt only where a report can show it.
        #expect(try Self.clientsJSON(fromDB) == Self.clientsJSON(plain.report))
        // The scan ranks its clients before its last archive commits and
        // adds trends and `new` after: they are what the database says.
        let database = try ScanDatabase(path: db, create: false)
        let ids = try database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM archives ORDER BY id") }
        let sameArchives = try StoredReport.build(database: database, selection: StoredSelection(archiveIDs: ids), reveal: false,
                                                  evidenceLimit: 3)
        let histories = { (report: ScanReport) in report.clients.map { "\($0.clientID) \($0.trend ?? []) \($0.isNew ?? false)" } }
        #expect(histories(stored.report) == histories(sameArchives))
        #expect(stored.report.clients.contains { ($0.trend ?? []).reduce(0, +) > 0 && $0.isNew == true })
    }

    /// Clients without the database's own additions.
    static func clientsJSON(_ report: ScanReport) throws -> String {
        let clients = report.clients.map { client -> ScanReport.Client in
            var client = client
            client.trend = nil
            client.isNew = nil
            return client
        }
        return String(decoding: try JSONEncoder.sorted.encode(clients), as: UTF8.self)
    }

    @Test func findingRowsLeaveOutWhatTheArchiveRowSaysAndReadBackWhole() throws {
        let dir = TestSupport.temporaryDirectory()
        let archives = try Self.sampleArchives(parts: 2, in: dir)
        let db = dir.appendingPathComponent("o.db").path
        var collected: [Finding] = []
        _ = try ScanRun.run(ScanRequest(inputs: archives.map { InputFile(path: $0) }, pipeline: PipelineOptions(threads: 2),
                                        evidenceLimit: 3), compiled: TestSupport.defaultPack, onFinding: { collected.append($0) })
        _ = try Self.storedScan(archives, db: db)
        let database = try ScanDatabase(path: db, create: false)
        let stored = try database.pool.read { db in
            let reader = try StoredFinding(db)
            return try Row.fetchAll(db, sql: "SELECT \(StoredFinding.columns) FROM findings ORDER BY id").map(reader.finding)
        }
        #expect(stored.count == collected.count)
        // Everything but the excerpt reads back as judged.
        let withoutExcerpts = { (f: Finding) -> Finding in
            var f = f
            f.excerpt = ""
            f.excerptStart = 0
            return f
        }
        #expect(stored.map(withoutExcerpts) == collected.map(withoutExcerpts))
        let kept = zip(stored, collected).filter { !$0.0.excerpt.isEmpty }
        #expect(kept.allSatisfy { $0.0.excerpt == $0.1.excerpt && $0.0.excerptStart == $0.1.excerptStart })
        #expect(kept.count < collected.count / 2)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings WHERE archive = '' AND message_ids = ''") > collected.count / 2)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings WHERE night IS NULL AND ts IS NULL") > collected.count / 2)
        // findings_readable shows every row as the finding it is.
        let readable = try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT client_id, night, archive, sender_role, ts, rule, category, message_ids, contract, judgement,
                       exempt_reason, initiator_role FROM findings_readable ORDER BY id
                """)
        }
        #expect(readable.count == collected.count)
        for (row, f) in zip(readable, collected) {
            let messageIDs = try JSONDecoder().decode([String].self, from: Data((row[7] as String).utf8))
            let night = f.timestampMillis.map(NightDate.night(millis:)) ?? "2026-11-20"
            let names: [String?] = [row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[8], row[9], row[10], row[11]]
            let expected: [String?] = [f.clientID, night, f.archive, f.senderRole.name, f.timestamp, f.rule, f.category.rawValue,
                                       f.contract.name, f.judgement.rawValue, f.exemptReason?.rawValue, f.initiatorRole?.name]
            let same = names == expected && messageIDs == f.messageIDs
            #expect(same, "\(row) is not \(f)")
            if !same { break }
        }
        // A report asking for more evidence than the scan kept is told so,
        // and shows the extra evidence as the match alone.
        let selection = StoredSelection(trendNights: 400)
        #expect(try StoredReport.storedEvidenceLimit(database: database, selection: selection, below: 3) == nil)
        #expect(try StoredReport.storedEvidenceLimit(database: database, selection: selection, below: 10) == 3)
        let wide = try StoredReport.build(database: database, selection: selection, reveal: true, evidenceLimit: 10)
        let bare = wide.clients.flatMap(\.evidence).filter { $0.excerpt.before.isEmpty && $0.excerpt.after.isEmpty }
        #expect(!bare.isEmpty)
        #expect(bare.allSatisfy { $0.excerpt.match == $0.evidence })
    }

    @Test func aSecondRunSkipsStoredArchivesAndRescanReplacesThem() throws {
        let dir = TestSupport.temporaryDirectory()
        let archives = try Self.sampleArchives(parts: 2, in: dir)
        let db = dir.appendingPathComponent("o.db").path
        let first = try Self.storedScan(archives, db: db)
        let findings = try Self.count(db, "SELECT COUNT(*) FROM findings")
        #expect(findings == first.report.totals.findings && findings > 100)

        let again = try Self.storedScan(archives, db: db)
        #expect(again.stored?.skipped.count == 2 && again.stored?.committed.isEmpty == true)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings") == findings)
        #expect(try Self.canonical(again.report) == Self.canonical(first.report))

        let rescanned = try Self.storedScan(archives, db: db, rescan: true)
        #expect(rescanned.stored?.committed.count == 2)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings") == findings)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM archives") == 2)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM client_nights WHERE archive_id NOT IN (SELECT id FROM archives)") == 0)
        #expect(try Self.canonical(rescanned.report) == Self.canonical(first.report))
    }

    /// A failed archive's transaction takes the rule ids it introduced
    /// with it; the next archive stores them again, so none of its rows
    /// points at a rule that is not there.
    @Test func ruleIdsOfAFailedArchiveAreStoredWithTheNext() throws {
        let dir = TestSupport.temporaryDirectory()
        let lines = try PartialMergeTests.sampleLines()
        let whole = Array((lines.joined(separator: "\n") + "\n").utf8)
        let frame = TestSupport.zstdFrame(whole)
        let cut = TestSupport.write(Array(frame.prefix(frame.count - 8)), name: "cut.jsonl.zst", in: dir)
        let good = TestSupport.write(frame, name: "good.jsonl.zst", in: dir)
        let db = dir.appendingPathComponent("o.db").path
        let outcome = try Self.storedScan([cut, good], db: db)
        #expect(outcome.stored?.committed == [good])
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings") > 100)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings f LEFT JOIN finding_rules r ON r.id = f.rule_id WHERE r.id IS NULL") == 0)
        let report = try StoredReport.build(database: ScanDatabase(path: db, create: false),
                                            selection: StoredSelection(trendNights: 400), reveal: false, evidenceLimit: 3)
        #expect(report.totals.findings == (try Self.count(db, "SELECT COUNT(*) FROM findings")))
    }

    @Test func aChangedRulePackIsANewScanKeptApart() throws {
        let dir = TestSupport.temporaryDirectory()
        let archives = try Self.sampleArchives(parts: 1, in: dir)
        let db = dir.appendingPathComponent("o.db").path
        _ = try Self.storedScan(archives, db: db)
        let small = try TestSupport.compile("""
            pack: only-paypal
            version: 3
            rules:
              - id: payment.method.paypal
                category: payment.method
                severity: 3
                description: PayPal.
                patterns: [{literal: paypal}]
                examples: {match: ["my paypal"], no_match: ["hello"]}
            """)
        let other = try Self.storedScan(archives, db: db, pack: small)
        #expect(other.stored?.committed.count == 1)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM archives") == 2)
        let database = try ScanDatabase(path: db, create: false)
        let newest = try StoredReport.build(database: database, selection: StoredSelection(trendNights: 400), reveal: false)
        #expect(newest.rulePack.id == "only-paypal")
        #expect(newest.totals.findingsByCategory.keys.allSatisfy { $0 == "payment.method" })
        let byID = try StoredReport.build(database: database, selection: StoredSelection(rulePack: "offside-default", trendNights: 400),
                                          reveal: false)
        #expect(byID.rulePack.id == "offside-default" && byID.totals.findings > newest.totals.findings)
        #expect(throws: StoreError.self) {
            try StoredReport.build(database: database, selection: StoredSelection(rulePack: "nope"), reveal: false)
        }
    }

    /// Two clients over three nights: the trend counts each night's own
    /// violations, `new` marks a client first seen in the window, and the
    /// window bounds the findings counted.
    @Test func trendsNewClientsAndTheWindow() throws {
        let dir = TestSupport.temporaryDirectory()
        func line(_ id: String, _ client: String, _ day: Int) -> String {
            TestSupport.record(id: id, conversation: "c-\(client)-\(day)", sender: client, role: "client", recipient: "fl-\(day)",
                               ts: "\"2026-11-\(day)T10:00:00Z\"", text: "pay me via paypal or email me at \(client)@gmail.com")
        }
        let nights = [
            [line("a1", "old", 18)],
            [line("a2", "old", 19), line("b2", "fresh", 19), line("b3", "fresh", 19)],
            [line("a3", "old", 20), line("a4", "old", 20), line("a5", "old", 20), line("b4", "fresh", 20)],
        ]
        let paths = nights.enumerated().map { index, lines in
            TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "night\(index).jsonl", in: dir)
        }
        let db = dir.appendingPathComponent("o.db").path
        _ = try Self.storedScan(paths, db: db)
        let database = try ScanDatabase(path: db, create: false)
        let all = try StoredReport.build(database: database, selection: StoredSelection(trendNights: 3), reveal: false)
        #expect(all.history?.nights == ["2026-11-18", "2026-11-19", "2026-11-20"])
        let old = try #require(all.clients.first { $0.clientID == "old" })
        let fresh = try #require(all.clients.first { $0.clientID == "fresh" })
        let perMessage = old.violations / 5
        #expect(perMessage >= 1)
        #expect(old.trend == [1, 1, 3].map { $0 * perMessage })
        #expect(fresh.trend == [0, 2, 1].map { $0 * perMessage })
        #expect(old.isNew == true && fresh.isNew == true)

        let window = try StoredReport.build(database: database, selection: StoredSelection(since: "2026-11-19", until: "2026-11-20"),
                                            reveal: false)
        #expect(window.history?.nights == ["2026-11-19", "2026-11-20"])
        #expect(window.clients.first { $0.clientID == "old" }?.isNew == false)
        #expect(window.clients.first { $0.clientID == "fresh" }?.isNew == true)
        #expect(window.clients.first { $0.clientID == "old" }?.violations == 4 * perMessage)
        // Redacted unless reveal, as in scan.
        #expect(window.clients.flatMap(\.evidence).allSatisfy { !$0.evidence.contains("old@gmail.com") })
        let revealed = try StoredReport.build(database: database, selection: StoredSelection(), reveal: true)
        #expect(revealed.clients.flatMap(\.evidence).contains { $0.evidence.contains("@gmail.com") })
    }

    @Test func retentionDeletesOldNightsAndTheirArchives() throws {
        let dir = TestSupport.temporaryDirectory()
        let old = TestSupport.write(Array((TestSupport.record(id: "x", ts: "\"2025-01-02T10:00:00Z\"", text: "my paypal please") + "\n").utf8),
                                    name: "old.jsonl", in: dir)
        let recent = TestSupport.write(Array((TestSupport.record(id: "y", ts: "\"2026-11-20T10:00:00Z\"", text: "my paypal please") + "\n").utf8),
                                       name: "recent.jsonl", in: dir)
        let db = dir.appendingPathComponent("o.db").path
        var request = ScanRequest(inputs: [InputFile(path: old), InputFile(path: recent)])
        request.store = StoreOptions(path: db, night: "2025-01-02", waitSeconds: 0)
        _ = try ScanRun.run(request, compiled: TestSupport.defaultPack)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings_readable WHERE night = '2025-01-02'") > 0)
        let database = try ScanDatabase(path: db, create: false)
        let result = try StoreMaintenance.prune(database, keepDays: 30, today: "2026-11-21")
        #expect(result.cutoff == "2026-10-22")
        #expect(result.findings > 0 && result.archives == 1)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings_readable WHERE night < '2026-10-22'") == 0)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM findings") > 0)
        #expect(try Self.count(db, "SELECT COUNT(*) FROM archives") == 1)
        let (before, after) = try StoreMaintenance.vacuum(database)
        #expect(after <= before)
    }

    /// During a run's first archive the scan's client stage says which
    /// findings keep their excerpt; that must be what `ExcerptSelector`,
    /// which decides for every later archive, says of the same findings.
    @Test func theFirstArchiveKeepsTheExcerptsTheSelectorWouldKeep() throws {
        let dir = TestSupport.temporaryDirectory()
        let archives = try Self.sampleArchives(parts: 1, in: dir)
        var collected: [Finding] = []
        _ = try ScanRun.run(ScanRequest(inputs: archives.map { InputFile(path: $0) }, pipeline: PipelineOptions(threads: 2),
                                        evidenceLimit: 3), compiled: TestSupport.defaultPack, onFinding: { collected.append($0) })
        var tally = ArchiveTally(fallbackNight: "2026-11-20", excerpts: ExcerptSelector(evidenceLimit: 3, refusalLimit: 3))
        let expected = collected.map { tally.count($0).keepsExcerpt }
        let db = dir.appendingPathComponent("o.db").path
        _ = try Self.storedScan(archives, db: db)
        let kept = try ScanDatabase(path: db, create: false).pool.read { db in
            try Int.fetchAll(db, sql: "SELECT excerpt_start >= 0 FROM findings ORDER BY id").map { $0 == 1 }
        }
        #expect(kept == expected)
        #expect(kept.contains(true) && kept.contains(false))
    }

    @Test func migrationsRunFromAnEmptyDatabaseAndFromEveryEarlierSchema() throws {
        let dir = TestSupport.temporaryDirectory()
        let migrations = StoreSchema.migrator.migrations
        #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
        for (index, earlier) in migrations.dropLast().enumerated() {
            let path = dir.appendingPathComponent("m\(index).db").path
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: earlier)
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO runs (started_at, status, tool_version, rule_pack_id, rule_pack_version, rule_pack_sha256, options, pid)
                    VALUES ('2026-11-20T00:00:00Z', 'finished', '0', 'p', 1, 'abc', '{}', 1)
                    """)
                // An archive row in the oldest shape, as v1 wrote it.
                try db.execute(sql: """
                    INSERT INTO archives (path, size, content_sha256, rule_pack_id, rule_pack_version, rule_pack_sha256, options,
                        run_id, scanned_at, night, compressed, bytes, records, malformed, findings, joined_findings,
                        conversations_forgotten, seconds)
                    VALUES ('a.jsonl', 1, 'c0ffee', 'p', 1, 'abc', '{}', 1, '2026-11-20T00:00:00Z', '2026-11-20', 0, 1, 1, 0, 0, 0, 0, 0)
                    """)
                if earlier == "v4" {
                    // A row as v4 wrote it: codes, a rule id, the path and
                    // the lone message id left out, with a quote and a
                    // newline in its evidence for the copy into a block.
                    try db.execute(sql: """
                        INSERT INTO finding_rules (id, rule, category) VALUES (1, 'r', 'contact.email');
                        INSERT INTO findings (archive_id, night, archive, line, message_id, conversation_id, sender_id, sender_role,
                            recipient_id, ts, ts_millis, rule_id, severity, start, "end", evidence, message_ids, contract, judgement,
                            after_refusal, opens_violation, excerpt, excerpt_start)
                        VALUES (1, '2026-11-20', '', 3, 'm1', 'k1', 'c1', 1, 'f1', NULL, NULL, 1, 3, 10, 20, 'x"@y.example' || char(10),
                            '', 1, 0, 0, 0, 'mail me: x@y.example', 0);
                        UPDATE archives SET first_finding_id = 1, last_finding_id = 1;
                        """)
                    return
                }
                // A finding row as v1 and v2 wrote it: path, ids and excerpt in full.
                try db.execute(sql: """
                    INSERT INTO findings (archive_id, night, client_id, archive, line, message_id, conversation_id, sender_id,
                        sender_role, recipient_id, ts, ts_millis, rule, category, severity, start, "end", evidence, message_ids,
                        contract, judgement, after_refusal, opens_violation, excerpt, excerpt_start)
                    VALUES (1, '2026-11-20', 'c1', 'a.jsonl', 3, 'm1', 'k1', 'c1', 'client', 'f1', NULL, NULL, 'r', 'contact.email',
                        3, 10, 20, 'x@y.example', '["m1"]', 'none', 'violation', 0, 0, 'mail me: x@y.example', 0)
                    """)
            }
            try queue.close()
            // Opening it the way scan and report do applies the rest.
            let database = try ScanDatabase(path: path, create: false)
            let (applied, runs, columns) = try database.pool.read { db in
                (try StoreSchema.migrator.appliedMigrations(db), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs"),
                 try db.columns(in: "archives").map(\.name))
            }
            #expect(applied == migrations)
            #expect(runs == 1)
            #expect(columns.contains("rule_pack_source") && columns.contains("rule_pack_rules"))
            let archive = try #require(try database.archive(contentSHA256: "c0ffee", rulePackSHA256: "abc"))
            #expect(archive.path == "a.jsonl" && archive.rulePackRules == 0)
            let (finding, range) = try database.pool.read { db in
                (try Row.fetchOne(db, sql: "SELECT \(StoredFinding.columns) FROM findings").map(try StoredFinding(db).finding),
                 try Row.fetchOne(db, sql: "SELECT first_finding_id, last_finding_id FROM archives"))
            }
            #expect(finding?.archive == "a.jsonl")
            #expect(finding?.messageIDs == ["m1"])
            #expect(finding?.excerpt == "mail me: x@y.example")
            #expect(finding?.rule == "r" && finding?.category == Category(rawValue: "contact.email") && finding?.senderRole == .client)
            #expect(finding?.contract == ContractState.none && finding?.judgement == .violation && finding?.clientID == "c1")
            #expect(finding?.evidence == (earlier == "v4" ? "x\"@y.example\n" : "x@y.example"))
            // Each archive's findings are still an id range, and a report reads the block.
            #expect(range?[0] as Int64? == 1 && range?[1] as Int64? == 1)
            let report = try StoredReport.build(database: database, selection: StoredSelection(trendNights: 400), reveal: true)
            #expect(report.totals.findings == 1 && report.clients.map(\.clientID) == ["c1"])
        }
        // And from nothing, through a scan.
        let fresh = dir.appendingPathComponent("fresh.db").path
        _ = try Self.storedScan(try Self.sampleArchives(parts: 1, in: dir), db: fresh)
        #expect(try StoreMaintenance.stats(ScanDatabase(path: fresh, create: false)).schema == StoreSchema.latest)
    }

    @Test func aDatabaseFromANewerOffsideOrNotADatabaseIsRefusedClearly() throws {
        let dir = TestSupport.temporaryDirectory()
        let newer = dir.appendingPathComponent("newer.db").path
        let queue = try DatabaseQueue(path: newer)
        try StoreSchema.migrator.migrate(queue)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v999')") }
        try queue.close()
        #expect { try ScanDatabase(path: newer, create: false) } throws: { "\($0)".contains("newer Offside") }
        let text = TestSupport.write(Array("hello, not sqlite at all, not at all".utf8), name: "text.db", in: dir)
        #expect { try ScanDatabase(path: text, create: false) } throws: { "\($0)".contains("not an SQLite database") }
        #expect { try ScanDatabase(path: dir.appendingPathComponent("none.db").path, create: false) } throws: {
            "\($0)".contains("no such database")
        }
    }

    /// The state a resumed run restores is the state it saved, open split
    /// detail included.
    @Test func aConversationSnapshotRoundTrips() throws {
        let dir = TestSupport.temporaryDirectory()
        let lines = [
            TestSupport.record(id: "1", sender: "fl", role: "freelancer", recipient: "cl", text: "can you share your number?"),
            TestSupport.record(id: "2", sender: "cl", role: "client", recipient: "fl", text: "my number:"),
            TestSupport.record(id: "3", sender: "cl", role: "client", recipient: "fl", text: "+44 7700"),
        ]
        let path = TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "a.jsonl", in: dir)
        let inputs = [InputFile(path: path)]
        let aggregator = ScanAggregator(inputs: inputs, findingWriter: nil, rejects: nil, evidenceLimit: 3,
                                        splitSeverity: [.contactPhone: 5])
        _ = ScanPipeline(compiled: TestSupport.defaultPack, options: PipelineOptions(threads: 1)).run(inputs: inputs) {
            aggregator.consume($0)
        }
        // Not finished: the split detail is still open, as between archives.
        let snapshot = aggregator.conversations.snapshot()
        #expect(snapshot.conversations == 1)
        #expect(snapshot.entries.first?.chain?.pieces.count == 2)
        #expect(snapshot.entries.first?.request != nil)
        let decoded = try ConversationSnapshot.decode(compressed: try snapshot.compressed())
        #expect(decoded == snapshot)
        let other = ConversationTracker(options: ConversationOptions(), relationships: RelationshipTable(), splitSeverity: [:]) { _ in }
        try other.restore(decoded)
        #expect(other.snapshot() == snapshot)
    }

    /// The writer encodes a capture while the aggregate queue goes on
    /// with the next archive: what it encodes is the state when it was
    /// taken.
    @Test func aCaptureKeepsTheStateItWasTakenAt() throws {
        let dir = TestSupport.temporaryDirectory()
        func run(_ lines: [String], name: String, into aggregator: ScanAggregator) {
            let path = TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: name, in: dir)
            _ = ScanPipeline(compiled: TestSupport.defaultPack, options: PipelineOptions(threads: 1)).run(inputs: [InputFile(path: path)]) {
                aggregator.consume($0)
            }
        }
        let aggregator = ScanAggregator(inputs: [InputFile(path: "a.jsonl")], findingWriter: nil, rejects: nil, evidenceLimit: 3)
        run([TestSupport.record(id: "1", sender: "cl", role: "client", recipient: "fl", text: "whatsapp me")], name: "a.jsonl",
            into: aggregator)
        let capture = aggregator.conversations.capture()
        let before = aggregator.conversations.snapshot()
        run([TestSupport.record(id: "2", conversation: "c2", sender: "cl", role: "client", recipient: "fl2", text: "what is your email?"),
             TestSupport.record(id: "3", sender: "fl", role: "freelancer", recipient: "cl", text: "let's keep it here")],
            name: "b.jsonl", into: aggregator)
        #expect(aggregator.conversations.snapshot() != before)
        #expect(capture.snapshot == before)
        #expect(try ConversationSnapshot.decode(compressed: capture.compressed()) == before)
        // Encoded in ranges on several threads, it is the same bytes.
        let whole = try #require(ZstdBlock.decompress(try aggregator.conversations.capture().compressed(parts: 1)))
        let inRanges = try #require(ZstdBlock.decompress(try aggregator.conversations.capture().compressed(parts: 2)))
        #expect(aggregator.conversations.snapshot().conversations == 2)
        #expect(inRanges == whole)
    }

    /// Earlier builds stored snapshots as JSON (format 1), some with every
    /// field, later ones without false flags and absent fields: both
    /// still read the same, and store again in the current format.
    @Test func aSnapshotWrittenAsJSONStillReads() throws {
        let full = """
            {"clock":7,"entries":[{"key":"00000000000000ff","conversationID":"c1","messageCount":3,"lastTouched":5,\
            "initiatorID":null,"initiatorRole":null,"violationOpened":false,"clientRefused":true,"freelancerRefused":false}]}
            """
        let decoded = try ConversationSnapshot.decode(compressed: ZstdBlock.compress(Data(full.utf8)), format: 1)
        let short = #"{"clock":7,"entries":[{"key":"00000000000000ff","conversationID":"c1","messageCount":3,"lastTouched":5,"clientRefused":true}]}"#
        #expect(try ConversationSnapshot.decode(compressed: ZstdBlock.compress(Data(short.utf8)), format: 1) == decoded)
        let entry = ConversationSnapshot.Entry(key: "00000000000000ff", conversationID: "c1", messageCount: 3, lastTouched: 5,
                                               initiatorID: nil, initiatorRole: nil, violationOpened: false, clientRefused: true,
                                               freelancerRefused: false, request: nil, chain: nil)
        #expect(decoded == ConversationSnapshot(clock: 7, entries: [entry]))
        #expect(try ConversationSnapshot.decode(compressed: decoded.compressed()) == decoded)
    }

    /// A database whose snapshots an earlier build stored as JSON still
    /// carries them into the next archive.
    @Test func aStoredFormatOneSnapshotIsStillRestored() throws {
        let dir = TestSupport.temporaryDirectory()
        let archives = try Self.sampleArchives(parts: 2, in: dir)
        let db = dir.appendingPathComponent("o.db").path
        _ = try Self.storedScan(archives, db: db)
        let database = try ScanDatabase(path: db, create: false)
        let id = try #require(try database.pool.read { try Int64.fetchOne($0, sql: "SELECT MIN(archive_id) FROM conversation_snapshots") })
        let stored = try #require(try database.snapshot(archiveID: id))
        #expect(stored.conversations > 0)
        let json = try JSONEncoder.sorted.encode(stored)
        try database.pool.write { db in
            try db.execute(sql: "UPDATE conversation_snapshots SET format = 1, data = ? WHERE archive_id = ?",
                           arguments: [ZstdBlock.compress(json), id])
        }
        #expect(try database.snapshot(archiveID: id) == stored)
    }

    /// A damaged snapshot is an error that says where, not a crash or a
    /// silently empty state.
    @Test func aCutSnapshotSaysWhere() throws {
        let entry = ConversationSnapshot.Entry(key: "00000000000000ff", conversationID: "c1", messageCount: 3, lastTouched: 5,
                                               initiatorID: "u1", initiatorRole: "client", violationOpened: true, clientRefused: false,
                                               freelancerRefused: false, request: nil, chain: nil)
        let whole = try #require(ZstdBlock.decompress(try ConversationSnapshot(clock: 7, entries: [entry]).compressed()))
        let cut = ZstdBlock.compress(whole.prefix(whole.count - 3))
        #expect { try ConversationSnapshot.decode(compressed: cut) } throws: {
            "\($0)".contains("snapshot is corrupt") && "\($0)".contains("at byte")
        }
        #expect { try ConversationSnapshot.decode(compressed: ZstdBlock.compress(Data("{}".utf8))) } throws: {
            "\($0)".contains("does not start with OCS4")
        }
        #expect { try ConversationSnapshot.decode(compressed: cut, format: 5) } throws: { "\($0)".contains("format 5") }
    }

    /// What reply rules need (the categories of the last two messages with
    /// findings) survives the store; a format 2 snapshot, which has no such
    /// field, still reads.
    @Test func recentCategoriesRoundTripAndFormatTwoStillReads() throws {
        var entry = ConversationSnapshot.Entry(key: "00000000000000ff", conversationID: "c1", messageCount: 3, lastTouched: 5,
                                               initiatorID: nil, initiatorRole: nil, violationOpened: false, clientRefused: false,
                                               freelancerRefused: false, request: nil, chain: nil)
        let plain = ConversationSnapshot(clock: 7, entries: [entry])
        entry.recent = .init(lastMessage: 3, lastMillis: 1_700_000_000_000, lastMask: 1 << 4,
                             priorMessage: 1, priorMillis: .min, priorMask: 1 << 2 | 1 << 1)
        let withRecent = ConversationSnapshot(clock: 7, entries: [entry])
        #expect(try ConversationSnapshot.decode(compressed: withRecent.compressed()) == withRecent)
        var bytes = try #require(ZstdBlock.decompress(try plain.compressed()))
        #expect(bytes.prefix(4) == Data("OCS4".utf8))
        bytes.replaceSubrange(0..<4, with: Data("OCS2".utf8))
        #expect(try ConversationSnapshot.decode(compressed: ZstdBlock.compress(bytes), format: 2) == plain)
    }

    /// Each side's latest move, which a later refusal answers, survives the
    /// store; a format 3 snapshot, which has no such field, still reads.
    @Test func movesRoundTripAndFormatThreeStillReads() throws {
        var entry = ConversationSnapshot.Entry(key: "00000000000000ff", conversationID: "c1", messageCount: 3, lastTouched: 5,
                                               initiatorID: "cl", initiatorRole: "client", violationOpened: true, clientRefused: false,
                                               freelancerRefused: false, request: nil, chain: nil)
        let plain = ConversationSnapshot(clock: 7, entries: [entry])
        entry.clientMove = "m2"
        let withMove = ConversationSnapshot(clock: 7, entries: [entry])
        #expect(try ConversationSnapshot.decode(compressed: withMove.compressed()) == withMove)
        entry.freelancerMove = "m3"
        let withBoth = ConversationSnapshot(clock: 7, entries: [entry])
        #expect(try ConversationSnapshot.decode(compressed: withBoth.compressed()) == withBoth)
        var bytes = try #require(ZstdBlock.decompress(try plain.compressed()))
        bytes.replaceSubrange(0..<4, with: Data("OCS3".utf8))
        #expect(try ConversationSnapshot.decode(compressed: ZstdBlock.compress(bytes), format: 3) == plain)
    }
}
