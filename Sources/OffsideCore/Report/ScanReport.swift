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

        enum CodingKeys: String, CodingKey {
            case inputs, failedInputs = "failed_inputs", records, bytes, malformed, findings
            case findingsByCategory = "findings_by_category", clients, findingsWithoutClient = "findings_without_client"
        }
    }

    public struct Timings: Codable, Sendable {
        public var seconds: Double
        public var mbPerSecond: Double
        public var threads: Int

        enum CodingKeys: String, CodingKey { case seconds, mbPerSecond = "mb_per_s", threads }
    }

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

        enum CodingKeys: String, CodingKey {
            case archive, line, messageID = "message_id", conversationID = "conversation_id", senderID = "sender_id"
            case senderRole = "sender_role", recipientID = "recipient_id", ts, rule, category, severity, start, end, evidence
            case messageIDs = "message_ids"
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
        public var exemptFindings: Int
        public var findings: Int
        public var firstSeen: String?
        public var lastSeen: String?
        public var evidence: [Evidence]

        enum CodingKeys: String, CodingKey {
            case clientID = "client_id", score, level, scoreTerms = "score_terms", categories, conversations
            case freelancersApproached = "freelancers_approached", initiated, refusalsReceived = "refusals_received"
            case exemptFindings = "exempt_findings", findings, firstSeen = "first_seen", lastSeen = "last_seen", evidence
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
            exemptFindings = state.exemptFindings
            findings = state.findings
            firstSeen = state.firstSeen.map(Timestamp.formatRFC3339)
            lastSeen = state.lastSeen.map(Timestamp.formatRFC3339)
            evidence = state.evidence.map { Evidence($0, reveal: reveal) }
        }
    }

    public var tool = "offside"
    public var toolVersion: String
    public var rulePack: RulePackInfo
    public var inputs: [InputInfo]
    public var totals: Totals
    public var timings: Timings
    /// Ranked: highest score first, then client id.
    public var clients: [Client]

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", rulePack = "rule_pack", inputs, totals, timings, clients
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
            field("inputs", inputs), field("totals", totals), field("timings", timings),
        ].joined(separator: ",\n")
        head += ",\n  \"clients\": ["
        try emit(Data(head.utf8))
        var buffer = Data()
        for (index, client) in clients.enumerated() {
            buffer.append(contentsOf: Array(((index == 0 ? "\n    " : ",\n    ") + client.compactJSON).utf8))
            if buffer.count >= 1 << 20 {
                try emit(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.append(contentsOf: Array((clients.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8))
        try emit(buffer)
    }
}

extension ScanReport.Evidence {
    /// Compact JSON with sorted keys, as `JSONEncoder` with `.sortedKeys`
    /// would write it, built by hand: Foundation's encoder was 12% of a
    /// 537 MB scan's samples for a 30,000-client report.
    var compactJSON: String {
        "{\"archive\":\(JSONText.quoted(archive)),\"category\":\(JSONText.quoted(category)),"
            + "\"conversation_id\":\(JSONText.quoted(conversationID)),\"end\":\(end),\"evidence\":\(JSONText.quoted(evidence)),"
            + "\"line\":\(line),\"message_id\":\(JSONText.quoted(messageID)),"
            + "\"message_ids\":[\(messageIDs.map(JSONText.quoted).joined(separator: ","))],"
            + "\"recipient_id\":\(JSONText.quotedOrNull(recipientID)),\"rule\":\(JSONText.quoted(rule)),"
            + "\"sender_id\":\(JSONText.quoted(senderID)),\"sender_role\":\(JSONText.quoted(senderRole)),"
            + "\"severity\":\(severity),\"start\":\(start),\"ts\":\(JSONText.quotedOrNull(ts))}"
    }
}

extension ScanReport.Client {
    /// See `Evidence.compactJSON`.
    var compactJSON: String {
        let categoryFields = categories.sorted { $0.key < $1.key }.map { "\(JSONText.quoted($0.key)):\($0.value)" }
        let terms = scoreTerms.map { "{\"term\":\(JSONText.quoted($0.term)),\"value\":\(JSONText.number($0.value))}" }
        return "{\"categories\":{\(categoryFields.joined(separator: ","))},\"client_id\":\(JSONText.quoted(clientID)),"
            + "\"conversations\":\(conversations),\"evidence\":[\(evidence.map(\.compactJSON).joined(separator: ","))],"
            + "\"exempt_findings\":\(exemptFindings),\"findings\":\(findings),\"first_seen\":\(JSONText.quotedOrNull(firstSeen)),"
            + "\"freelancers_approached\":\(freelancersApproached),\"initiated\":\(initiated),"
            + "\"last_seen\":\(JSONText.quotedOrNull(lastSeen)),\"level\":\(JSONText.quoted(level)),"
            + "\"refusals_received\":\(refusalsReceived),\"score\":\(score),\"score_terms\":[\(terms.joined(separator: ","))]}"
    }
}

public enum OffsideVersion {
    public static let current = "0.1.0"
}
