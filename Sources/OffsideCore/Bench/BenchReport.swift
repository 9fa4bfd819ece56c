import Foundation

/// Everything `offside bench` measured, as printed (`table`) or as JSON.
public struct BenchReport: Sendable, Codable {
    public struct PackSummary: Sendable, Codable {
        /// "baseline" or "new".
        public var role: String
        public var pack: PackInfo
        public var runSeconds: [Double]
        public var medianSeconds: Double
        public var megabytesPerSecond: Double
        public var messagesPerSecond: Double
        public var findings: Int
        public var flaggedMessages: Int

        public init(role: String, _ m: PackMeasurement) {
            self.role = role
            pack = m.pack
            runSeconds = m.runSeconds
            medianSeconds = m.medianSeconds
            megabytesPerSecond = m.megabytesPerSecond
            messagesPerSecond = m.messagesPerSecond
            findings = m.findings
            flaggedMessages = Set(m.byRule.values.flatMap(\.messages)).count
        }
    }

    /// Findings of one rule of the new pack (the only pack without a
    /// baseline).
    public struct RuleCount: Sendable, Codable {
        public var rule: String
        public var findings: Int
        public var messages: Int
        public var examples: [String]
    }

    public var corpus: [String]
    public var bytes: Int64
    public var records: Int
    public var malformed: Int
    public var threads: Int
    public var runs: Int
    public var packs: [PackSummary]
    public var rules: [RuleCount]
    public var diff: PackDiff?
    public var profile: RuleCostProfile?

    public init(corpus: [String], threads: Int, runs: Int, new: PackMeasurement, newPack: RulePack,
                baseline: (PackMeasurement, RulePack)?, profile: RuleCostProfile?, examples: Int) {
        self.corpus = corpus
        bytes = new.bytes
        records = new.records
        malformed = new.malformed
        self.threads = threads
        self.runs = runs
        packs = (baseline.map { [PackSummary(role: "baseline", $0.0)] } ?? []) + [PackSummary(role: "new", new)]
        rules = newPack.rules.map { rule in
            let found = new.byRule[rule.id] ?? RuleFindings()
            return RuleCount(rule: rule.id, findings: found.findings, messages: found.messages.count,
                             examples: Array(found.messages.prefix(examples)))
        }
        diff = baseline.map { PackDiff(baseline: $0.1, new: newPack, baselineFindings: $0.0.byRule, newFindings: new.byRule,
                                       examples: examples) }
        self.profile = profile
    }
}
