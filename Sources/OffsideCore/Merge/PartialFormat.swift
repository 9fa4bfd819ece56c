import Foundation

/// The partial-result format (`scan --partial`, `merge`), version 1: one
/// zstd frame of JSON Lines (`zstd -dc FILE` is its JSON dump).
///
///     {"offside_partial":1, "tool_version", "rule_pack":{…}, "relationships":{…}|null,
///      "relationships_sha256", "options":{…}, "split_severity":{…}}   header, first line
///     {"message":{…}}   a message with findings or a contact piece, in archive order
///     {"plain":{…}}     messages of one conversation with neither, after its last event
///     {"input":{…}}     one per archive, as in the report's `inputs`
///     {"end":{"events":N,"inputs":K}}                                  last line
///
/// Why events and not finished client totals: a finding's judgement fields
/// (initiator, after a refusal, the request it answers, a detail split across
/// the archive's end) depend on the conversation's earlier messages, which
/// may be in an archive another task scanned. A partial therefore keeps, per
/// conversation, what the conversation stage needs to replay it, and `merge`
/// replays the conversations in archive order through the same stages a
/// single scan runs: the report is the same, not an approximation.
///
/// A `message` event: `archive`, `line`, `conversation` and `sender` (the
/// 64-bit keys the conversation stage uses, hex), `role`, `millis` (null
/// without a usable `ts`), `before` (messages of the conversation in this
/// archive with neither findings nor a piece since its previous event),
/// `findings` (unjudged, with `exempt_reason` already looked up) and `piece`.
/// The end line tells a whole file from one cut short by a killed task.
public enum PartialFormat {
    public static let version = 1

    public struct Options: Codable, Sendable, Equatable {
        public var joinMessages: Int
        public var joinSeconds: Int
        public var answerMessages: Int
        public var answerSeconds: Int
        public var evidenceLimit: Int

        enum CodingKeys: String, CodingKey {
            case joinMessages = "join_messages", joinSeconds = "join_seconds", answerMessages = "answer_messages"
            case answerSeconds = "answer_seconds", evidenceLimit = "evidence_limit"
        }

        public init(_ conversations: ConversationOptions, evidenceLimit: Int) {
            joinMessages = conversations.joinMessages
            joinSeconds = conversations.joinSeconds
            answerMessages = conversations.answerMessages
            answerSeconds = conversations.answerSeconds
            self.evidenceLimit = evidenceLimit
        }

        public func conversationOptions(maxConversations: Int) -> ConversationOptions {
            ConversationOptions(joinMessages: joinMessages, joinSeconds: joinSeconds, answerMessages: answerMessages,
                                answerSeconds: answerSeconds, maxConversations: maxConversations)
        }
    }

    public struct Header: Codable, Sendable {
        public var offsidePartial: Int
        public var toolVersion: String
        public var rulePack: ScanReport.RulePackInfo
        public var relationships: ScanReport.RelationshipsInfo?
        public var relationshipsSHA256: String?
        public var options: Options
        /// Severity of a detail joined from pieces, per category (the pack's
        /// strongest phone and email rules): a merge has no pack to ask.
        public var splitSeverity: [String: Int]
        /// Each reply rule's `follows` categories, by rule id: the merge
        /// judges those matches as the scan would have. Absent when the pack
        /// has no reply rule.
        public var follows: [String: [String]]? = nil
        /// The pack's `channel_only` and `defers_to_contract` rule ids: the
        /// merge judges call offers as the scan would have
        /// (`CallOfferRules`). Absent when the pack has none, and in
        /// partials of older builds.
        public var channelOnly: [String]? = nil
        public var defersToContract: [String]? = nil
        /// The scorer's rule ids (`RulePack.scoredRuleIDs`): the merge
        /// opens violations as the scan did. Absent when the pack has no
        /// scorer, and in partials of older builds (whose scored findings
        /// then open violations, as those builds did).
        public var scoredRules: [String]? = nil

        enum CodingKeys: String, CodingKey {
            case offsidePartial = "offside_partial", toolVersion = "tool_version", rulePack = "rule_pack", relationships
            case relationshipsSHA256 = "relationships_sha256", options, splitSeverity = "split_severity", follows
            case channelOnly = "channel_only", defersToContract = "defers_to_contract", scoredRules = "scored_rules"
        }
    }

    struct End: Codable {
        var events: Int
        var inputs: Int
    }

    // MARK: Encoding (the scan side writes many events: built by hand)

    static func headerLine(_ header: Header) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(header), as: UTF8.self) + "\n"
    }

    static func inputLine(_ input: ScanReport.InputInfo) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return "{\"input\":" + String(decoding: try encoder.encode(input), as: UTF8.self) + "}\n"
    }

    static func endLine(events: Int, inputs: Int) -> String {
        "{\"end\":{\"events\":\(events),\"inputs\":\(inputs)}}\n"
    }

    static func hex(_ key: UInt64) -> String {
        let digits = String(key, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func messageLine(archive: String, line: Int, trace: MessageTrace, before: Int,
                            findings: some Collection<Finding>, piece: ContactFragment?) -> String {
        var out = "{\"message\":{\"archive\":\(JSONText.quoted(archive)),\"line\":\(line),"
        out += "\"conversation\":\"\(hex(trace.conversationKey))\",\"sender\":\"\(hex(trace.senderKey))\","
        out += "\"role\":\"\(trace.role.name)\",\"millis\":\(trace.millis == .min ? "null" : String(trace.millis)),"
        out += "\"before\":\(before),\"findings\":[\(findings.map(findingJSON).joined(separator: ","))],"
        out += "\"piece\":\(piece.map(pieceJSON) ?? "null")}}\n"
        return out
    }

    static func plainLine(archive: String, conversationKey: UInt64, count: Int) -> String {
        "{\"plain\":{\"archive\":\(JSONText.quoted(archive)),\"conversation\":\"\(hex(conversationKey))\",\"count\":\(count)}}\n"
    }

    /// Every field the conversation and client stages read, the text
    /// unredacted (the report redacts it when it is built).
    static func findingJSON(_ f: Finding) -> String {
        let q = JSONText.quoted, qn = JSONText.quotedOrNull
        return "{\"archive\":\(q(f.archive)),\"line\":\(f.line),\"message_id\":\(q(f.messageID)),"
            + "\"conversation_id\":\(q(f.conversationID)),\"sender_id\":\(q(f.senderID)),\"sender_role\":\"\(f.senderRole.name)\","
            + "\"recipient_id\":\(qn(f.recipientID)),\"ts\":\(qn(f.timestamp)),"
            + "\"millis\":\(f.timestampMillis.map(String.init) ?? "null"),\"rule\":\(q(f.rule)),"
            + "\"category\":\"\(f.category.rawValue)\",\"severity\":\(f.severity),\"start\":\(f.start),\"end\":\(f.end),"
            + "\"evidence\":\(q(f.evidence)),\"message_ids\":[\(f.messageIDs.map(q).joined(separator: ","))],"
            + "\"contract\":\"\(f.contract.name)\",\"excerpt\":\(q(f.excerpt)),\"excerpt_start\":\(f.excerptStart),"
            + "\"exempt_reason\":\(qn(f.exemptReason?.rawValue))}"
    }

    static func pieceJSON(_ p: ContactFragment) -> String {
        "{\"kind\":\"\(p.kind.name)\",\"phone_cue\":\(p.phoneCue),\"email_cue\":\(p.emailCue),\"own_detail\":\(p.ownDetail),"
            + "\"normalized\":\(JSONText.quoted(p.normalized)),\"original\":\(JSONText.quoted(p.original)),"
            + "\"start\":\(p.start),\"end\":\(p.end),\"message\":\(findingJSON(p.message))}"
    }

    // MARK: Decoding (the merge side)

    struct Line: Decodable {
        var offsidePartial: Int?
        var message: MessageEvent?
        var plain: PlainEvent?
        var input: ScanReport.InputInfo?
        var end: End?

        enum CodingKeys: String, CodingKey {
            case offsidePartial = "offside_partial", message, plain, input, end
        }
    }

    struct MessageEvent: Codable {
        var archive: String
        var line: Int
        var conversation: String
        var sender: String
        var role: String
        var millis: Int64?
        var before: Int
        var findings: [FindingRecord]
        var piece: PieceRecord?
    }

    struct PlainEvent: Codable {
        var archive: String
        var conversation: String
        var count: Int
    }

    struct FindingRecord: Codable, Equatable {
        var archive: String
        var line: Int
        var messageID: String
        var conversationID: String
        var senderID: String
        var senderRole: String
        var recipientID: String?
        var ts: String?
        var millis: Int64?
        var rule: String
        var category: String
        var severity: Int
        var start: Int
        var end: Int
        var evidence: String
        var messageIDs: [String]
        var contract: String
        var excerpt: String
        var excerptStart: Int
        var exemptReason: String?

        enum CodingKeys: String, CodingKey {
            case archive, line, messageID = "message_id", conversationID = "conversation_id", senderID = "sender_id"
            case senderRole = "sender_role", recipientID = "recipient_id", ts, millis, rule, category, severity, start, end
            case evidence, messageIDs = "message_ids", contract, excerpt, excerptStart = "excerpt_start"
            case exemptReason = "exempt_reason"
        }

        init(_ f: Finding) {
            archive = f.archive
            line = f.line
            messageID = f.messageID
            conversationID = f.conversationID
            senderID = f.senderID
            senderRole = f.senderRole.name
            recipientID = f.recipientID
            ts = f.timestamp
            millis = f.timestampMillis
            rule = f.rule
            category = f.category.rawValue
            severity = f.severity
            start = f.start
            end = f.end
            evidence = f.evidence
            messageIDs = f.messageIDs
            contract = f.contract.name
            excerpt = f.excerpt
            excerptStart = f.excerptStart
            exemptReason = f.exemptReason?.rawValue
        }

        func finding() throws(PartialError.Field) -> Finding {
            guard let role = SenderRole(name: senderRole) else { throw .init("sender_role '\(senderRole)'") }
            guard let category = Category(rawValue: category) else { throw .init("category '\(category)'") }
            guard let contract = ContractState(name: contract) else { throw .init("contract '\(contract)'") }
            var exemption: ExemptReason?
            if let exemptReason {
                guard let reason = ExemptReason(rawValue: exemptReason) else { throw .init("exempt_reason '\(exemptReason)'") }
                exemption = reason
            }
            var f = Finding(archive: archive, line: line, messageID: messageID, conversationID: conversationID,
                            senderID: senderID, senderRole: role, recipientID: recipientID, timestamp: ts,
                            timestampMillis: millis, rule: rule, category: category, severity: severity, start: start,
                            end: end, evidence: evidence, messageIDs: messageIDs, contract: contract)
            f.excerpt = excerpt
            f.excerptStart = excerptStart
            f.exemptReason = exemption
            return f
        }
    }

    struct PieceRecord: Codable, Equatable {
        var kind: String
        var phoneCue: Bool
        var emailCue: Bool
        var ownDetail: Bool
        var normalized: String
        var original: String
        var start: Int
        var end: Int
        var message: FindingRecord

        enum CodingKeys: String, CodingKey {
            case kind, phoneCue = "phone_cue", emailCue = "email_cue", ownDetail = "own_detail", normalized, original
            case start, end, message
        }

        init(_ p: ContactFragment) {
            kind = p.kind.name
            phoneCue = p.phoneCue
            emailCue = p.emailCue
            ownDetail = p.ownDetail
            normalized = p.normalized
            original = p.original
            start = p.start
            end = p.end
            message = FindingRecord(p.message)
        }

        func fragment() throws(PartialError.Field) -> ContactFragment {
            guard let kind = ContactFragmentDetector.Kind(name: kind) else { throw .init("piece kind '\(kind)'") }
            return ContactFragment(lineInChunk: 0, kind: kind, phoneCue: phoneCue, emailCue: emailCue, ownDetail: ownDetail,
                                   normalized: normalized, original: original, start: start, end: end,
                                   message: try message.finding())
        }
    }

    static func key(_ hex: String) throws(PartialError.Field) -> UInt64 {
        guard hex.utf8.count == 16, let key = UInt64(hex, radix: 16) else { throw .init("key '\(hex)' is not 16 hex digits") }
        return key
    }
}

extension SenderRole {
    init?(name: String) {
        switch name {
        case "client": self = .client
        case "freelancer": self = .freelancer
        default: return nil
        }
    }
}

extension ContractState {
    init?(name: String) {
        switch name {
        case "unknown": self = .unknown
        case "none": self = .none
        case "offered": self = .offered
        case "active": self = .active
        case "ended": self = .ended
        default: return nil
        }
    }
}

extension ContactFragmentDetector.Kind {
    var name: String {
        switch self {
        case .cue: return "cue"
        case .digits: return "digits"
        case .emailHead: return "email_head"
        case .emailTail: return "email_tail"
        }
    }

    init?(name: String) {
        switch name {
        case "cue": self = .cue
        case "digits": self = .digits
        case "email_head": self = .emailHead
        case "email_tail": self = .emailTail
        default: return nil
        }
    }
}
