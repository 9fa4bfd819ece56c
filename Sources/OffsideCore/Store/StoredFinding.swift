import Foundation
import GRDB

/// A `findings` row back into the `Finding` the client stage reads.
///
/// Threading: a value; `finding` may be called from any thread.
struct StoredFinding {
    /// The columns `finding` reads, by position: looking columns up by name
    /// per row was most of the time of a report over 700k findings.
    static let columns = """
        id, archive_id, CASE archive WHEN '' THEN (SELECT path FROM archives WHERE archives.id = archive_id) ELSE archive END, line, message_id, conversation_id, sender_id, sender_role, recipient_id, ts, ts_millis, \
        rule_id, severity, start, "end", evidence, message_ids, contract, judgement, exempt_reason, answers, \
        initiator_id, initiator_role, after_refusal, opens_violation, excerpt, excerpt_start
        """
    static let archiveIDColumn = 1

    /// `finding_rules`, read once: every row of a rule shares its strings.
    private let rules: [Int64: FindingRuleIDs.Entry]

    init(_ db: Database) throws {
        rules = Dictionary(try FindingRuleIDs.load(db).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func finding(_ row: Row) throws -> Finding {
        let id: Int64 = row[0]
        guard let rule = rules[row[11]] else { throw StoreError("finding \(id) has a rule_id that finding_rules lacks") }
        guard let role = StoreCodes.role(row[7]), let contract = StoreCodes.contract(row[17]),
              let judgement = StoreCodes.judgement(row[18]) else {
            throw StoreError("finding \(id) has an unknown sender_role, contract or judgement code")
        }
        var f = Finding(archive: row[2], line: row[3], messageID: row[4], conversationID: row[5], senderID: row[6],
                        senderRole: role, recipientID: row[8], timestamp: row[9], timestampMillis: row[10],
                        rule: rule.rule, category: rule.category, severity: row[12], start: row[13], end: row[14],
                        evidence: row[15], messageIDs: [], contract: contract)
        f.messageIDs = Self.messageIDs(row[16], messageID: f.messageID)
        if f.timestamp == nil, let millis = f.timestampMillis { f.timestamp = Timestamp.formatRFC3339(millis: millis) }
        f.judgement = judgement
        f.exemptReason = (row[19] as Int64?).flatMap(StoreCodes.exemptReason)
        f.answers = row[20]
        f.initiatorID = row[21]
        f.initiatorRole = (row[22] as Int64?).flatMap(StoreCodes.role)
        f.afterRefusal = row[23]
        f.opensViolation = row[24]
        f.excerpt = row[25]
        f.excerptStart = row[26]
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
