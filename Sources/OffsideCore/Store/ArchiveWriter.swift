import Foundation
import GRDB
import GRDBSQLite
import Logging

/// Writes each archive's judged findings, per-client-night counts and
/// conversation snapshot to the database in **one transaction per archive**,
/// on a thread of its own so that SQLite's work overlaps the scan. A process
/// killed at any moment leaves either the whole archive or none of it.
///
/// Copying an archive's pages from the WAL into the database file (the
/// checkpoint) is taken out of its commit, where SQLite's automatic
/// checkpoint would put it, and done before the next archive begins, or
/// after the last commit while the scan builds its report.
///
/// Findings are counted and encoded into blocks where they are judged
/// (`ArchiveTally`, `FindingBlock`); the writer thread inserts a block at a time.
///
/// Threading: `begin`, `add`, `end`, `abort`, `close` and `finish` are called
/// from one thread at a time (the scan's thread, then the pipeline's aggregate
/// queue, then the scan's thread again); the inserts run on the writer thread. They meet in a bounded channel, so a
/// slow disk holds the scan back instead of filling memory.
final class ArchiveWriter: @unchecked Sendable {
    /// What the database needs to know of an archive before its findings.
    struct Plan: Sendable {
        var path: String
        var size: Int64
        var contentSHA256: String
        var night: String
        /// `--rescan`: replace the rows an earlier scan with this pack left.
        var replace: Bool
    }

    /// What is known of it once it has been read to its end.
    struct Summary: Sendable {
        var compressed: Bool
        var bytes: Int64
        var records: Int
        var malformed: Int
        var findings: Int
        var joinedFindings: Int
        var conversationsForgotten: Int
        var seconds: Double
        var snapshot: ConversationCapture?
    }

    private enum Message: Sendable {
        case begin(Plan)
        case findings(FindingBlock)
        case end(Summary, clientNights: [(client: String, counts: ArchiveTally.NightCounts)])
        case abort
        case stop
    }

    private struct Abort: Error {}

    private let database: ScanDatabase
    private let pack: RulePack
    private let runID: Int64
    private let relationshipsSHA256: String?
    private let options: String
    /// The client stage's limits: excerpts are stored for what they can show.
    private let evidenceLimit: Int
    private let refusalLimit: Int
    var logger: Logger?
    private let channel = BoundedChannel<Message>(capacity: 8)
    private let committed = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    // The scan side's archive: its counts and the batch being filled.
    private var tally: ArchiveTally?
    private var archivePath = ""
    private var block = FindingBlock(capacity: FindingBlock.batchBytes)
    private let ruleIDs: FindingRuleIDs
    // The writer thread's: `finding_rules` rows inserted in a transaction
    // that did not commit, to insert again with the next archive.
    private var rulesToRetry: [FindingRuleIDs.Entry] = []

    // Batches the writer has inserted, for the scan side to fill again.
    private let spareLock = NSLock()
    private var spare: [FindingBlock] = []

    // Written by the writer thread, read after `close`.
    private let lock = NSLock()
    private var _committed: [(path: String, id: Int64)] = []
    private var _errors: [String] = []

    init(database: ScanDatabase, pack: RulePack, runID: Int64, relationshipsSHA256: String?, options: String,
         evidenceLimit: Int, refusalLimit: Int) throws {
        ruleIDs = FindingRuleIDs(stored: try database.pool.read(FindingRuleIDs.load))
        self.database = database
        self.evidenceLimit = evidenceLimit
        self.refusalLimit = refusalLimit
        self.pack = pack
        self.runID = runID
        self.relationshipsSHA256 = relationshipsSHA256
        self.options = options
        let thread = Thread { [self] in
            writerLoop()
            done.signal()
        }
        thread.name = "offside.db-writer"
        thread.start()
    }

    func begin(_ plan: Plan) {
        tally = ArchiveTally(fallbackNight: plan.night,
                             excerpts: ExcerptSelector(evidenceLimit: evidenceLimit, refusalLimit: refusalLimit))
        archivePath = plan.path
        channel.put(.begin(plan))
    }

    /// Counts the finding for its archive and encodes its row, on the
    /// thread that judged it. `admitted`: as `ArchiveTally.count` takes it.
    func add(_ finding: Finding, admitted: Bool? = nil) {
        guard tally != nil else { return }
        let (night, keepsExcerpt) = tally!.count(finding, admitted: admitted)
        block.append(finding, night: night, keepsExcerpt: keepsExcerpt, archivePath: archivePath, rules: ruleIDs)
        if block.count >= FindingBlock.size { flush() }
    }

    /// Commits the archive begun last.
    func end(_ summary: Summary) {
        flush()
        channel.put(.end(summary, clientNights: tally?.clientNights ?? []))
        tally = nil
    }

    /// Rolls the archive begun last back: it could not be read to its end,
    /// and a later run scans it again.
    func abort() {
        // Sent, not dropped: the block may hold the first findings of a
        // rule, whose `finding_rules` row the writer must insert with the
        // next archive (`rulesToRetry`) once this one is rolled back.
        flush()
        tally = nil
        channel.put(.abort)
    }

    /// Waits for every archive to be committed; returns what was committed
    /// (path and row id, in order) and the errors met. The last checkpoint
    /// may still be running: reads go on beside it, writes wait for it.
    func close() -> (committed: [(path: String, id: Int64)], errors: [String]) {
        channel.put(.stop)
        committed.wait()
        lock.lock()
        defer { lock.unlock() }
        return (_committed, _errors)
    }

    /// Waits for the last checkpoint, after `close`.
    func finish() {
        done.wait()
        done.signal()
    }

    private func flush() {
        guard block.count > 0 else { return }
        channel.put(.findings(block))
        spareLock.lock()
        let reused = spare.popLast()
        spareLock.unlock()
        block = reused ?? FindingBlock(capacity: FindingBlock.batchBytes)
    }

    /// On the writer thread, once a block is inserted.
    private func recycle(_ batch: FindingBlock) {
        batch.reset()
        spareLock.lock()
        if spare.count < 4 { spare.append(batch) }
        spareLock.unlock()
    }

    // MARK: The writer thread

    private func writerLoop() {
        setAutomaticCheckpoint(false)
        defer { setAutomaticCheckpoint(true) }
        var uncheckpointed = false
        while true {
            switch channel.take() {
            case .begin(let plan):
                if uncheckpointed { checkpoint(); uncheckpointed = false }
                do {
                    let id = try database.pool.writeWithoutTransaction { db in
                        // Every row this transaction inserts points at the
                        // archive row it inserted first: checking that per
                        // finding was a seek each. Deletes are explicit here.
                        try db.execute(sql: "PRAGMA foreign_keys = OFF")
                        defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                        var id: Int64 = 0
                        try db.inTransaction {
                            id = try write(plan, db)
                            return .commit
                        }
                        return id
                    }
                    lock.lock()
                    _committed.append((plan.path, id))
                    lock.unlock()
                    uncheckpointed = true
                    rulesToRetry = []
                } catch is Abort {
                    continue
                } catch {
                    lock.lock()
                    _errors.append("\(plan.path): not stored: \((error as? DatabaseError).map(ScanDatabase.explain) ?? "\(error)")")
                    lock.unlock()
                    drainArchive()
                }
            case .stop:
                committed.signal()
                if uncheckpointed { checkpoint(last: true) }
                return
            case .findings, .end, .abort:
                continue
            }
        }
    }

    private func setAutomaticCheckpoint(_ on: Bool) {
        try? database.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(on ? 1000 : 0)")
        }
    }

    /// Copies committed pages into the database file, so that the WAL
    /// does not grow over a night's archives. A reader in the way only
    /// stops it early: the next one, or closing the database, goes on.
    ///
    /// After the last archive it also does what closing the database would
    /// otherwise do at the very end of the run, while the report is being
    /// written: sync the database file and empty the WAL (0.1 s for the
    /// benchmark corpus, most of it the kernel dropping the WAL's pages).
    /// That waits for readers to leave the WAL, the report's among them;
    /// briefly, so that a long `offside report` elsewhere only leaves the
    /// work to closing.
    private func checkpoint(last: Bool = false) {
        let started = DispatchTime.now()
        do {
            let (frames, copied) = try database.pool.writeWithoutTransaction { try $0.checkpoint(.passive) }
            if last && frames > 0 && copied == frames {
                do {
                    try database.pool.writeWithoutTransaction { db in
                        try db.execute(sql: "PRAGMA busy_timeout = 2000")
                        defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(database.busySeconds * 1000))") }
                        try db.checkpoint(.truncate)
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    logger?.debug("a reader kept the WAL; closing the database empties it")
                }
            }
            logger?.debug("checkpoint took \(String(format: "%.2f", Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)) s")
        } catch {
            logger?.warning("\(database.path): checkpoint failed: \(error); the database stays correct, its WAL file larger")
        }
    }

    /// After a failed write, skips the rest of that archive's messages.
    private func drainArchive() {
        while true {
            switch channel.take() {
            case .end, .abort: return
            case .stop: channel.putBack(.stop); return
            case .begin(let plan): channel.putBack(.begin(plan)); return
            case .findings(let block):
                // Their rules' rows go in with the next archive.
                rulesToRetry += block.newRules
                recycle(block)
            }
        }
    }

    /// One archive, inside the transaction `pool.write` opened.
    private func write(_ plan: Plan, _ db: Database) throws -> Int64 {
        if plan.replace {
            let earlier = "SELECT id FROM archives WHERE content_sha256 = ? AND rule_pack_sha256 = ?"
            let arguments: StatementArguments = [plan.contentSHA256, pack.sha256]
            for table in ["finding_blocks", "client_nights", "conversation_snapshots"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE archive_id IN (\(earlier))", arguments: arguments)
            }
            try db.execute(sql: "DELETE FROM archives WHERE content_sha256 = ? AND rule_pack_sha256 = ?", arguments: arguments)
        }
        try db.execute(sql: """
            INSERT INTO archives (path, size, content_sha256, rule_pack_id, rule_pack_version, rule_pack_sha256,
                                  relationships_sha256, options, run_id, scanned_at, night, compressed, bytes, records,
                                  malformed, findings, joined_findings, conversations_forgotten, seconds, rule_pack_source,
                                  rule_pack_rules)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, ?, ?)
            """, arguments: [plan.path, plan.size, plan.contentSHA256, pack.name, pack.version, pack.sha256,
                             relationshipsSHA256, options, runID, NightDate.nowRFC3339(), plan.night, pack.source,
                             pack.rules.count])
        let archiveID = db.lastInsertedRowID
        let insert = try FindingInsert(db: db, archiveID: archiveID)
        try insert.insertRules(rulesToRetry)
        while true {
            switch channel.take() {
            case .findings(let block):
                rulesToRetry += block.newRules
                try insert.insertRules(block.newRules)
                try insert.insert(block)
                recycle(block)
            case .end(let summary, let clientNights):
                logger?.debug("\(plan.path): all findings inserted; writing client nights and the conversation snapshot")
                // The snapshot is encoded on another thread while the client
                // nights are inserted: at the end of a run both are in its
                // serial tail, and the other core is free by then.
                let encoding = summary.snapshot.map(SnapshotEncoding.init)
                try db.execute(sql: """
                    UPDATE archives SET compressed = ?, bytes = ?, records = ?, malformed = ?, findings = ?,
                        joined_findings = ?, conversations_forgotten = ?, seconds = ?, first_finding_id = ?,
                        last_finding_id = ? WHERE id = ?
                    """, arguments: [summary.compressed, summary.bytes, summary.records, summary.malformed, summary.findings,
                                     summary.joinedFindings, summary.conversationsForgotten, summary.seconds,
                                     insert.firstID, insert.lastID, archiveID])
                let nights = try insert.writeClientNights(clientNights)
                logger?.debug("\(plan.path): \(nights) client nights written")
                if let encoding {
                    try db.execute(sql: "INSERT INTO conversation_snapshots (archive_id, format, data) VALUES (?, ?, ?)",
                                   arguments: [archiveID, ConversationSnapshot.format, try encoding.result()])
                }
                logger?.debug("\(plan.path): committing")
                return archiveID
            case .abort:
                throw Abort()
            case .begin(let next):
                // The scan side never begins an archive before ending the last.
                channel.putBack(.begin(next))
                throw Abort()
            case .stop:
                channel.putBack(.stop)
                throw Abort()
            }
        }
    }
}

/// A conversation snapshot being compressed on a thread of Dispatch's pool.
///
/// Threading: `result` is called once, from any one thread.
private final class SnapshotEncoding: @unchecked Sendable {
    private let group = DispatchGroup()
    private var encoded: Result<Data, Error> = .failure(StoreError("the snapshot was not encoded"))

    init(_ capture: ConversationCapture) {
        group.enter()
        DispatchQueue.global().async { [self] in
            encoded = Result { try capture.compressed() }
            group.leave()
        }
    }

    func result() throws -> Data {
        group.wait()
        return try encoded.get()
    }
}

/// A blocking queue of bounded size between one producer and one consumer.
///
/// Threading: thread-safe.
final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    private var items: [Element] = []
    private var head = 0
    private let condition = NSCondition()
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ item: Element) {
        condition.lock()
        while items.count - head >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Puts an item back at the front (the consumer's own look-ahead).
    func putBack(_ item: Element) {
        condition.lock()
        if head > 0 {
            head -= 1
            items[head] = item
        } else {
            items.insert(item, at: 0)
        }
        condition.broadcast()
        condition.unlock()
    }

    func take() -> Element {
        condition.lock()
        while items.count == head { condition.wait() }
        let item = items[head]
        head += 1
        if head >= 64 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        condition.unlock()
        return item
    }
}
