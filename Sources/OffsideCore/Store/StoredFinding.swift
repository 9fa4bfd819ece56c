import Foundation
import GRDB

/// A `findings` row back into the `Finding` the client stage reads.
///
/// Threading: stateless.
enum StoredFinding {
    /// The columns `finding` reads, by position: looking columns up by name
    /// per row was most of the time of a report over 700k findings.
    static let columns = """
        id, archive_id, CASE archive WHEN '' THEN (SELECT path FROM archives WHERE archives.id = archive_id) ELSE archive END, line, message_id, conversation_id, sender_id, sender_role, recipient_id, ts, ts_millis, \
        rule, category, severity, start, "end", evidence, message_ids, contract, judgement, exempt_reason, answers, \
        initiator_id, initiator_role, after_refusal, opens_violation, excerpt, excerpt_start
        """
    static let archiveIDColumn = 1

    static func finding(_ row: Row) throws -> Finding {
        let roleName: String = row[7]
        let categoryName: String = row[12]
        let contractName: String = row[18]
        let judgementName: String = row[19]
        guard let role = SenderRole(name: roleName), let category = Category(rawValue: categoryName),
              let contract = ContractState(name: contractName), let judgement = Judgement(rawValue: judgementName) else {
            throw StoreError("finding \(row[0] as Int64) has an unknown sender_role, category, contract or judgement")
        }
        var f = Finding(archive: row[2], line: row[3], messageID: row[4], conversationID: row[5], senderID: row[6],
                        senderRole: role, recipientID: row[8], timestamp: row[9], timestampMillis: row[10],
                        rule: row[11], category: category, severity: row[13], start: row[14], end: row[15],
                        evidence: row[16], messageIDs: [], contract: contract)
        f.messageIDs = messageIDs(row[17], messageID: f.messageID)
        if f.timestamp == nil, let millis = f.timestampMillis { f.timestamp = Timestamp.formatRFC3339(millis: millis) }
        f.judgement = judgement
        f.exemptReason = (row[20] as String?).flatMap(ExemptReason.init(rawValue:))
        f.answers = row[21]
        f.initiatorID = row[22]
        f.initiatorRole = (row[23] as String?).flatMap(SenderRole.init(name:))
        f.afterRefusal = row[24]
        f.opensViolation = row[25]
        f.excerpt = row[26]
        f.excerptStart = row[27]
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
