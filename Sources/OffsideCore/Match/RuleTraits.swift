/// What the resolver reads of a rule for every match, as a plain value:
/// reading a `Rule` out of the pack copies its strings and arrays (a dozen
/// retains), which showed in the profile at every match.
///
/// Threading: a value.
struct RuleTraits: Sendable {
    let validator: ValidatorKind
    let category: Category
    /// One bit per category the rule's matches cancel (`Category.ordinal`).
    let suppressedCategories: UInt32
    let suppressScope: SuppressScope
    /// False for an allowlist: its matches cancel and are then dropped.
    let emitsFindings: Bool

    init(_ rule: Rule) {
        validator = rule.validator
        category = rule.category
        suppressedCategories = rule.suppresses.reduce(0) { $0 | 1 << UInt32($1.ordinal) }
        suppressScope = rule.suppressScope
        emitsFindings = !rule.isAllowlist
    }

    var suppressesAny: Bool { suppressedCategories != 0 }

    func suppresses(_ category: Category) -> Bool { suppressedCategories & 1 << UInt32(category.ordinal) != 0 }
}
