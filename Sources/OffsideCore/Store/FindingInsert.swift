import Foundation
import GRDB
import GRDBSQLite

/// Inserts one archive's findings, a block (`FindingBlock`) per row of
/// `finding_blocks`, and numbers them: a block's first finding takes the id
/// after the last stored one. The block's JSON is bound as SQLITE_STATIC
/// from the batch's memory, which outlives the step: SQLite neither copies
/// nor allocates it.
///
/// Threading: used inside one write transaction on the writer thread.
final class FindingInsert {
    private let db: Database
    private let statement: Statement
    private let archiveID: Int64
    private var nextID: Int64
    private lazy var ruleStatement = try? db.makeStatement(sql: "INSERT OR IGNORE INTO finding_rules (id, rule, category) VALUES (?, ?, ?)")
    /// The archive's findings are the ids from `firstID` to `lastID`.
    private(set) var firstID: Int64?
    private(set) var lastID: Int64?

    init(db: Database, archiveID: Int64) throws {
        self.db = db
        self.archiveID = archiveID
        // The last block alone: its element count is parsed, not the table's.
        nextID = try Int64.fetchOne(db, sql: """
            SELECT first_id + json_array_length(rows) FROM finding_blocks ORDER BY first_id DESC LIMIT 1
            """) ?? 1
        statement = try db.makeStatement(sql: """
            INSERT INTO finding_blocks (first_id, archive_id, findings, first_night, last_night, rows) VALUES (?, ?, ?, ?, ?, ?)
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

    func insert(_ block: FindingBlock) throws {
        guard block.count > 0 else { return }
        let s = statement.sqliteStatement
        try withExtendedLifetime(block) {
            let json = block.json
            sqlite3_reset(s)
            sqlite3_bind_int64(s, 1, nextID)
            sqlite3_bind_int64(s, 2, archiveID)
            sqlite3_bind_int64(s, 3, Int64(block.count))
            for (column, night) in [(Int32(4), block.firstNight), (5, block.lastNight)] {
                sqlite3_bind_text(s, column, night, -1, Self.transient)
            }
            sqlite3_bind_text(s, 6, json.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(json.count), nil)  // nil: SQLITE_STATIC
            try Self.step(s)
        }
        if firstID == nil { firstID = nextID }
        nextID += Int64(block.count)
        lastID = nextID - 1
    }

    /// Runs a bound insert.
    private static func step(_ s: OpaquePointer?) throws {
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
        }
    }

    /// SQLITE_TRANSIENT: SQLite copies the text.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Returns the number of rows written. After a run's last archive this
    /// is in its serial tail: rows go in key order (appended to the table's
    /// B-tree, not inserted all over it), bound without GRDB's per-row
    /// argument arrays.
    func writeClientNights(_ nights: [(client: String, counts: ArchiveTally.NightCounts)]) throws -> Int {
        let insert = try db.makeStatement(sql: """
            INSERT INTO client_nights (archive_id, client_id, night, findings, violations, max_severity) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let s = insert.sqliteStatement
        let ordered = nights.sorted { $0.client != $1.client ? $0.client < $1.client : $0.counts.night < $1.counts.night }
        // The statement is finalised when `insert` goes.
        try withExtendedLifetime(insert) {
            for (client, counts) in ordered {
                sqlite3_reset(s)
                sqlite3_bind_int64(s, 1, archiveID)
                sqlite3_bind_text(s, 2, client, -1, Self.transient)
                sqlite3_bind_text(s, 3, counts.night, -1, Self.transient)
                sqlite3_bind_int64(s, 4, Int64(counts.findings))
                sqlite3_bind_int64(s, 5, Int64(counts.violations))
                sqlite3_bind_int64(s, 6, Int64(counts.maxSeverity))
                try Self.step(s)
            }
        }
        return nights.count
    }
}
