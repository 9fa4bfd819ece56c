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
///   Since v5 a view over `finding_blocks` (`findingBlocksV5`).
///   `archive_id` is the archive whose transaction judged it, which is not
///   always `archive`: a detail split across two archives is judged in the
///   second. Since v3 a row leaves out what other rows say, and since v4 it
///   stores codes and a rule id (`findingsV4`); `StoredFinding` puts it
///   back, and the view `findings_readable` shows it with names.
/// - `finding_rules`: the rule and category a finding's `rule_id` means.
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
        // v4: smaller findings rows, no index on them (see `findingsV4`).
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                ALTER TABLE archives ADD COLUMN first_finding_id INTEGER;
                ALTER TABLE archives ADD COLUMN last_finding_id INTEGER;
                UPDATE archives SET first_finding_id = (SELECT MIN(id) FROM findings WHERE archive_id = archives.id),
                                    last_finding_id = (SELECT MAX(id) FROM findings WHERE archive_id = archives.id);
                CREATE TABLE finding_rules (
                    id INTEGER PRIMARY KEY,
                    rule TEXT NOT NULL,
                    category TEXT NOT NULL,
                    UNIQUE (rule, category)
                );
                INSERT INTO finding_rules (rule, category) SELECT DISTINCT rule, category FROM findings ORDER BY rule, category;
                \(findingsV4)
                INSERT INTO findings_v4
                SELECT f.id, f.archive_id,
                    CASE WHEN f.ts_millis >= 0 AND f.night = date(f.ts_millis / 1000, 'unixepoch') THEN NULL ELSE f.night END,
                    f.archive, f.line, f.message_id, f.conversation_id, f.sender_id,
                    \(StoreCodes.codes("f.sender_role", StoreCodes.roles)), f.recipient_id, f.ts, f.ts_millis,
                    (SELECT r.id FROM finding_rules r WHERE r.rule = f.rule AND r.category = f.category),
                    f.severity, f.start, f."end", f.evidence, f.message_ids,
                    \(StoreCodes.codes("f.contract", StoreCodes.contracts)), \(StoreCodes.codes("f.judgement", StoreCodes.judgements)),
                    \(StoreCodes.codes("f.exempt_reason", StoreCodes.exemptReasons)), f.answers, f.initiator_id,
                    \(StoreCodes.codes("f.initiator_role", StoreCodes.roles)), f.after_refusal, f.opens_violation, f.excerpt,
                    f.excerpt_start
                FROM findings f ORDER BY f.id;
                DROP TABLE findings;
                ALTER TABLE findings_v4 RENAME TO findings;
                \(findingsReadableV4)
                """)
        }
        // v5: findings in blocks (see `findingBlocksV5`). The v4 rows are
        // copied into blocks in id order, then the table gives way to a
        // view of the same name and columns.
        migrator.registerMigration("v5") { db in
            try db.execute(sql: findingBlocksV5)
            try FindingBlockMigration.copyV4Rows(db)
            try db.execute(sql: """
                DROP VIEW findings_readable;
                DROP TABLE findings;
                \(findingsViewV5)
                \(findingsReadableV4)
                """)
        }
        return migrator
    }

    /// v5's findings: one row per block of up to 2,048 findings of one
    /// archive, in the order they were judged. At 800k findings a night,
    /// SQLite's per-row cost of inserting one row per finding was most of
    /// what `--db` added to a scan; a block is one insert.
    /// - `rows` is a JSON array; each element is a finding as an array of
    ///   the v4 row's columns from `night` to `excerpt_start`, in v4's
    ///   order (`blockColumnsV5`), or `null` once retention has
    ///   deleted it. Finding `first_id + k` is element `k`.
    /// - `findings` counts the elements that are not `null`;
    ///   `first_night` and `last_night` bound their nights, so that a
    ///   report's window and retention skip whole blocks.
    /// - `archive_id` is indexed: blocks are few.
    /// The view `findings` shows the elements as v4's rows, and
    /// `findings_readable` shows them with names, as before.
    static let findingBlocksV5 = """
        CREATE TABLE finding_blocks (
            first_id INTEGER PRIMARY KEY,
            archive_id INTEGER NOT NULL REFERENCES archives(id) ON DELETE CASCADE,
            findings INTEGER NOT NULL,
            first_night TEXT NOT NULL,
            last_night TEXT NOT NULL,
            rows TEXT NOT NULL
        );
        CREATE INDEX finding_blocks_archive ON finding_blocks(archive_id);
        """

    /// A block element's columns, in order: v4's `findings` columns after
    /// `id` and `archive_id`.
    static let blockColumnsV5 = [
        "night", "archive", "line", "message_id", "conversation_id", "sender_id", "sender_role", "recipient_id", "ts",
        "ts_millis", "rule_id", "severity", "start", "end", "evidence", "message_ids", "contract", "judgement",
        "exempt_reason", "answers", "initiator_id", "initiator_role", "after_refusal", "opens_violation", "excerpt",
        "excerpt_start",
    ]

    /// v4's `findings` table as a view over the blocks.
    static let findingsViewV5 = """
        CREATE VIEW findings AS
        SELECT b.first_id + j.key AS id, b.archive_id,
            \(blockColumnsV5.enumerated().map { "j.value->>\($0.offset) AS \"\($0.element)\"" }.joined(separator: ", "))
        FROM finding_blocks b, json_each(b.rows) j WHERE j.type = 'array';
        """

    /// A block element's night, as SQL over `json_each`'s `value`: stored
    /// when it is not the UTC date of `ts_millis`.
    static func blockElementNight(_ value: String) -> String {
        "COALESCE(\(value)->>0, date((\(value)->>9) / 1000, 'unixepoch'))"
    }

    /// v4's `findings`. What changed from v3, and why: at 800k findings a
    /// night, every byte and every bound column of a row is paid for on the
    /// scan's critical path (`ArchiveWriter`).
    /// - `rule_id` points into `finding_rules` (rule and category), where v3
    ///   stored both names in every row.
    /// - `sender_role`, `initiator_role`, `contract`, `judgement` and
    ///   `exempt_reason` are `StoreCodes`.
    /// - `night` is NULL when it is the UTC date of `ts_millis`, and `ts`
    ///   NULL only when `ts_millis` is not negative (v3 already left out the
    ///   canonical text).
    /// - No `client_id`: it is the sender when the sender is the client, else
    ///   the recipient (`Finding.clientID`).
    /// - No index on `archive_id` and no foreign keys: an archive's findings
    ///   are the ids from its `first_finding_id` to its `last_finding_id`
    ///   (one transaction writes them all, one writer at a time), and they
    ///   are deleted by that range. The index cost a third of the writer's
    ///   time; cascading deletes without it would scan the table.
    /// `findings_readable` shows the rows with names, as v3 stored them.
    static let findingsV4 = """
        CREATE TABLE findings_v4 (
            id INTEGER PRIMARY KEY,
            archive_id INTEGER NOT NULL,
            night TEXT,
            archive TEXT NOT NULL,
            line INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            sender_id TEXT NOT NULL,
            sender_role INTEGER NOT NULL,
            recipient_id TEXT,
            ts TEXT,
            ts_millis INTEGER,
            rule_id INTEGER NOT NULL,
            severity INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            message_ids TEXT NOT NULL,
            contract INTEGER NOT NULL,
            judgement INTEGER NOT NULL,
            exempt_reason INTEGER,
            answers TEXT,
            initiator_id TEXT,
            initiator_role INTEGER,
            after_refusal INTEGER NOT NULL,
            opens_violation INTEGER NOT NULL,
            excerpt TEXT NOT NULL,
            excerpt_start INTEGER NOT NULL
        );
        """

    /// The findings as a person querying the file wants them: names, the
    /// client, the night, the archive path, the timestamp text and the
    /// message ids written out.
    static let findingsReadableV4 = """
        CREATE VIEW findings_readable AS
        SELECT f.id, f.archive_id,
            COALESCE(f.night, date(f.ts_millis / 1000, 'unixepoch')) AS night,
            CASE f.sender_role WHEN \(StoreCodes.code(SenderRole.client)) THEN f.sender_id ELSE f.recipient_id END AS client_id,
            CASE f.archive WHEN '' THEN a.path ELSE f.archive END AS archive,
            f.line, f.message_id, f.conversation_id, f.sender_id,
            \(StoreCodes.names("f.sender_role", StoreCodes.roles)) AS sender_role, f.recipient_id,
            COALESCE(f.ts, strftime('%Y-%m-%dT%H:%M:%S', f.ts_millis / 1000, 'unixepoch')
                || CASE WHEN f.ts_millis % 1000 = 0 THEN '' ELSE printf('.%03d', f.ts_millis % 1000) END || 'Z') AS ts,
            f.ts_millis, r.rule, r.category, f.severity, f.start, f."end", f.evidence,
            CASE f.message_ids WHEN '' THEN json_array(f.message_id) ELSE f.message_ids END AS message_ids,
            \(StoreCodes.names("f.contract", StoreCodes.contracts)) AS contract,
            \(StoreCodes.names("f.judgement", StoreCodes.judgements)) AS judgement,
            \(StoreCodes.names("f.exempt_reason", StoreCodes.exemptReasons)) AS exempt_reason,
            f.answers, f.initiator_id, \(StoreCodes.names("f.initiator_role", StoreCodes.roles)) AS initiator_role,
            f.after_refusal, f.opens_violation, f.excerpt, f.excerpt_start
        FROM findings f JOIN finding_rules r ON r.id = f.rule_id LEFT JOIN archives a ON a.id = f.archive_id;
        """
}
