/// A rule pack ready to scan with: its Vectorscan database and each rule's
/// validator and context matcher. Built once per run, before any input is
/// read, so a pack that does not compile stops the run before scanning.
///
/// Threading: immutable; shared by all workers.
public final class CompiledRulePack: Sendable {
    public let pack: RulePack
    public let database: PatternDatabase
    let contexts: [ContextMatcher?]
    /// Each rule's validator, category and suppressions, by rule index.
    let traits: [RuleTraits]
    let validator: MatchValidator
    /// Whether any rule suppresses other categories (refusals, allowlists).
    let hasSuppressors: Bool
    /// The rules that read the pack's scorer, in pack order.
    let scorerRules: [ScorerRule]
    /// The rules implied by other categories' findings (`implied_by`), in pack order.
    let impliedRules: [ImpliedRule]

    /// - Parameter extraAllowedHosts: more portfolio hosts (`--allow-host`).
    /// - Parameter cache: where compiled databases are kept between runs.
    public init(_ pack: RulePack, extraAllowedHosts: [String] = [], cache: PatternDatabaseCache? = nil,
                layout: MatcherLayout = .preferred) throws(RulePackError) {
        self.pack = pack
        self.database = try PatternDatabase(pack: pack, cache: cache, layout: layout)
        self.contexts = pack.rules.map { rule in rule.context.map { ContextMatcher($0, category: rule.isAllowlist ? nil : rule.category) } }
        self.traits = pack.rules.map(RuleTraits.init)
        self.validator = MatchValidator(urls: URLValidator(allowedHosts: pack.allowedHosts + extraAllowedHosts))
        self.hasSuppressors = traits.contains { $0.suppressesAny }
        self.scorerRules = pack.rules.indices.compactMap { index in
            let rule = pack.rules[index]
            guard let threshold = rule.scorerThreshold, let column = pack.scorer?.categories.firstIndex(of: rule.category) else { return nil }
            return ScorerRule(rule: Int32(index), category: rule.category, column: column, threshold: threshold)
        }
        self.impliedRules = pack.rules.indices.compactMap { index in
            let rule = pack.rules[index]
            guard !rule.impliedBy.isEmpty else { return nil }
            return ImpliedRule(rule: Int32(index), category: UInt32(1) << UInt32(rule.category.ordinal),
                               required: rule.impliedBy.reduce(0) { $0 | UInt32(1) << UInt32($1.ordinal) })
        }
    }
}

/// A rule that fires on the scorer's probability for its category.
struct ScorerRule: Sendable {
    var rule: Int32
    var category: Category
    /// The category's column in the scorer.
    var column: Int
    var threshold: Double
}

/// A rule that fires where a message's findings have every `required`
/// category and not its own (`Rule.impliedBy`); both are category bits
/// (`Category.ordinal`).
struct ImpliedRule: Sendable {
    var rule: Int32
    var category: UInt32
    var required: UInt32
}
