import Foundation
import GRDB
import GRDBSQLite

/// Inserts one archive's findings, as `FindingRows` encoded them, with a
/// prepared statement bound column by column through SQLite's C API
/// (GRDB's `StatementArguments` builds an array of values per row, which was
/// most of the cost at 700k rows). Texts are bound as SQLITE_STATIC from the
/// batch's bytes, which outlive the step: SQLite then neither copies nor
/// allocates per column.
///
/// Threading: used inside one write transaction on the writer thread.
final class FindingInsert {
    private let db: Database
    private let statement: Statement
    private let archiveID: Int64
    private lazy var ruleStatement = try? db.makeStatement(sql: "INSERT OR IGNORE INTO finding_rules (id, rule, category) VALUES (?, ?, ?)")
    /// The archive's findings are the ids from `firstID` to `lastID`.
    private(set) var firstID: Int64?
    private(set) var lastID: Int64?

    init(db: Database, archiveID: Int64) throws {
        self.db = db
        self.archiveID = archiveID
        statement = try db.makeStatement(sql: """
            INSERT INTO findings (archive_id, night, archive, line, message_id, conversation_id, sender_id,
                sender_role, recipient_id, ts, ts_millis, rule_id, severity, start, "end", evidence, message_ids,
                contract, judgement, exempt_reason, answers, initiator_id, initiator_role, after_refusal, opens_violation,
                excerpt, excerpt_start)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// `finding_rules` rows the scan side gave ids to (`FindingRuleIDs`).
    func insertRules(_ entries: [FindingRuleIDs.Entry]) throws {
        guard !entries.isEmpty else { return }
        guard let insert = ruleStatement else { throw StoreError("cannot prepare the finding_rules insert") }
        for entry in entries {
            try insert.execute(arguments: [entry.id, entry.rule, entry.category.rawValue])
        }
    }

    func insert(_ rows: FindingRows) throws {
        let s = statement.sqliteStatement
        let archiveID = archiveID
        let bytes = rows.bytes
        try withExtendedLifetime(rows) {
            var at = 0
            for _ in 0..<rows.count {
                sqlite3_reset(s)
                sqlite3_bind_int64(s, 1, archiveID)
                for column in 2...Int32(FindingRows.columns + 1) {
                    let tag = bytes[at]
                    at += 1
                    switch tag {
                    case 1:
                        sqlite3_bind_int64(s, column, Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                        at += 8
                    case 2:
                        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                        at += 4
                        // A zero length still needs an address, or SQLite
                        // binds NULL; the tag byte before it is one.
                        let text = (bytes.baseAddress! + at).assumingMemoryBound(to: CChar.self)
                        sqlite3_bind_text(s, column, text, Int32(length), nil)  // nil: SQLITE_STATIC
                        at += length
                    default:
                        sqlite3_bind_null(s, column)
                    }
                }
                let code = sqlite3_step(s)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
                }
            }
        }
        guard rows.count > 0 else { return }
        let last = sqlite3_last_insert_rowid(sqlite3_db_handle(s))
        if firstID == nil { firstID = last - Int64(rows.count) + 1 }
        lastID = last
    }

    /// Returns the number of rows written.
    func writeClientNights(_ nights: [(client: String, counts: ArchiveTally.NightCounts)]) throws -> Int {
        let insert = try db.makeStatement(sql: """
            INSERT INTO client_nights (archive_id, client_id, night, findings, violations, max_severity) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (client, counts) in nights {
            try insert.execute(arguments: [archiveID, client, counts.night, counts.findings, counts.violations, counts.maxSeverity])
        }
        return nights.count
    }
}
