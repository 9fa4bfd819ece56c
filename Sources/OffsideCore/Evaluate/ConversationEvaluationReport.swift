/// Client-level and initiator accuracy on a labelled conversation set, with
/// the confusion of levels and every wrong call, for `offside eval`.
public struct ConversationEvaluationReport: Sendable, Codable {
    public struct Miss: Sendable, Codable {
        public var id: String
        public var expected: String
        public var got: String
        public var note: String
    }

    public var clients: Int
    public var levelAccuracy: Double?
    /// Off by at most one level (none↔low, low↔medium, medium↔high).
    public var levelWithinOne: Double?
    /// confusion[expected][got] = clients.
    public var levelConfusion: [String: [String: Int]]
    public var levelMisses: [Miss]
    public var conversations: Int
    public var initiatorAccuracy: Double?
    public var initiatorMisses: [Miss]

    init(expectations: ConversationExpectations, initiators: [String: SenderRole], clients reported: ReportClients) {
        let levels = Dictionary(reported.indices.map { (reported.clientID(at: $0), reported.level(at: $0)) },
                                uniquingKeysWith: { a, _ in a })
        let names = ConversationExpectations.levelNames
        var confusion: [String: [String: Int]] = [:]
        var right = 0, withinOne = 0
        var levelMisses: [Miss] = []
        for (client, expected) in expectations.levels.sorted(by: { $0.key < $1.key }) {
            let got = levels[client] ?? "none"
            confusion[expected.value, default: [:]][got, default: 0] += 1
            if got == expected.value { right += 1 } else {
                levelMisses.append(Miss(id: client, expected: expected.value, got: got, note: expected.note))
            }
            if abs((names.firstIndex(of: got) ?? 0) - (names.firstIndex(of: expected.value) ?? 0)) <= 1 { withinOne += 1 }
        }
        self.clients = expectations.levels.count
        self.levelAccuracy = clients > 0 ? Double(right) / Double(clients) : nil
        self.levelWithinOne = clients > 0 ? Double(withinOne) / Double(clients) : nil
        self.levelConfusion = confusion
        self.levelMisses = levelMisses

        var initiatorRight = 0
        var initiatorMisses: [Miss] = []
        for (conversation, expected) in expectations.initiators.sorted(by: { $0.key < $1.key }) {
            let got = initiators[conversation]?.name ?? "none"
            if got == expected.value { initiatorRight += 1 } else {
                initiatorMisses.append(Miss(id: conversation, expected: expected.value, got: got, note: expected.note))
            }
        }
        self.conversations = expectations.initiators.count
        self.initiatorAccuracy = conversations > 0 ? Double(initiatorRight) / Double(conversations) : nil
        self.initiatorMisses = initiatorMisses
    }

    public var table: String {
        let names = ConversationExpectations.levelNames
        var lines = ["Conversations and clients",
                     "  client level accuracy   \(EvaluationReport.format(levelAccuracy))  (\(clients) clients; within one level \(EvaluationReport.format(levelWithinOne)))",
                     "  initiator accuracy      \(EvaluationReport.format(initiatorAccuracy))  (\(conversations) conversations)",
                     "",
                     "  expected \\ got   " + names.map { $0.padding(toLength: 7, withPad: " ", startingAt: 0) }.joined()]
        for expected in names {
            let row = names.map { String(levelConfusion[expected]?[$0] ?? 0).padding(toLength: 7, withPad: " ", startingAt: 0) }
            lines.append("  " + expected.padding(toLength: 16, withPad: " ", startingAt: 0) + row.joined())
        }
        if !levelMisses.isEmpty {
            lines.append("")
            lines.append("  Client levels missed:")
            for miss in levelMisses { lines.append("    \(miss.id): expected \(miss.expected), got \(miss.got) — \(miss.note)") }
        }
        if !initiatorMisses.isEmpty {
            lines.append("")
            lines.append("  Initiators missed:")
            for miss in initiatorMisses { lines.append("    \(miss.id): expected \(miss.expected), got \(miss.got) — \(miss.note)") }
        }
        return lines.joined(separator: "\n")
    }
}
