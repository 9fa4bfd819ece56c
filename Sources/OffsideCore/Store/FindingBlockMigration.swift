import GRDB

/// Schema v5's copy of v4's `findings` rows into `finding_blocks`.
///
/// Threading: runs inside the migration's transaction.
enum FindingBlockMigration {
    /// Rows are read in id order, and a block holds consecutive rows of one
    /// archive. A block's element `k` becomes finding `first_id + k`: the
    /// same id as before unless retention left gaps, and never another
    /// block's, because ids only grow. SQLite writes each element
    /// (`json_array`), so texts are escaped as SQLite escapes them.
    static func copyV4Rows(_ db: Database) throws {
        let columns = StoreSchema.blockColumnsV5.map { "\"\($0)\"" }.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, archive_id, COALESCE(night, date(ts_millis / 1000, 'unixepoch')), json_array(\(columns))
            FROM findings ORDER BY id
            """)
        let insert = try db.makeStatement(sql: """
            INSERT INTO finding_blocks (first_id, archive_id, findings, first_night, last_night, rows) VALUES (?, ?, ?, ?, ?, ?)
            """)
        var block: (firstID: Int64, archiveID: Int64, elements: [String], firstNight: String, lastNight: String)?
        var ranges: [Int64: (first: Int64, last: Int64)] = [:]
        func write() throws {
            guard let b = block else { return }
            try insert.execute(arguments: [b.firstID, b.archiveID, b.elements.count, b.firstNight, b.lastNight,
                                           "[" + b.elements.joined(separator: ",") + "]"])
            let last = b.firstID + Int64(b.elements.count) - 1
            ranges[b.archiveID] = (ranges[b.archiveID]?.first ?? b.firstID, last)
            block = nil
        }
        while let row = try rows.next() {
            let id: Int64 = row[0], archiveID: Int64 = row[1], night = row[2] as String? ?? "", element: String = row[3]
            if let b = block, b.archiveID != archiveID || b.elements.count == FindingBlock.size { try write() }
            if block == nil {
                block = (id, archiveID, [element], night, night)
            } else {
                block!.elements.append(element)
                block!.firstNight = min(block!.firstNight, night)
                block!.lastNight = max(block!.lastNight, night)
            }
        }
        try write()
        // An archive's first and last finding ids, as the blocks number them.
        try db.execute(sql: "UPDATE archives SET first_finding_id = NULL, last_finding_id = NULL")
        let update = try db.makeStatement(sql: "UPDATE archives SET first_finding_id = ?, last_finding_id = ? WHERE id = ?")
        for (archiveID, range) in ranges { try update.execute(arguments: [range.first, range.last, archiveID]) }
    }
}
