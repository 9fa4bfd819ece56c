import Foundation

/// Precision, recall and F1 per category, recall per obfuscation kind, the
/// hard-negative false-positive rate, and the errors behind them, for
/// `offside eval` (a table, or JSON with `--json`).
public struct EvaluationReport: Sendable, Codable {
    public struct CategoryScore: Sendable, Codable {
        public var category: String
        public var truePositives: Int
        public var falsePositives: Int
        public var falseNegatives: Int
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
    }

    public struct ObfuscationScore: Sendable, Codable {
        public var kind: String
        public var messages: Int
        public var recalled: Int
        public var recall: Double?
    }

    /// One wrong call, for rule authors to look at.
    public struct ErrorCase: Sendable, Codable {
        public var messageID: String
        public var kind: String  // "missed" or "false_positive"
        public var category: String
        public var rules: [String]
        public var text: String
    }

    public var pack: String
    public var packSHA256: String
    public var messages: Int
    public var positives: Int
    public var hardNegatives: Int
    public var categories: [CategoryScore]
    public var obfuscation: [ObfuscationScore]
    public var obfuscatedRecall: Double?
    public var hardNegativeFalsePositives: Int
    public var hardNegativeFalsePositiveRate: Double?
    public var targets: Evaluation.Targets
    public var failedTargets: [String]
    public var errors: [ErrorCase]
    public var errorCount: Int
    /// What each rule that fired contributed, by rule id (`--per-rule`).
    public var rules: [RuleScore]

    /// One rule's calls on the labelled messages: the messages it flagged,
    /// how many of them carry its category's label, and how many of those
    /// no other rule of the category found (what removing it would lose).
    public struct RuleScore: Sendable, Codable {
        public var rule: String
        public var category: String
        public var messages: Int
        public var truePositives: Int
        public var falsePositives: Int
        public var onlyFinder: Int
    }

    init(messages: [LabelledMessage], found: [String: [Finding]], pack: RulePack, targets: Evaluation.Targets, errorLimit: Int) {
        self.pack = "\(pack.name) v\(pack.version)"
        self.packSHA256 = pack.sha256
        self.messages = messages.count
        self.positives = messages.filter { !$0.labels.isEmpty }.count
        self.hardNegatives = messages.filter(\.hardNegative).count
        self.targets = targets

        var errors: [ErrorCase] = []
        var scores: [CategoryScore] = []
        for category in Category.allCases {
            var tp = 0, fp = 0, fn = 0
            for message in messages {
                let findings = found[message.id] ?? []
                let detected = findings.contains { $0.category == category }
                let labelled = message.labels.contains(category)
                switch (labelled, detected) {
                case (true, true): tp += 1
                case (false, true):
                    fp += 1
                    errors.append(ErrorCase(messageID: message.id, kind: "false_positive", category: category.rawValue,
                                            rules: findings.filter { $0.category == category }.map(\.rule), text: message.text))
                case (true, false):
                    fn += 1
                    errors.append(ErrorCase(messageID: message.id, kind: "missed", category: category.rawValue, rules: [],
                                            text: message.text))
                case (false, false): break
                }
            }
            let precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : nil
            let recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : nil
            let f1 = precision.flatMap { p in recall.map { r in p + r > 0 ? 2 * p * r / (p + r) : 0 } }
            scores.append(CategoryScore(category: category.rawValue, truePositives: tp, falsePositives: fp, falseNegatives: fn,
                                        precision: precision, recall: recall, f1: f1))
        }
        self.categories = scores

        // A disguised message is recalled when every category it contains
        // (other than a refusal) is found.
        func recalled(_ message: LabelledMessage) -> Bool {
            let found = Set((found[message.id] ?? []).map(\.category))
            return message.labels.subtracting([.refusal]).isSubset(of: found)
        }
        let disguised = messages.filter { !$0.obfuscation.isEmpty && !$0.labels.subtracting([.refusal]).isEmpty }
        let kinds = Set(disguised.flatMap(\.obfuscation)).sorted()
        self.obfuscation = kinds.map { kind in
            let subset = disguised.filter { $0.obfuscation.contains(kind) }
            let hits = subset.filter(recalled).count
            return ObfuscationScore(kind: kind, messages: subset.count, recalled: hits,
                                    recall: subset.isEmpty ? nil : Double(hits) / Double(subset.count))
        }
        let disguisedHits = disguised.filter(recalled).count
        self.obfuscatedRecall = disguised.isEmpty ? nil : Double(disguisedHits) / Double(disguised.count)

        let hardFalse = messages.filter { message in
            message.hardNegative && (found[message.id] ?? []).contains { !message.labels.contains($0.category) }
        }.count
        self.hardNegativeFalsePositives = hardFalse
        self.hardNegativeFalsePositiveRate = hardNegatives > 0 ? Double(hardFalse) / Double(hardNegatives) : nil

        var failed: [String] = []
        for score in scores {
            if let p = score.precision, p < targets.precision { failed.append("\(score.category) precision \(Self.format(p))") }
            if let r = score.recall, r < targets.recall { failed.append("\(score.category) recall \(Self.format(r))") }
        }
        if let r = obfuscatedRecall, r < targets.obfuscatedRecall { failed.append("obfuscated recall \(Self.format(r))") }
        if let rate = hardNegativeFalsePositiveRate, rate > targets.hardNegativeFalsePositiveRate {
            failed.append("hard-negative false-positive rate \(Self.format(rate))")
        }
        self.failedTargets = failed
        self.rules = Self.ruleScores(messages: messages, found: found)
        self.errorCount = errors.count
        self.errors = Array(errors.sorted { ($0.category, $0.kind, $0.messageID) < ($1.category, $1.kind, $1.messageID) }
            .prefix(errorLimit))
    }

    private static func ruleScores(messages: [LabelledMessage], found: [String: [Finding]]) -> [RuleScore] {
        var scores: [String: RuleScore] = [:]
        for message in messages {
            var byCategory: [Category: Set<String>] = [:]
            for finding in found[message.id] ?? [] { byCategory[finding.category, default: []].insert(finding.rule) }
            for (category, rules) in byCategory {
                let labelled = message.labels.contains(category)
                for rule in rules {
                    var score = scores[rule] ?? RuleScore(rule: rule, category: category.rawValue, messages: 0, truePositives: 0,
                                                          falsePositives: 0, onlyFinder: 0)
                    score.messages += 1
                    if labelled {
                        score.truePositives += 1
                        if rules.count == 1 { score.onlyFinder += 1 }
                    } else {
                        score.falsePositives += 1
                    }
                    scores[rule] = score
                }
            }
        }
        return scores.values.sorted { ($0.category, $0.rule) < ($1.category, $1.rule) }
    }

    /// The per-rule table: every rule that fired, with its true and false
    /// positives and the labelled messages only it found.
    public var ruleTable: String {
        var lines = ["rule                                                   messages    TP    FP  only it"]
        for r in rules {
            lines.append(r.rule.padding(toLength: 54, withPad: " ", startingAt: 0)
                + String(format: "%9d %5d %5d %8d", r.messages, r.truePositives, r.falsePositives, r.onlyFinder))
        }
        let silent = rules.isEmpty ? "no rule fired" : "\(rules.count) rules fired; rules not listed found nothing here"
        lines.append(silent)
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double?) -> String {
        guard let value else { return "    -" }
        return String(format: "%.3f", value)
    }

    /// The report as an aligned text table.
    public var table: String { table(blind: false) }

    /// The report with the errors' texts left out, for `--json --blind`.
    public var withoutTexts: EvaluationReport {
        var copy = self
        copy.errors = errors.map { var e = $0; e.text = ""; return e }
        return copy
    }

    /// The table; `blind` lists errors by message id and rule only (for
    /// holdout sets, whose texts rule authors should not read).
    public func table(blind: Bool) -> String {
        var lines: [String] = []
        lines.append("\(pack) on \(messages) labelled messages (\(positives) with labels, \(hardNegatives) hard negatives)")
        lines.append("")
        lines.append("category                  TP    FP    FN   precision  recall     F1")
        for s in categories {
            lines.append(s.category.padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(format: "%5d %5d %5d", s.truePositives, s.falsePositives, s.falseNegatives)
                + "   " + Self.format(s.precision) + "      " + Self.format(s.recall) + "  " + Self.format(s.f1))
        }
        lines.append("")
        lines.append("obfuscation         messages  recalled  recall")
        for o in obfuscation {
            lines.append(o.kind.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(format: "%8d  %8d", o.messages, o.recalled) + "  " + Self.format(o.recall))
        }
        lines.append("all obfuscated" + String(repeating: " ", count: 24) + Self.format(obfuscatedRecall))
        lines.append("")
        lines.append("hard negatives with a false positive: \(hardNegativeFalsePositives) of \(hardNegatives) ("
            + (hardNegativeFalsePositiveRate.map { String(format: "%.1f%%", $0 * 100) } ?? "-") + ")")
        if !errors.isEmpty {
            lines.append("")
            lines.append("errors (\(errors.count) of \(errorCount)):")
            for e in errors {
                let rules = e.rules.isEmpty ? "" : " [\(Set(e.rules).sorted().joined(separator: ","))]"
                var line = "  \(e.kind == "missed" ? "MISS" : "FP  ") \(e.category) \(e.messageID)\(rules)"
                if !blind {
                    let text = e.text.count > 110 ? String(e.text.prefix(107)) + "..." : e.text
                    line += ": " + text.replacingOccurrences(of: "\n", with: " ")
                }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append(failedTargets.isEmpty ? "targets met (precision ≥ \(targets.precision), recall ≥ \(targets.recall), obfuscated recall ≥ \(targets.obfuscatedRecall), hard-negative FP rate ≤ \(targets.hardNegativeFalsePositiveRate))"
                     : "targets missed: " + failedTargets.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}
