import Foundation

/// The per-client report (`--report`, DESIGN.md "Client report"), with the
/// run's inputs, rule pack, totals and timings. Key names are the contract.
public struct ScanReport: Codable, Sendable {
    public struct RulePackInfo: Codable, Sendable {
        public var id: String
        public var version: Int
        public var sha256: String
        public var source: String
        public var rules: Int
    }

    public struct InputInfo: Codable, Sendable {
        public var path: String
        /// "ok", or "failed" when the input could not be read to its end.
        public var status: String
        public var error: String?
        public var compressed: Bool
        public var compressedBytes: Int64
        public var bytes: Int64
        public var records: Int
        public var malformed: Int

        enum CodingKeys: String, CodingKey {
            case path, status, error, compressed, compressedBytes = "compressed_bytes", bytes, records, malformed
        }
    }

    public struct Totals: Codable, Sendable {
        public var inputs: Int
        public var failedInputs: Int
        public var records: Int
        public var bytes: Int64
        public var malformed: Int
        public var findings: Int
        public var findingsByCategory: [String: Int]
        public var clients: Int
        public var findingsWithoutClient: Int
        /// Findings by policy judgement: violation, tolerated, exempt, mitigating.
        public var judgements: [String: Int]
        /// Details joined from pieces split over several messages.
        public var joinedFindings: Int
        /// Conversations dropped from memory before the end (beyond
        /// `maxConversations`); if they came back they started afresh.
        public var conversationsForgotten: Int

        enum CodingKeys: String, CodingKey {
            case inputs, failedInputs = "failed_inputs", records, bytes, malformed, findings
            case findingsByCategory = "findings_by_category", clients, findingsWithoutClient = "findings_without_client"
            case judgements, joinedFindings = "joined_findings", conversationsForgotten = "conversations_forgotten"
        }
    }

    public struct Timings: Codable, Sendable {
        public var seconds: Double
        public var mbPerSecond: Double
        public var threads: Int

        enum CodingKeys: String, CodingKey { case seconds, mbPerSecond = "mb_per_s", threads }
    }

    /// A finding as a reviewer reads it in the report: who wrote it, how the
    /// policy judged it, and the text around it.
    public struct Evidence: Codable, Sendable, Equatable {
        public var archive: String
        public var line: Int
        public var messageID: String
        public var conversationID: String
        public var senderID: String
        public var senderRole: String
        public var recipientID: String?
        public var ts: String?
        public var rule: String
        public var category: String
        public var severity: Int
        public var start: Int
        public var end: Int
        public var evidence: String
        public var messageIDs: [String]
        public var contract: String
        public var judgement: String
        public var exemptReason: String?
        public var answers: String?
        public var initiatorID: String?
        public var initiatorRole: String?
        public var afterRefusal: Bool
        /// The message around the match: before it, the match, after it
        /// (all redacted unless `--reveal`).
        public var excerpt: Excerpt

        public struct Excerpt: Codable, Sendable, Equatable {
            public var before: String
            public var match: String
            public var after: String
        }

        enum CodingKeys: String, CodingKey {
            case archive, line, messageID = "message_id", conversationID = "conversation_id", senderID = "sender_id"
            case senderRole = "sender_role", recipientID = "recipient_id", ts, rule, category, severity, start, end, evidence
            case messageIDs = "message_ids", contract, judgement, exemptReason = "exempt_reason", answers
            case initiatorID = "initiator_id", initiatorRole = "initiator_role", afterRefusal = "after_refusal", excerpt
        }

        public init(_ f: Finding, reveal: Bool) {
            archive = f.archive
            line = f.line
            messageID = f.messageID
            conversationID = f.conversationID
            senderID = f.senderID
            senderRole = f.senderRole.name
            recipientID = f.recipientID
            ts = f.timestamp
            rule = f.rule
            category = f.category.rawValue
            severity = f.severity
            start = f.start
            end = f.end
            evidence = reveal ? f.evidence : Redactor.redact(f.evidence, category: f.category)
            messageIDs = f.messageIDs
            contract = f.contract.name
            judgement = f.judgement.rawValue
            exemptReason = f.exemptReason?.rawValue
            answers = f.answers
            initiatorID = f.initiatorID
            initiatorRole = f.initiatorRole?.name
            afterRefusal = f.afterRefusal
            excerpt = Self.excerpt(of: f, evidence: evidence, reveal: reveal)
        }

        /// Splits the excerpt at the match; the text around it is scrubbed of
        /// other details unless `reveal`.
        static func excerpt(of f: Finding, evidence: String, reveal: Bool) -> Excerpt {
            // A finding read back from the database without its excerpt
            // (`ExcerptSelector`): the match alone.
            if f.excerpt.isEmpty { return Excerpt(before: "", match: evidence, after: "") }
            let bytes = Array(f.excerpt.utf8)
            let from = f.start - f.excerptStart, to = f.end - f.excerptStart
            guard f.messageIDs.count == 1, from >= 0, to <= bytes.count, from <= to else {
                // A joined detail: its pieces, one per message.
                return Excerpt(before: "", match: reveal ? f.excerpt : evidence, after: "")
            }
            let before = String(decoding: bytes[..<from], as: UTF8.self)
            let after = String(decoding: bytes[to...], as: UTF8.self)
            return Excerpt(before: reveal ? before : Redactor.scrub(before), match: evidence,
                           after: reveal ? after : Redactor.scrub(after))
        }
    }

    public struct Client: Codable, Sendable {
        public var clientID: String
        public var score: Int
        public var level: String
        public var scoreTerms: [RiskScore.Term]
        public var categories: [String: Int]
        public var conversations: Int
        public var freelancersApproached: Int
        public var initiated: Int
        public var refusalsReceived: Int
        public var persistedAfterRefusal: Int
        public var exemptFindings: Int
        public var toleratedFindings: Int
        public var violations: Int
        public var contractUnknown: Int
        public var answeredRequests: Int
        public var partnerFindings: Int
        public var findings: Int
        public var firstSeen: String?
        public var lastSeen: String?
        public var evidence: [Evidence]
        public var refusals: [Evidence]
        /// Reports from the database only: the client's own violations per
        /// night of `history.nights`, and whether its first stored finding
        /// is in the window.
        public var trend: [Int]?
        public var isNew: Bool?

        enum CodingKeys: String, CodingKey {
            case trend, isNew = "new"
            case clientID = "client_id", score, level, scoreTerms = "score_terms", categories, conversations
            case freelancersApproached = "freelancers_approached", initiated, refusalsReceived = "refusals_received"
            case persistedAfterRefusal = "persisted_after_refusal", exemptFindings = "exempt_findings"
            case toleratedFindings = "tolerated_findings", violations, contractUnknown = "contract_unknown"
            case answeredRequests = "answered_requests", partnerFindings = "partner_findings"
            case findings, firstSeen = "first_seen", lastSeen = "last_seen", evidence, refusals
        }

        public init(_ state: ClientState, reveal: Bool) {
            let risk = RiskScore(client: state)
            clientID = state.clientID
            score = risk.score
            level = risk.level
            scoreTerms = risk.terms
            categories = Dictionary(uniqueKeysWithValues: state.categories.map { ($0.key.rawValue, $0.value) })
            conversations = state.conversations.count
            freelancersApproached = state.freelancersApproached.count
            initiated = state.initiated
            refusalsReceived = state.refusalsReceived
            persistedAfterRefusal = state.persistedAfterRefusal
            exemptFindings = state.exemptFindings
            toleratedFindings = state.toleratedFindings
            violations = state.violations
            contractUnknown = state.contractUnknown
            answeredRequests = state.answeredRequests
            partnerFindings = state.partnerFindings
            findings = state.findings
            firstSeen = state.firstSeen.map(Timestamp.formatRFC3339)
            lastSeen = state.lastSeen.map(Timestamp.formatRFC3339)
            evidence = state.evidence.map { Evidence($0, reveal: reveal) }
            refusals = state.refusals.map { Evidence($0, reveal: reveal) }
        }
    }

    /// The relationships file that exempted pairs, if one was given.
    public struct RelationshipsInfo: Codable, Sendable {
        public var path: String
        public var pairs: Int
        /// Rows skipped, each naming its line.
        public var problems: [String]
    }

    /// A report built from the database (`offside report`, `scan --db`):
    /// the window of nights its trends cover.
    public struct History: Codable, Sendable {
        public var database: String
        public var since: String?
        public var until: String?
        public var nights: [String]
        public var archives: Int
        public var newClients: Int

        enum CodingKeys: String, CodingKey {
            case database, since, until, nights, archives, newClients = "new_clients"
        }
    }

    public var tool = "offside"
    public var toolVersion: String
    public var rulePack: RulePackInfo
    public var relationships: RelationshipsInfo?
    public var inputs: [InputInfo]
    public var totals: Totals
    public var timings: Timings
    /// Ranked: highest score first, then client id. Entries are built as
    /// they are read (`ReportClients`).
    public var clients: ReportClients
    public var history: History?

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", rulePack = "rule_pack", relationships, inputs, totals, timings, clients
        case history
    }

    public init(toolVersion: String, rulePack: RulePackInfo, relationships: RelationshipsInfo?, inputs: [InputInfo],
                totals: Totals, timings: Timings, clients: ReportClients, history: History? = nil) {
        self.toolVersion = toolVersion
        self.rulePack = rulePack
        self.relationships = relationships
        self.inputs = inputs
        self.totals = totals
        self.timings = timings
        self.clients = clients
        self.history = history
    }

    /// The report as JSON: run metadata first (pretty-printed), then the
    /// clients, one compact object per line, encoded one at a time so that a
    /// night with a million clients never holds the whole document in memory.
    public func write(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try writeJSON { try handle.write(contentsOf: $0) }
    }

    public func jsonData() throws -> Data {
        var data = Data()
        try writeJSON { data.append($0) }
        return data
    }

    private func writeJSON(_ emit: (Data) throws -> Void) throws {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        func field(_ key: String, _ value: some Encodable) throws -> String {
            let json = String(decoding: try pretty.encode(value), as: UTF8.self)
            return "  \(JSONText.quoted(key)): " + json.replacingOccurrences(of: "\n", with: "\n  ")
        }
        var head = "{\n"
        head += try [
            field("tool", tool), field("tool_version", toolVersion), field("rule_pack", rulePack),
            relationships.map { try field("relationships", $0) } ?? "  \"relationships\": null", field("inputs", inputs), field("totals", totals), field("timings", timings),
        ].joined(separator: ",\n")
        if let history { head += ",\n" + (try field("history", history)) }
        head += ",\n  \"clients\": ["
        try emit(Data(head.utf8))
        // Blocks of clients are built and encoded on every core (this is
        // the serial tail of a scan: a second of one core for 30,000
        // clients) and written in order, so memory holds one block of
        // entries and of JSON, not the document.
        let clients = self.clients
        let parts = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var start = 0
        while start < clients.count {
            let (first, end) = (start, min(clients.count, start + Self.clientsPerBlock))
            let results = PartResults<Data>(count: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var json = JSONBytes(capacity: 1 << 20)
                let count = end - first
                for index in (first + count * part / parts)..<(first + count * (part + 1) / parts) {
                    json.raw(index == 0 ? "\n    " : ",\n    ")
                    clients[index].appendJSON(to: &json)
                }
                results.set(part, Data(json.bytes))
            }
            for bytes in results.values { try emit(bytes) }
            start = end
        }
        try emit(Data((clients.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8))
    }

    static let clientsPerBlock = 1024
}

extension ScanReport.Evidence {
    /// Compact JSON with sorted keys, as `JSONEncoder` with `.sortedKeys`
    /// would write it, built by hand: Foundation's encoder was 12% of a
    /// 537 MB scan's samples for a 30,000-client report, and a `String` per
    /// field still cost a third of the report's tail.
    var compactJSON: String {
        var json = JSONBytes(capacity: 1024)
        appendJSON(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    func appendJSON(to json: inout JSONBytes) {
        json.raw("{\"after_refusal\":"); json.bool(afterRefusal)
        json.raw(",\"answers\":"); json.stringOrNull(answers)
        json.raw(",\"archive\":"); json.string(archive)
        json.raw(",\"category\":"); json.string(category)
        json.raw(",\"contract\":"); json.string(contract)
        json.raw(",\"conversation_id\":"); json.string(conversationID)
        json.raw(",\"end\":"); json.int(end)
        json.raw(",\"evidence\":"); json.string(evidence)
        json.raw(",\"excerpt\":{\"after\":"); json.string(excerpt.after)
        json.raw(",\"before\":"); json.string(excerpt.before)
        json.raw(",\"match\":"); json.string(excerpt.match)
        json.raw("},\"exempt_reason\":"); json.stringOrNull(exemptReason)
        json.raw(",\"initiator_id\":"); json.stringOrNull(initiatorID)
        json.raw(",\"initiator_role\":"); json.stringOrNull(initiatorRole)
        json.raw(",\"judgement\":"); json.string(judgement)
        json.raw(",\"line\":"); json.int(line)
        json.raw(",\"message_id\":"); json.string(messageID)
        json.raw(",\"message_ids\":"); json.list(messageIDs) { $0.string($1) }
        json.raw(",\"recipient_id\":"); json.stringOrNull(recipientID)
        json.raw(",\"rule\":"); json.string(rule)
        json.raw(",\"sender_id\":"); json.string(senderID)
        json.raw(",\"sender_role\":"); json.string(senderRole)
        json.raw(",\"severity\":"); json.int(severity)
        json.raw(",\"start\":"); json.int(start)
        json.raw(",\"ts\":"); json.stringOrNull(ts)
        json.raw("}")
    }
}

extension ScanReport.Client {
    /// See `Evidence.compactJSON`.
    var compactJSON: String {
        var json = JSONBytes(capacity: 4096)
        appendJSON(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    func appendJSON(to json: inout JSONBytes) {
        json.raw("{\"answered_requests\":"); json.int(answeredRequests)
        json.raw(",\"categories\":")
        json.list(categories.sorted { $0.key < $1.key }, open: "{", close: "}") { json, entry in
            json.string(entry.key); json.raw(":"); json.int(entry.value)
        }
        json.raw(",\"client_id\":"); json.string(clientID)
        json.raw(",\"contract_unknown\":"); json.int(contractUnknown)
        json.raw(",\"conversations\":"); json.int(conversations)
        json.raw(",\"evidence\":"); json.list(evidence) { $1.appendJSON(to: &$0) }
        json.raw(",\"exempt_findings\":"); json.int(exemptFindings)
        json.raw(",\"findings\":"); json.int(findings)
        json.raw(",\"first_seen\":"); json.stringOrNull(firstSeen)
        json.raw(",\"freelancers_approached\":"); json.int(freelancersApproached)
        json.raw(",\"initiated\":"); json.int(initiated)
        json.raw(",\"last_seen\":"); json.stringOrNull(lastSeen)
        json.raw(",\"level\":"); json.string(level)
        if let isNew { json.raw(",\"new\":"); json.bool(isNew) }
        json.raw(",\"partner_findings\":"); json.int(partnerFindings)
        json.raw(",\"persisted_after_refusal\":"); json.int(persistedAfterRefusal)
        json.raw(",\"refusals\":"); json.list(refusals) { $1.appendJSON(to: &$0) }
        json.raw(",\"refusals_received\":"); json.int(refusalsReceived)
        json.raw(",\"score\":"); json.int(score)
        json.raw(",\"score_terms\":")
        json.list(scoreTerms) { json, term in
            json.raw("{\"term\":"); json.string(term.term)
            json.raw(",\"value\":"); json.preformatted(JSONText.number(term.value)); json.raw("}")
        }
        json.raw(",\"tolerated_findings\":"); json.int(toleratedFindings)
        if let trend { json.raw(",\"trend\":"); json.list(trend) { $0.int($1) } }
        json.raw(",\"violations\":"); json.int(violations)
        json.raw("}")
    }
}

public enum OffsideVersion {
    public static let current = "0.1.0"
}
