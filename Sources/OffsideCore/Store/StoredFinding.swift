import Foundation
import GRDB

/// A `findings` row back into the `Finding` the client stage reads.
///
/// Threading: stateless.
enum StoredFinding {
    static func finding(_ row: Row) throws -> Finding {
        let roleName: String = row["sender_role"]
        let categoryName: String = row["category"]
        let contractName: String = row["contract"]
        let judgementName: String = row["judgement"]
        guard let role = SenderRole(name: roleName), let category = Category(rawValue: categoryName),
              let contract = ContractState(name: contractName), let judgement = Judgement(rawValue: judgementName) else {
            throw StoreError("finding \(row["id"] as Int64) has an unknown sender_role, category, contract or judgement")
        }
        let ids: String = row["message_ids"]
        let messageIDs = (try? JSONDecoder().decode([String].self, from: Data(ids.utf8))) ?? []
        var f = Finding(archive: row["archive"], line: row["line"], messageID: row["message_id"],
                        conversationID: row["conversation_id"], senderID: row["sender_id"], senderRole: role,
                        recipientID: row["recipient_id"], timestamp: row["ts"], timestampMillis: row["ts_millis"],
                        rule: row["rule"], category: category, severity: row["severity"], start: row["start"],
                        end: row["end"], evidence: row["evidence"], messageIDs: messageIDs, contract: contract)
        f.judgement = judgement
        f.exemptReason = (row["exempt_reason"] as String?).flatMap(ExemptReason.init(rawValue:))
        f.answers = row["answers"]
        f.initiatorID = row["initiator_id"]
        f.initiatorRole = (row["initiator_role"] as String?).flatMap(SenderRole.init(name:))
        f.afterRefusal = row["after_refusal"]
        f.opensViolation = row["opens_violation"]
        f.excerpt = row["excerpt"]
        f.excerptStart = row["excerpt_start"]
        return f
    }
}
