import GRDB

/// The ids of `finding_rules` rows (rule and category), as the scan side
/// gives them to stored findings (`FindingBlock`). Ids already in the database
/// are read once at the start of a run; a pair seen for the first time gets
/// the next id, and the batch carries it to the writer, which inserts it in
/// the same transaction as the rows. Ids are never given twice, so a pair
/// whose archive was rolled back is inserted again with the next archive
/// (`ArchiveWriter` keeps those).
///
/// Threading: used on the thread that judges findings (the aggregate queue),
/// one archive at a time.
final class FindingRuleIDs {
    struct Entry: Sendable, Equatable {
        var id: Int64
        var rule: String
        var category: Category
    }

    private struct Key: Hashable {
        var rule: String
        var category: Category
    }

    private var ids: [Key: Int64] = [:]
    private var next: Int64 = 1

    init(stored: [Entry]) {
        for entry in stored {
            ids[Key(rule: entry.rule, category: entry.category)] = entry.id
            next = max(next, entry.id + 1)
        }
    }

    /// Every row of `finding_rules`.
    static func load(_ db: Database) throws -> [Entry] {
        try Row.fetchAll(db, sql: "SELECT id, rule, category FROM finding_rules ORDER BY id").map { row in
            let name: String = row[2]
            guard let category = Category(rawValue: name) else {
                throw StoreError("finding_rules row \(row[0] as Int64) has an unknown category '\(name)'")
            }
            return Entry(id: row[0], rule: row[1], category: category)
        }
    }

    /// Pairs asked for lately, checked before the dictionary: a finding's
    /// rule name is usually the rule's own string, which compares equal by
    /// identity, where hashing reads it whole.
    private var recent: [Entry] = []
    private var replaced = 0

    /// The pair's id; `onNew` is told of a pair not seen before.
    func id(rule: String, category: Category, onNew: (Entry) -> Void) -> Int64 {
        for entry in recent where entry.category == category && entry.rule == rule { return entry.id }
        let key = Key(rule: rule, category: category)
        let id: Int64
        if let known = ids[key] {
            id = known
        } else {
            id = next
            next += 1
            ids[key] = id
            onNew(Entry(id: id, rule: rule, category: category))
        }
        let entry = Entry(id: id, rule: rule, category: category)
        if recent.count < 8 { recent.append(entry) } else { recent[replaced] = entry }
        replaced = (replaced + 1) % 8
        return id
    }
}
