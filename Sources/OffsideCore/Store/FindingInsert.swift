import Foundation
import GRDB
import GRDBSQLite

/// Inserts one archive's findings with a prepared statement bound column by
/// column through SQLite's C API (GRDB's `StatementArguments` builds an array
/// of values per row, which is most of the cost at 700k rows), and counts
/// them per client and night for `client_nights`.
///
/// Threading: used inside one `pool.write` closure on the writer thread.
final class FindingInsert {
    private struct NightKey: Hashable {
        var client: String
        var night: String
    }

    private struct NightCounts {
        var findings = 0
        var violations = 0
        var maxSeverity = 0
    }

    private let db: Database
    private let statement: Statement
    private let archiveID: Int64
    private let fallbackNight: String
    private var nights: [NightKey: NightCounts] = [:]
    // One night per day number, formatted once.
    private var lastDay = Int64.min
    private var lastNight = ""
    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)


    init(db: Database, archiveID: Int64, fallbackNight: String) throws {
        self.db = db
        self.archiveID = archiveID
        self.fallbackNight = fallbackNight
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
        bind(4, f.archive)
        sqlite3_bind_int64(s, 5, Int64(f.line))
        bind(6, f.messageID)
        bind(7, f.conversationID)
        bind(8, f.senderID)
        bind(9, f.senderRole.name)
        bind(10, f.recipientID)
        bind(11, f.timestamp)
        if let millis = f.timestampMillis { sqlite3_bind_int64(s, 12, millis) } else { sqlite3_bind_null(s, 12) }
        bind(13, f.rule)
        bind(14, f.category.rawValue)
        sqlite3_bind_int64(s, 15, Int64(f.severity))
        sqlite3_bind_int64(s, 16, Int64(f.start))
        sqlite3_bind_int64(s, 17, Int64(f.end))
        bind(18, f.evidence)
        bind(19, f.messageIDs.count == 1 ? "[\(JSONText.quoted(f.messageIDs[0]))]"
                                         : "[\(f.messageIDs.map(JSONText.quoted).joined(separator: ","))]")
        bind(20, f.contract.name)
        bind(21, f.judgement.rawValue)
        bind(22, f.exemptReason?.rawValue)
        bind(23, f.answers)
        bind(24, f.initiatorID)
        bind(25, f.initiatorRole?.name)
        sqlite3_bind_int64(s, 26, f.afterRefusal ? 1 : 0)
        sqlite3_bind_int64(s, 27, f.opensViolation ? 1 : 0)
        bind(28, f.excerpt)
        sqlite3_bind_int64(s, 29, Int64(f.excerptStart))
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
        }
        if let client = f.clientID {
            let own = f.senderRole == .client && f.judgement == .violation
            let key = NightKey(client: client, night: night)
            nights[key, default: NightCounts()].findings += 1
            if own {
                nights[key]!.violations += 1
                nights[key]!.maxSeverity = max(nights[key]!.maxSeverity, f.severity)
            }
        }
    }

    func writeClientNights() throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO client_nights (archive_id, client_id, night, findings, violations, max_severity) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (key, counts) in nights {
            try insert.execute(arguments: [archiveID, key.client, key.night, counts.findings, counts.violations, counts.maxSeverity])
        }
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
        guard var text else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            return
        }
        if text.isEmpty {
            // A null pointer would bind NULL, not ''.
            sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient)
            return
        }
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                _ = sqlite3_bind_text(statement.sqliteStatement, index, chars.baseAddress, Int32(chars.count), Self.transient)
            }
        }
    }
}
