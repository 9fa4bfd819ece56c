/// How a new rule pack differs from a baseline: which rules were added,
/// removed or changed, and per rule which messages it flags that it did not
/// (gained) or no longer flags (lost), with example message ids.
public struct PackDiff: Sendable, Codable {
    public struct RuleChange: Sendable, Codable {
        public enum Status: String, Sendable, Codable { case added, removed, changed, unchanged }
        public var rule: String
        public var status: Status
        /// What differs for a changed rule: patterns, validator, context, …
        public var fields: [String]
        public var baselineMessages: Int
        public var newMessages: Int
        public var gained: Int
        public var lost: Int
        public var gainedExamples: [String]
        public var lostExamples: [String]
    }

    public var added: [String]
    public var removed: [String]
    public var changed: [String]
    /// Every rule of either pack, new pack's order first, then removed ones.
    public var rules: [RuleChange]

    public init(baseline: RulePack, new: RulePack, baselineFindings: [String: RuleFindings],
                newFindings: [String: RuleFindings], examples: Int) {
        let old = Dictionary(baseline.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.rules.map(\.id))
        var rules: [RuleChange] = []
        func change(_ id: String, _ status: RuleChange.Status, _ fields: [String]) -> RuleChange {
            let before = baselineFindings[id] ?? RuleFindings()
            let after = newFindings[id] ?? RuleFindings()
            let gained = after.messages.filter { !before.messageSet.contains($0) }
            let lost = before.messages.filter { !after.messageSet.contains($0) }
            return RuleChange(rule: id, status: status, fields: fields, baselineMessages: before.messages.count,
                              newMessages: after.messages.count, gained: gained.count, lost: lost.count,
                              gainedExamples: Array(gained.prefix(examples)), lostExamples: Array(lost.prefix(examples)))
        }
        for rule in new.rules {
            guard let previous = old[rule.id] else {
                rules.append(change(rule.id, .added, []))
                continue
            }
            let fields = Self.differences(previous, rule)
            rules.append(change(rule.id, fields.isEmpty ? .unchanged : .changed, fields))
        }
        for rule in baseline.rules where !newIDs.contains(rule.id) { rules.append(change(rule.id, .removed, [])) }
        self.rules = rules
        added = rules.filter { $0.status == .added }.map(\.rule)
        removed = rules.filter { $0.status == .removed }.map(\.rule)
        changed = rules.filter { $0.status == .changed }.map(\.rule)
    }

    /// The fields that change what a rule finds or how it is judged;
    /// description and examples are documentation.
    public static func differences(_ a: Rule, _ b: Rule) -> [String] {
        var fields: [String] = []
        if a.patterns != b.patterns { fields.append("patterns") }
        if a.category != b.category { fields.append("category") }
        if a.severity != b.severity { fields.append("severity") }
        if a.validator != b.validator { fields.append("validator") }
        if a.context != b.context { fields.append("context") }
        if a.suppresses != b.suppresses || a.suppressScope != b.suppressScope { fields.append("suppresses") }
        return fields
    }
}
