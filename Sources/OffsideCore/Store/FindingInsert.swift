import Foundation
import GRDB
import GRDBSQLite

/// Inserts one archive's findings with a prepared statement bound column by
/// column through SQLite's C API (GRDB's `StatementArguments` builds an array
/// of values per row, which is most of the cost at 700k rows), and counts
/// them per client and night for `client_nights`. Rows leave out what the
/// archive row already says (see `StoreSchema`, v3).
///
/// Threading: used inside one `pool.write` closure on the writer thread.
final class FindingInsert {
    private struct NightCounts {
        var night: String
        var findings = 0
        var violations = 0
        var maxSeverity = 0
    }

    /// What the archive's findings say of one client so far: one hash
    /// lookup per finding serves both.
    private struct ClientSlot {
        var excerptLists = ExcerptSelector.Lists()
        /// Usually one night, two around midnight.
        var nights: [NightCounts] = []
    }

    private let db: Database
    private let statement: Statement
    private let archiveID: Int64
    private let fallbackNight: String
    private let archivePath: String
    private var excerpts: ExcerptSelector
    private var clients: [String: ClientSlot] = [:]
    // One night per day number, formatted once.
    private var lastDay = Int64.min
    private var lastNight = ""
    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)


    init(db: Database, archiveID: Int64, archivePath: String, fallbackNight: String, excerpts: ExcerptSelector) throws {
        self.db = db
        self.archiveID = archiveID
        self.archivePath = archivePath
        self.fallbackNight = fallbackNight
        self.excerpts = excerpts
        statement = try db.makeStatement(sql: """
            INSERT INTO findings (archive_id, night, client_id, archive, line, message_id, conversation_id, sender_id,
                sender_role, recipient_id, ts, ts_millis, rule, category, severity, start, "end", evidence, message_ids,
                contract, judgement, exempt_reason, answers, initiator_id, initiator_role, after_refusal, opens_violation,
                excerpt, excerpt_start)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    func insert(_ f: Finding) throws {
        let night = night(of: f)
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, archiveID)
        bind(2, night)
        bind(3, f.clientID)
        // A detail split across archives is judged in the later one but
        // belongs to the earlier: only then is the path stored.
        bind(4, f.archive == archivePath ? "" : f.archive)
        sqlite3_bind_int64(s, 5, Int64(f.line))
        bind(6, f.messageID)
        bind(7, f.conversationID)
        bind(8, f.senderID)
        bind(9, f.senderRole.name)
        bind(10, f.recipientID)
        if let millis = f.timestampMillis, let ts = f.timestamp, Timestamp.isCanonical(ts, millis: millis) {
            sqlite3_bind_null(s, 11)
        } else {
            bind(11, f.timestamp)
        }
        if let millis = f.timestampMillis { sqlite3_bind_int64(s, 12, millis) } else { sqlite3_bind_null(s, 12) }
        bind(13, f.rule)
        bind(14, f.category.rawValue)
        sqlite3_bind_int64(s, 15, Int64(f.severity))
        sqlite3_bind_int64(s, 16, Int64(f.start))
        sqlite3_bind_int64(s, 17, Int64(f.end))
        bind(18, f.evidence)
        bind(19, f.messageIDs.count == 1 && f.messageIDs[0] == f.messageID ? ""
                 : "[\(f.messageIDs.map(JSONText.quoted).joined(separator: ","))]")
        bind(20, f.contract.name)
        bind(21, f.judgement.rawValue)
        bind(22, f.exemptReason?.rawValue)
        bind(23, f.answers)
        bind(24, f.initiatorID)
        bind(25, f.initiatorRole?.name)
        sqlite3_bind_int64(s, 26, f.afterRefusal ? 1 : 0)
        sqlite3_bind_int64(s, 27, f.opensViolation ? 1 : 0)
        var keepsExcerpt = f.messageIDs.count > 1
        if let client = f.clientID {
            keepsExcerpt = count(f, night: night, in: &clients[client, default: ClientSlot()])
        }
        if keepsExcerpt {
            bind(28, f.excerpt)
            sqlite3_bind_int64(s, 29, Int64(f.excerptStart))
        } else {
            bind(28, "")
            sqlite3_bind_int64(s, 29, -1)
        }
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
        }
    }

    /// Counts a finding for its client's night; true when its excerpt is kept.
    private func count(_ f: Finding, night: String, in slot: inout ClientSlot) -> Bool {
        let index: Int
        if let found = slot.nights.firstIndex(where: { $0.night == night }) {
            index = found
        } else {
            index = slot.nights.count
            slot.nights.append(NightCounts(night: night))
        }
        slot.nights[index].findings += 1
        if f.senderRole == .client && f.judgement == .violation {
            slot.nights[index].violations += 1
            slot.nights[index].maxSeverity = max(slot.nights[index].maxSeverity, f.severity)
        }
        return excerpts.keepsExcerpt(f, lists: &slot.excerptLists)
    }

    /// Returns the number of rows written.
    func writeClientNights() throws -> Int {
        let insert = try db.makeStatement(sql: """
            INSERT INTO client_nights (archive_id, client_id, night, findings, violations, max_severity) VALUES (?, ?, ?, ?, ?, ?)
            """)
        var rows = 0
        for (client, slot) in clients {
            for counts in slot.nights {
                try insert.execute(arguments: [archiveID, client, counts.night, counts.findings, counts.violations, counts.maxSeverity])
                rows += 1
            }
        }
        return rows
    }

    private func night(of f: Finding) -> String {
        guard let millis = f.timestampMillis else { return fallbackNight }
        let day = millis >= 0 ? millis / NightDate.millisPerDay : (millis - NightDate.millisPerDay + 1) / NightDate.millisPerDay
        if day != lastDay {
            lastDay = day
            lastNight = NightDate.night(day: Int(day))
        }
        return lastNight
    }

    private func bind(_ index: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            return
        }
        if text.isEmpty {
            // A null pointer would bind NULL, not ''.
            sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient)
            return
        }
        // Borrowed, not copied: a `var` copy to call `withUTF8` cost a
        // retain and a release per column.
        let bound = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_bind_text(statement.sqliteStatement, index, chars.baseAddress, Int32(chars.count), Self.transient)
            }
        }
        if bound == nil {
            var copy = text
            copy.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    _ = sqlite3_bind_text(statement.sqliteStatement, index, chars.baseAddress, Int32(chars.count), Self.transient)
                }
            }
        }
    }
}
