import Foundation
import GRDB

/// A stored finding — a block element (`FindingBlockReader`) or a row of
/// the `findings` view — back into the `Finding` the client stage reads.
///
/// Threading: a value; `finding` may be called from any thread.
struct StoredFinding {
    /// One column of a stored finding.
    enum Value {
        case null
        case int(Int64)
        case text(String)

        var integer: Int64? { if case .int(let value) = self { value } else { nil } }
        var text: String? { if case .text(let value) = self { value } else { nil } }
    }

    /// The `findings` view's columns `finding(_ row:)` reads, by position:
    /// looking columns up by name per row was most of the time of a report
    /// over 700k findings. After `id` and `archive_id`, they are a block
    /// element's (`StoreSchema.blockColumnsV5`), with the archive's path
    /// written out.
    static let columns = """
        id, archive_id, night, CASE archive WHEN '' THEN (SELECT path FROM archives WHERE archives.id = archive_id) ELSE archive END, \
        line, message_id, conversation_id, sender_id, sender_role, recipient_id, ts, ts_millis, \
        rule_id, severity, start, "end", evidence, message_ids, contract, judgement, exempt_reason, answers, \
        initiator_id, initiator_role, after_refusal, opens_violation, excerpt, excerpt_start
        """

    /// `finding_rules`, read once: every row of a rule shares its strings.
    private let rules: [Int64: FindingRuleIDs.Entry]

    init(_ db: Database) throws {
        rules = Dictionary(try FindingRuleIDs.load(db).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// A row of `SELECT \(columns) FROM findings`.
    func finding(_ row: Row) throws -> Finding {
        let values = (2..<row.count).map { index -> Value in
            switch (row[index] as DatabaseValue).storage {
            case .int64(let value): .int(value)
            case .string(let value): .text(value)
            case .double(let value): .int(Int64(value))
            case .blob, .null: .null
            }
        }
        return try finding(id: row[0], archivePath: "", values: values)
    }

    /// A finding from its columns (`StoreSchema.blockColumnsV5`); an empty
    /// `archive` is `archivePath`.
    func finding(id: Int64, archivePath: String, values v: [Value]) throws -> Finding {
        guard v.count == StoreSchema.blockColumnsV5.count else {
            throw StoreError("finding \(id) has \(v.count) columns, not \(StoreSchema.blockColumnsV5.count)")
        }
        func text(_ i: Int) throws -> String {
            guard case .text(let value) = v[i] else { throw wrong(i, "a text") }
            return value
        }
        func optionalText(_ i: Int) throws -> String? {
            switch v[i] {
            case .null: return nil
            case .text(let value): return value
            case .int: throw wrong(i, "a text or null")
            }
        }
        func int(_ i: Int) throws -> Int64 {
            guard case .int(let value) = v[i] else { throw wrong(i, "an integer") }
            return value
        }
        func optionalInt(_ i: Int) throws -> Int64? {
            switch v[i] {
            case .null: return nil
            case .int(let value): return value
            case .text: throw wrong(i, "an integer or null")
            }
        }
        func wrong(_ i: Int, _ expected: String) -> StoreError {
            StoreError("finding \(id): \(StoreSchema.blockColumnsV5[i]) is not \(expected)")
        }
        let ruleID = try int(10)
        guard let rule = rules[ruleID] else { throw StoreError("finding \(id) has a rule_id that finding_rules lacks") }
        guard let role = StoreCodes.role(try int(6)), let contract = StoreCodes.contract(try int(16)),
              let judgement = StoreCodes.judgement(try int(17)) else {
            throw StoreError("finding \(id) has an unknown sender_role, contract or judgement code")
        }
        let archive = try text(1)
        var f = Finding(archive: archive.isEmpty ? archivePath : archive, line: Int(try int(2)), messageID: try text(3),
                        conversationID: try text(4), senderID: try text(5), senderRole: role, recipientID: try optionalText(7),
                        timestamp: try optionalText(8), timestampMillis: try optionalInt(9), rule: rule.rule,
                        category: rule.category, severity: Int(try int(11)), start: Int(try int(12)), end: Int(try int(13)),
                        evidence: try text(14), messageIDs: [], contract: contract)
        f.messageIDs = Self.messageIDs(try text(15), messageID: f.messageID)
        if f.timestamp == nil, let millis = f.timestampMillis { f.timestamp = Timestamp.formatRFC3339(millis: millis) }
        f.judgement = judgement
        f.exemptReason = try optionalInt(18).flatMap(StoreCodes.exemptReason)
        f.answers = try optionalText(19)
        f.initiatorID = try optionalText(20)
        f.initiatorRole = try optionalInt(21).flatMap(StoreCodes.role)
        f.afterRefusal = try int(22) != 0
        f.opensViolation = try int(23) != 0
        f.excerpt = try text(24)
        f.excerptStart = Int(try int(25))
        return f
    }

    /// `''` is the row's own message (nearly every finding; `["m1"]` before
    /// v3, read directly when it has no escapes); anything else goes through
    /// JSONDecoder.
    static func messageIDs(_ json: String, messageID: String) -> [String] {
        if json.isEmpty { return [messageID] }
        let utf8 = json.utf8
        if utf8.count >= 4, utf8.first == UInt8(ascii: "["), utf8.last == UInt8(ascii: "]") {
            let inner = json.dropFirst(2).dropLast(2)
            if json.hasPrefix("[\""), json.hasSuffix("\"]"), !inner.contains("\""), !inner.contains("\\") {
                return [String(inner)]
            }
        }
        return (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}
