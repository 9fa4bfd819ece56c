/// What the scorer made of one text, for `rules explain`: per scorer rule,
/// the probability against the rule's threshold and the grams that pushed
/// it up most. The rules' findings say what fired; this says how near the
/// scorer came, which is what a rule author tuning a threshold needs.
///
/// Threading: stateless; safe from any thread.
public enum ScoreExplanation {
    public struct Entry: Sendable {
        public var rule: String
        public var category: Category
        public var probability: Double
        public var threshold: Double
        public var grams: [(gram: String, weight: Double)]
    }

    public static func entries(for text: String, compiled: CompiledRulePack) -> [Entry] {
        guard let model = compiled.pack.scorer, !compiled.scorerRules.isEmpty else { return [] }
        let scorer = MessageScorer(model: model)
        let normalized = Array(RuleExamples.normalized(text).utf8)
        return normalized.withUnsafeBytes { bytes in
            scorer.score(bytes)
            return compiled.scorerRules.map { scored in
                Entry(rule: compiled.pack.rules[Int(scored.rule)].id, category: scored.category,
                      probability: scorer.probabilities[scored.column], threshold: scored.threshold,
                      grams: scorer.strongestGrams(in: bytes, category: scored.category))
            }
        }
    }
}
