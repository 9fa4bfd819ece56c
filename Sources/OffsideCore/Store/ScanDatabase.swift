import CSQLiteConfig
import Foundation
import GRDB

/// Why the `--db` database cannot be used.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The SQLite database behind `--db`, through GRDB: a `DatabasePool`, so the
/// file is in WAL mode and `offside report` reads while a scan writes.
/// Opening it applies pending migrations (`StoreSchema`).
///
/// Threading: thread-safe (GRDB serialises writes and pools reads).
public final class ScanDatabase: Sendable {
    public let path: String
    public let pool: DatabasePool
    /// How long a statement waits for another connection's lock.
    let busySeconds: Double

    /// - Parameter create: make the file when it does not exist (a scan);
    ///   reports and `db` commands want an existing one.
    /// - Parameter busySeconds: how long a statement waits for another
    ///   connection's lock before failing.
    public init(path: String, create: Bool, busySeconds: Double = 30) throws {
        _ = Self.sqliteConfigured
        self.path = path
        self.busySeconds = busySeconds
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard create else { throw StoreError("\(path): no such database (offside scan --db \(path) makes one)") }
            // Evidence is stored unredacted: the file is the owner's only.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError("\(path): cannot create the database: \(String(cString: strerror(errno)))")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busySeconds)
        configuration.foreignKeysEnabled = true
        configuration.label = "offside"
        // In WAL mode NORMAL cannot corrupt the file and a killed process
        // loses nothing committed; only a power cut may undo the newest
        // archives, which the next run then scans again. FULL would fsync
        // at every commit.
        configuration.prepareDatabase { db in
            // 64 KiB pages for a new file (an existing one keeps its own): an
            // archive appends hundreds of MB, and SQLite writes each page to
            // the WAL with two system calls.
            try db.execute(sql: "PRAGMA page_size = 65536; PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in
                if try StoreSchema.migrator.hasBeenSuperseded(db) {
                    throw StoreError("\(path): written by a newer Offside (its schema has migrations this one does not know); upgrade offside")
                }
            }
            try StoreSchema.migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError("\(path): \(Self.explain(error))")
        }
    }

    /// Before SQLite's first connection in the process: without a mutex on
    /// every call the writer thread spent a tenth of its time locking.
    private static let sqliteConfigured: Int32 = offside_sqlite_configure()

    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB: return "not an SQLite database"
        case .SQLITE_BUSY: return "database is locked by another process"
        case .SQLITE_CORRUPT: return "database is corrupt (\(error.message ?? "")); restore it or start a new one"
        case .SQLITE_FULL: return "disk full"
        default: return error.message ?? "\(error)"
        }
    }
}

/// What the database knows of one archive scanned with one rule pack.
public struct StoredArchive: Sendable, Equatable {
    public var id: Int64
    public var path: String
    public var size: Int64
    public var contentSHA256: String
    public var rulePackID: String
    public var rulePackVersion: Int
    public var rulePackSHA256: String
    public var rulePackSource: String
    public var rulePackRules: Int
    public var relationshipsSHA256: String?
    public var options: String
    public var runID: Int64
    public var scannedAt: String
    public var night: String
    public var compressed: Bool
    public var bytes: Int64
    public var records: Int
    public var malformed: Int
    public var findings: Int
    public var joinedFindings: Int
    public var conversationsForgotten: Int
    public var seconds: Double

    init(row: Row) {
        id = row["id"]
        path = row["path"]
        size = row["size"]
        contentSHA256 = row["content_sha256"]
        rulePackID = row["rule_pack_id"]
        rulePackVersion = row["rule_pack_version"]
        rulePackSHA256 = row["rule_pack_sha256"]
        rulePackSource = row["rule_pack_source"]
        rulePackRules = row["rule_pack_rules"]
        relationshipsSHA256 = row["relationships_sha256"]
        options = row["options"]
        runID = row["run_id"]
        scannedAt = row["scanned_at"]
        night = row["night"]
        compressed = row["compressed"]
        bytes = row["bytes"]
        records = row["records"]
        malformed = row["malformed"]
        findings = row["findings"]
        joinedFindings = row["joined_findings"]
        conversationsForgotten = row["conversations_forgotten"]
        seconds = row["seconds"]
    }

    /// As the report lists its inputs.
    var inputInfo: ScanReport.InputInfo {
        ScanReport.InputInfo(path: path, status: "ok", error: nil, compressed: compressed, compressedBytes: size,
                             bytes: bytes, records: records, malformed: malformed)
    }
}

extension ScanDatabase {
    public func archive(contentSHA256: String, rulePackSHA256: String) throws -> StoredArchive? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM archives WHERE content_sha256 = ? AND rule_pack_sha256 = ?",
                             arguments: [contentSHA256, rulePackSHA256]).map(StoredArchive.init(row:))
        }
    }

    /// The conversation stage's state stored after an archive, if any.
    public func snapshot(archiveID: Int64) throws -> ConversationSnapshot? {
        let row = try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT format, data FROM conversation_snapshots WHERE archive_id = ?", arguments: [archiveID])
        }
        guard let row else { return nil }
        let format: Int = row["format"]
        guard ConversationSnapshot.readable.contains(format) else { return nil }
        let data: Data = row["data"]
        return try ConversationSnapshot.decode(compressed: data, format: format)
    }

    public func beginRun(pack: RulePack, relationshipsSHA256: String?, options: String, startedAt: String) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO runs (started_at, status, tool_version, rule_pack_id, rule_pack_version, rule_pack_sha256,
                                  relationships_sha256, options, pid)
                VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [startedAt, OffsideVersion.current, pack.name, pack.version, pack.sha256,
                                 relationshipsSHA256, options, Int(getpid())])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(id: Int64, status: String, finishedAt: String, scanned: Int, skipped: Int) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE runs SET status = ?, finished_at = ?, archives_scanned = ?, archives_skipped = ? WHERE id = ?
                """, arguments: [status, finishedAt, scanned, skipped, id])
        }
    }
}
