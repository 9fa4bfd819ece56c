import GRDB

/// The `--db` schema, as GRDB migrations. A migration, once released, is
/// never edited: a change is a new migration, so every database that an
/// earlier Offside wrote is brought up to date the same way.
///
/// - `runs`: one row per `scan --db` (a killed run stays `running`).
/// - `archives`: one row per archive scanned with a rule pack, unique on the
///   compressed bytes' SHA-256 and the pack's SHA-256; committed with all its
///   findings or not at all.
/// - `findings`: every judged finding, evidence unredacted (the database is
///   created 0600; reports redact as `scan` does). `id` is emission order.
///   `archive_id` is the archive whose transaction judged it, which is not
///   always `archive`: a detail split across two archives is judged in the
///   second. Since v3 a row leaves out what other rows say (see v3 below);
///   `StoredFinding` puts it back.
/// - `client_nights`: per archive, client and night (UTC date of the
///   message), the counts trends are drawn from.
/// - `conversation_snapshots`: the conversation stage's state after an
///   archive, so that a resumed run picks up the thread where the killed one
///   left it.
///
/// Threading: stateless.
public enum StoreSchema {
    /// The newest migration's name; `db stats` prints it.
    public static var latest: String { migrator.migrations.last! }

    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL,
                    tool_version TEXT NOT NULL,
                    rule_pack_id TEXT NOT NULL,
                    rule_pack_version INTEGER NOT NULL,
                    rule_pack_sha256 TEXT NOT NULL,
                    relationships_sha256 TEXT,
                    options TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    archives_scanned INTEGER NOT NULL DEFAULT 0,
                    archives_skipped INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE archives (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    content_sha256 TEXT NOT NULL,
                    rule_pack_id TEXT NOT NULL,
                    rule_pack_version INTEGER NOT NULL,
                    rule_pack_sha256 TEXT NOT NULL,
                    relationships_sha256 TEXT,
                    options TEXT NOT NULL,
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    scanned_at TEXT NOT NULL,
                    night TEXT NOT NULL,
                    compressed INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    records INTEGER NOT NULL,
                    malformed INTEGER NOT NULL,
                    findings INTEGER NOT NULL,
                    joined_findings INTEGER NOT NULL,
                    conversations_forgotten INTEGER NOT NULL,
                    seconds REAL NOT NULL,
                    UNIQUE (content_sha256, rule_pack_sha256)
                );
                CREATE TABLE findings (
                    id INTEGER PRIMARY KEY,
                    archive_id INTEGER NOT NULL REFERENCES archives(id) ON DELETE CASCADE,
                    night TEXT NOT NULL,
                    client_id TEXT,
                    archive TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    message_id TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    sender_id TEXT NOT NULL,
                    sender_role TEXT NOT NULL,
                    recipient_id TEXT,
                    ts TEXT,
                    ts_millis INTEGER,
                    rule TEXT NOT NULL,
                    category TEXT NOT NULL,
                    severity INTEGER NOT NULL,
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    evidence TEXT NOT NULL,
                    message_ids TEXT NOT NULL,
                    contract TEXT NOT NULL,
                    judgement TEXT NOT NULL,
                    exempt_reason TEXT,
                    answers TEXT,
                    initiator_id TEXT,
                    initiator_role TEXT,
                    after_refusal INTEGER NOT NULL,
                    opens_violation INTEGER NOT NULL,
                    excerpt TEXT NOT NULL,
                    excerpt_start INTEGER NOT NULL
                );
                CREATE INDEX findings_archive ON findings(archive_id);
                CREATE TABLE client_nights (
                    archive_id INTEGER NOT NULL REFERENCES archives(id) ON DELETE CASCADE,
                    client_id TEXT NOT NULL,
                    night TEXT NOT NULL,
                    findings INTEGER NOT NULL,
                    violations INTEGER NOT NULL,
                    max_severity INTEGER NOT NULL,
                    PRIMARY KEY (archive_id, client_id, night)
                ) WITHOUT ROWID;
                CREATE TABLE conversation_snapshots (
                    archive_id INTEGER PRIMARY KEY REFERENCES archives(id) ON DELETE CASCADE,
                    format INTEGER NOT NULL,
                    data BLOB NOT NULL
                );
                """)
        }
        // v2: the pack's source and rule count, so that `offside report`
        // names the pack as the scan's own report does. Archives stored by
        // v1 show an empty source and 0 rules.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE archives ADD COLUMN rule_pack_source TEXT NOT NULL DEFAULT '';
                ALTER TABLE archives ADD COLUMN rule_pack_rules INTEGER NOT NULL DEFAULT 0;
                """)
        }
        // v3: findings rows stop repeating what is said elsewhere. `archive`
        // is '' when it is the archive's own path, `message_ids` '' when it
        // is just the row's `message_id`, `ts` NULL when it is the canonical
        // text of `ts_millis` (`Timestamp.formatRFC3339`), and `excerpt` '' with
        // `excerpt_start` -1 for a finding no report can show as evidence or
        // as a refusal (`ExcerptSelector`). Nothing to convert: rows written
        // before read as they did. The version stops an older Offside from
        // misreading rows written by this one.
        migrator.registerMigration("v3") { _ in }
        return migrator
    }
}
