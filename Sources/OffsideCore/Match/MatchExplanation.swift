/// What a pack's patterns do with one message, for rule authors (`offside
/// rules explain`): every span the engine matched, with its rule and the step
/// that kept or dropped it. The scan path itself never builds this; it
/// repeats the resolver's checks on one message, off the hot path.
///
/// Threading: stateless; each call uses its own scratch.
public enum MatchExplanation {
    public enum Outcome: String, Sendable {
        case found = "found"
        case validator = "dropped by its validator"
        case context = "dropped by its context words"
        case resolved = "dropped: overlapped by a longer match of its rule, or suppressed by a refusal or an allowlist"
        /// An allowlist that passed its context: it cancels what it allows.
        case allowlist = "an allowlist: it fired, so it cancels those categories in its scope"
    }

    public struct Entry: Sendable, Equatable {
        public var rule: String
        public var category: String
        /// The matched normalised text.
        public var matched: String
        public var outcome: Outcome
    }

    /// The longest match at each start of each rule, in text order.
    /// `foundRules` are the rules the scan path gave findings for.
    public static func entries(for text: String, compiled: CompiledRulePack, foundRules: Set<String>) -> [Entry] {
        let normalized = NormalizedText()
        let original = Array(text.utf8)
        let span = original.withUnsafeBytes { TextNormalizer().append($0, to: normalized) }
        let message = UnsafeRawBufferPointer(start: normalized.bytes.base + Int(span.start), count: span.count)
        let scratch = PatternScratch(database: compiled.database)
        scratch.scan(message)
        var longest: [Int: (rule: Int, from: Int, to: Int)] = [:]  // keyed by rule and start
        for k in 0..<scratch.matches.count {
            let m = scratch.matches[k]
            let rule = Int(compiled.database.ruleIndexOfPattern[Int(m.pattern)])
            let key = rule << 32 | Int(m.from)
            if longest[key].map({ Int(m.to) > $0.to }) ?? true { longest[key] = (rule, Int(m.from), Int(m.to)) }
        }
        return original.withUnsafeBytes { originalBytes in
            longest.values.sorted { ($0.from, $0.rule) < ($1.from, $1.rule) }.map { match in
                let rule = compiled.pack.rules[match.rule]
                let local = match.from..<match.to
                let range = normalized.originalRange(from: Int(span.start) + match.from, to: Int(span.start) + match.to, span: span)
                var outcome = Outcome.found
                if rule.validator != .none, !compiled.validator.accepts(rule.validator, MatchValidator.Site(
                    normalized: message, local: local, original: originalBytes, range: range)) {
                    outcome = .validator
                } else if let context = compiled.contexts[match.rule], !context.accepts(message: message, match: local, disguised: {
                    DisguisedMatch.isDisguised(original: UnsafeRawBufferPointer(rebasing: originalBytes[range]),
                                               normalized: UnsafeRawBufferPointer(rebasing: message[local]))
                }) {
                    outcome = .context
                } else if rule.isAllowlist {
                    outcome = .allowlist
                } else if !foundRules.contains(rule.id) {
                    outcome = .resolved
                }
                let category = rule.isAllowlist ? "allows " + rule.suppresses.map(\.rawValue).joined(separator: ", ") : rule.category.rawValue
                return Entry(rule: rule.id, category: category,
                             matched: String(decoding: UnsafeRawBufferPointer(rebasing: message[local]), as: UTF8.self),
                             outcome: outcome)
            }
        }
    }
}
