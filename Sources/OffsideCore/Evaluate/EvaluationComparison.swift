import Foundation

/// Two rule packs scored on the same labelled messages (`offside eval
/// --baseline OLD.yaml`): each pack's scores side by side, and every call
/// that differs — a message now found or now missed for a category it is
/// labelled with, a false positive added or gone — with the rules behind it.
/// What a rule author needs before shipping a change, without diffing two
/// tables by hand.
///
/// Threading: a value.
public struct EvaluationComparison: Sendable, Codable {
    /// One message whose call for one category differs between the packs.
    public struct Change: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable {
            case nowFound = "now_found"          // labelled, found only by the new pack
            case nowMissed = "now_missed"        // labelled, found only by the baseline
            case newFalsePositive = "new_false_positive"
            case falsePositiveGone = "false_positive_gone"
        }
        public var messageID: String
        public var category: String
        public var kind: Kind
        /// The rules of that category that fired: the new pack's for a call
        /// it makes, the baseline's for one it no longer makes.
        public var rules: [String]
        public var text: String
    }

    public var baseline: EvaluationReport
    public var new: EvaluationReport
    public var changes: [Change]
    public var changeCount: Int

    init(messages: [LabelledMessage], before: [String: [Finding]], after: [String: [Finding]], baseline: RulePack, pack: RulePack,
         targets: Evaluation.Targets, changeLimit: Int) {
        self.baseline = EvaluationReport(messages: messages, found: before, pack: baseline, targets: targets, errorLimit: 0)
        self.new = EvaluationReport(messages: messages, found: after, pack: pack, targets: targets, errorLimit: 0)
        var changes: [Change] = []
        for category in Category.allCases {
            for message in messages {
                let was = (before[message.id] ?? []).filter { $0.category == category }
                let now = (after[message.id] ?? []).filter { $0.category == category }
                guard was.isEmpty != now.isEmpty else { continue }
                let labelled = message.labels.contains(category)
                let kind: Change.Kind = now.isEmpty ? (labelled ? .nowMissed : .falsePositiveGone)
                                                    : (labelled ? .nowFound : .newFalsePositive)
                let rules = Set((now.isEmpty ? was : now).map(\.rule)).sorted()
                changes.append(Change(messageID: message.id, category: category.rawValue, kind: kind, rules: rules, text: message.text))
            }
        }
        self.changeCount = changes.count
        self.changes = Array(changes.prefix(changeLimit))
    }

    /// The comparison as text; `blind` leaves the messages' texts out (for
    /// holdout sets, whose texts rule authors should not read).
    public func table(blind: Bool) -> String {
        var lines: [String] = []
        lines.append("\(baseline.messages) labelled messages (\(baseline.positives) with labels, \(baseline.hardNegatives) hard negatives)")
        lines.append("baseline: \(baseline.pack) (sha256 \(baseline.packSHA256.prefix(16))…)")
        lines.append("new:      \(new.pack) (sha256 \(new.packSHA256.prefix(16))…)")
        lines.append("")
        lines.append("category                  precision          recall             TP        FP        FN")
        for (old, now) in zip(baseline.categories, new.categories) {
            let labelled = old.truePositives + old.falseNegatives
            let any = labelled + old.falsePositives + now.falsePositives
            guard any > 0 else { continue }
            let changed = old.truePositives != now.truePositives || old.falsePositives != now.falsePositives
            lines.append(now.category.padding(toLength: 24, withPad: " ", startingAt: 0)
                + "  " + Self.pair(old.precision, now.precision) + "  " + Self.pair(old.recall, now.recall)
                + "  " + Self.counts(old.truePositives, now.truePositives) + Self.counts(old.falsePositives, now.falsePositives)
                + Self.counts(old.falseNegatives, now.falseNegatives) + (changed ? "  *" : ""))
        }
        lines.append("obfuscated recall         " + Self.pair(baseline.obfuscatedRecall, new.obfuscatedRecall))
        lines.append("hard negatives with a false positive: \(baseline.hardNegativeFalsePositives) → \(new.hardNegativeFalsePositives) of \(new.hardNegatives)")
        lines.append("")
        if changeCount == 0 {
            lines.append("no call changed")
        } else {
            lines.append("calls changed (\(changes.count) of \(changeCount)):")
            for c in changes {
                let label: String
                switch c.kind {
                case .nowFound: label = "FOUND  "
                case .nowMissed: label = "LOST   "
                case .newFalsePositive: label = "NEW FP "
                case .falsePositiveGone: label = "FP GONE"
                }
                var line = "  \(label) \(c.category) \(c.messageID) [\(c.rules.joined(separator: ","))]"
                if !blind {
                    let text = c.text.count > 100 ? String(c.text.prefix(97)) + "..." : c.text
                    line += ": " + text.replacingOccurrences(of: "\n", with: " ")
                }
                lines.append(line)
            }
        }
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }

    /// The comparison with texts left out, for `--json --blind`.
    public var withoutTexts: EvaluationComparison {
        var copy = self
        copy.changes = changes.map { var c = $0; c.text = ""; return c }
        return copy
    }

    private static func pair(_ a: Double?, _ b: Double?) -> String {
        let text = EvaluationReport.format(a) + " → " + EvaluationReport.format(b)
        return text.padding(toLength: 17, withPad: " ", startingAt: 0)
    }

    private static func counts(_ a: Int, _ b: Int) -> String {
        let text = a == b ? "\(a)" : "\(a)→\(b)"
        return text.padding(toLength: 10, withPad: " ", startingAt: 0)
    }
}
