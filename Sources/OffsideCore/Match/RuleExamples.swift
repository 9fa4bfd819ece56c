/// Runs every rule's `examples` through the same path a scan takes (JSON
/// line → normaliser → engine → validators → context), so an example passes
/// only if a real message with that text would behave the same way.
public enum RuleExamples {
    public struct Failure: Sendable, CustomStringConvertible {
        public var ruleID: String
        public var example: String
        /// true: should have matched and did not; false: matched and should not have.
        public var expectedMatch: Bool

        public var description: String {
            expectedMatch ? "rule \(ruleID): did not match \(quoted)" : "rule \(ruleID): matched no_match example \(quoted)"
        }

        private var quoted: String { JSONText.quoted(example) }
    }

    public struct Outcome: Sendable {
        public var examples: Int
        public var failures: [Failure]
        public var rulesWithoutExamples: [String]
    }

    public static func run(_ compiled: CompiledRulePack) -> Outcome {
        struct Case { var rule: Int; var text: String; var shouldMatch: Bool }
        var cases: [Case] = []
        for (index, rule) in compiled.pack.rules.enumerated() {
            cases += rule.matchExamples.map { Case(rule: index, text: $0, shouldMatch: true) }
            cases += rule.noMatchExamples.map { Case(rule: index, text: $0, shouldMatch: false) }
        }
        let findings = findings(for: cases.map(\.text), compiled: compiled)
        var matched = Set<String>()
        for (i, list) in findings.enumerated() {
            for finding in list { matched.insert("\(i)|\(finding.rule)") }
        }
        var failures: [Failure] = []
        for (i, example) in cases.enumerated() {
            let rule = compiled.pack.rules[example.rule]
            // An allowlist gives no finding: its example matches when it fires.
            let fired = rule.isAllowlist
                ? MatchExplanation.entries(for: example.text, compiled: compiled, foundRules: [])
                    .contains { $0.rule == rule.id && $0.outcome == .allowlist }
                : matched.contains("\(i)|\(rule.id)")
            if fired != example.shouldMatch {
                failures.append(Failure(ruleID: rule.id, example: example.text, expectedMatch: example.shouldMatch))
            }
        }
        let without = compiled.pack.rules.filter { $0.matchExamples.isEmpty || $0.noMatchExamples.isEmpty }.map(\.id)
        return Outcome(examples: cases.count, failures: failures, rulesWithoutExamples: without)
    }

    /// The findings each text gives when it is the text of a message (one
    /// list per text, in order): the path a scan takes, in one chunk.
    public static func findings(for texts: [String], compiled: CompiledRulePack) -> [[Finding]] {
        guard !texts.isEmpty else { return [] }
        var jsonl = ""
        for (i, text) in texts.enumerated() {
            jsonl += "{\"id\":\"example-\(i)\",\"conversation_id\":\"c\",\"sender_id\":\"s\",\"sender_role\":\"client\",\"text\":\(JSONText.quoted(text))}\n"
        }
        let bytes = Array(jsonl.utf8)
        let buffer = ChunkBuffer(capacity: max(bytes.count, 1))
        bytes.withUnsafeBytes { buffer.memory.copyMemory(from: $0) }
        let scanner = ChunkScanner(compiled: compiled, fieldNames: FieldNames(), keepRejects: false)
        let result = scanner.scan(LineChunk(buffer: buffer, count: bytes.count, oversizedLineLength: nil),
                                  sequence: 0, inputIndex: 0, archive: "examples")
        var lists = [[Finding]](repeating: [], count: texts.count)
        for finding in result.findings {
            if let i = Int(finding.messageID.dropFirst("example-".count)), i < lists.count { lists[i].append(finding) }
        }
        return lists
    }

    /// The text the matcher scans for `text`: lower-cased and folded
    /// (homoglyphs, leet, spelled digits, at/dot words…), as rule authors
    /// must write patterns for.
    public static func normalized(_ text: String) -> String {
        let out = NormalizedText()
        _ = Array(text.utf8).withUnsafeBytes { TextNormalizer().append($0, to: out) }
        return String(decoding: out.bytes.bytes, as: UTF8.self)
    }
}
