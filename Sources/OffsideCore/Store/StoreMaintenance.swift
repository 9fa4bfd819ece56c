import Foundation
import GRDB

/// What `--keep-days` removed.
public struct PruneResult: Sendable, Equatable {
    public var cutoff: String
    public var findings: Int
    public var clientNights: Int
    public var archives: Int
    public var runs: Int
}

/// `offside db stats`, `db vacuum` and retention.
///
/// Threading: stateless; each call runs its own transactions.
public enum StoreMaintenance {
    /// Deletes findings and per-client counts of nights before
    /// `today - keepDays`, then the archives (and their conversation
    /// snapshots) scanned before then that have nothing left, and runs with
    /// no archive left. A pruned archive is forgotten: scanning it again
    /// stores it again.
    public static func prune(_ database: ScanDatabase, keepDays: Int, today: String) throws -> PruneResult {
        guard let day = NightDate.day(today) else { throw StoreError("bad date '\(today)'") }
        let cutoff = NightDate.night(day: day - max(0, keepDays))
        return try database.pool.write { db in
            // Findings live in blocks (v5): whole blocks go by their last
            // night; in a block that straddles the cutoff, older findings
            // become null, so that the others keep their ids.
            let total = "SELECT COALESCE(SUM(findings), 0) FROM finding_blocks"
            let before = try Int.fetchOne(db, sql: total) ?? 0
            try db.execute(sql: "DELETE FROM finding_blocks WHERE last_night < ?", arguments: [cutoff])
            let night = StoreSchema.blockElementNight("j.value")
            try db.execute(sql: """
                UPDATE finding_blocks SET
                    rows = (SELECT json_group_array(CASE WHEN j.type = 'array' AND \(night) >= ?1 THEN json(j.value) END)
                            FROM json_each(finding_blocks.rows) j),
                    findings = (SELECT COUNT(*) FROM json_each(finding_blocks.rows) j WHERE j.type = 'array' AND \(night) >= ?1)
                WHERE first_night < ?1
                """, arguments: [cutoff])
            try db.execute(sql: "DELETE FROM finding_blocks WHERE findings = 0")
            try db.execute(sql: """
                UPDATE finding_blocks SET first_night =
                    (SELECT MIN(\(night)) FROM json_each(finding_blocks.rows) j WHERE j.type = 'array')
                WHERE first_night < ?
                """, arguments: [cutoff])
            let findings = before - (try Int.fetchOne(db, sql: total) ?? 0)
            try db.execute(sql: "DELETE FROM client_nights WHERE night < ?", arguments: [cutoff])
            let clientNights = db.changesCount
            try db.execute(sql: """
                DELETE FROM archives WHERE night < ?
                  AND NOT EXISTS (SELECT 1 FROM finding_blocks WHERE finding_blocks.archive_id = archives.id)
                  AND NOT EXISTS (SELECT 1 FROM client_nights WHERE client_nights.archive_id = archives.id)
                """, arguments: [cutoff])
            let archives = db.changesCount
            try db.execute(sql: """
                DELETE FROM runs WHERE status != 'running' AND started_at < ?
                  AND NOT EXISTS (SELECT 1 FROM archives WHERE archives.run_id = runs.id)
                """, arguments: [cutoff])
            return PruneResult(cutoff: cutoff, findings: findings, clientNights: clientNights, archives: archives,
                               runs: db.changesCount)
        }
    }

    public struct Stats: Sendable {
        public var path: String
        public var fileBytes: Int64
        public var walBytes: Int64
        public var freePages: Int
        public var pageSize: Int
        public var schema: String
        public var archives: Int
        public var findings: Int
        public var clientNights: Int
        public var clients: Int
        public var snapshots: Int
        public var firstNight: String?
        public var lastNight: String?
        public var packs: [String]
        public var runs: [String]
        public var unfinishedRuns: Int
    }

    public static func stats(_ database: ScanDatabase) throws -> Stats {
        func size(_ path: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return try database.pool.read { db in
            let packs = try Row.fetchAll(db, sql: """
                SELECT rule_pack_id, rule_pack_version, rule_pack_sha256, COUNT(*) AS n, SUM(findings) AS f
                FROM archives GROUP BY rule_pack_sha256 ORDER BY MAX(id) DESC
                """).map { row -> String in
                    let sha: String = row["rule_pack_sha256"]
                    return "\(row["rule_pack_id"] as String) v\(row["rule_pack_version"] as Int) (\(sha.prefix(12))): \(row["n"] as Int) archives, \(row["f"] as Int? ?? 0) findings"
                }
            let runs = try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT 5").map { row -> String in
                "run \(row["id"] as Int64) \(row["status"] as String) \(row["started_at"] as String): \(row["archives_scanned"] as Int) scanned, \(row["archives_skipped"] as Int) skipped"
            }
            return Stats(
                path: database.path, fileBytes: size(database.path), walBytes: size(database.path + "-wal"),
                freePages: try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                pageSize: try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0,
                schema: try StoreSchema.migrator.appliedMigrations(db).last ?? "none",
                archives: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM archives") ?? 0,
                findings: try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(findings), 0) FROM finding_blocks") ?? 0,
                clientNights: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM client_nights") ?? 0,
                clients: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT client_id) FROM client_nights") ?? 0,
                snapshots: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversation_snapshots") ?? 0,
                firstNight: try String.fetchOne(db, sql: "SELECT MIN(night) FROM client_nights"),
                lastNight: try String.fetchOne(db, sql: "SELECT MAX(night) FROM client_nights"),
                packs: packs, runs: runs,
                unfinishedRuns: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs WHERE status = 'running'") ?? 0)
        }
    }

    /// Rebuilds the file without free pages and empties the WAL; returns the
    /// file's size before and after.
    public static func vacuum(_ database: ScanDatabase) throws -> (before: Int64, after: Int64) {
        func size() -> Int64 {
            [database.path, database.path + "-wal"].reduce(Int64(0)) {
                $0 + (((try? FileManager.default.attributesOfItem(atPath: $1))?[.size] as? NSNumber)?.int64Value ?? 0)
            }
        }
        let before = size()
        try database.pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return (before, size())
    }
}
