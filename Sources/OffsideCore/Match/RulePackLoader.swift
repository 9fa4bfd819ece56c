import Foundation
import Yams

/// Reads a rule pack from YAML and checks it against the DESIGN.md shape:
/// known keys only (a typo is an error, not a silently ignored field), unique
/// dotted ids that start with their category, severities 1–5, at least one
/// pattern each, known validators, sane context windows.
///
/// Threading: stateless; safe from any thread.
public enum RulePackLoader {
    public static func load(path: String) throws(RulePackError) -> RulePack {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RulePackError(source: path, message: "cannot read the rule pack file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RulePackError(source: path, message: "the rule pack is not valid UTF-8")
        }
        return try load(yaml: text, source: path)
    }

    /// The pack compiled into the binary (Data/rules/default.yaml).
    public static func loadDefault() throws(RulePackError) -> RulePack {
        try load(yaml: DefaultRulePack.yaml, source: "built-in:\(DefaultRulePack.path)")
    }

    public static func load(yaml: String, source: String) throws(RulePackError) -> RulePack {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw RulePackError(source: source, message: "the rule pack is empty")
            }
            root = node
        } catch let error as RulePackError {
            throw error
        } catch {
            throw RulePackError(source: source, message: "not valid YAML: \(error)")
        }
        var reader = NodeReader(source: source)
        let top = try reader.mapping(root, allowed: ["pack", "version", "description", "platform_hosts", "portfolio_hosts", "rules",
                                                     "allowlists", "scorer"],
                                  what: "the pack")
        let name = try reader.string(top["pack"], at: root, what: "pack")
        guard name.range(of: #"^[a-z0-9][a-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw reader.error(root, "pack name '\(name)' must be lower-case letters, digits, '.', '_' or '-'")
        }
        let version = try reader.int(top["version"], at: root, what: "version")
        guard let rulesNode = top["rules"], let rulesSequence = rulesNode.sequence, !rulesSequence.isEmpty else {
            throw reader.error(root, "the pack needs a non-empty 'rules' list")
        }
        var rules: [Rule] = []
        var seen: [String: Int] = [:]
        func append(_ rule: Rule, at node: Node, what: String) throws(RulePackError) {
            if let firstLine = seen[rule.id] {
                throw RulePackError(source: source, line: node.mark?.line, ruleID: rule.id,
                                    message: "duplicate \(what) (first defined at line \(firstLine))")
            }
            seen[rule.id] = node.mark?.line ?? 0
            rules.append(rule)
        }
        let scorer = try top["scorer"].map { node throws(RulePackError) in try reader.scorer(node, packSource: source) }
        for node in rulesSequence {
            let rule = try reader.rule(node)
            if rule.scorerThreshold != nil {
                guard let scorer else {
                    throw RulePackError(source: source, line: node.mark?.line, ruleID: rule.id,
                                        message: "a 'scorer' rule needs the pack's 'scorer:' (built-in, or a path to a scorer file)")
                }
                guard scorer.categories.contains(rule.category) else {
                    throw RulePackError(source: source, line: node.mark?.line, ruleID: rule.id,
                                        message: "the scorer (\(scorer.source)) does not score \(rule.category.rawValue); it scores \(scorer.categories.map(\.rawValue).joined(separator: ", "))")
                }
            }
            try append(rule, at: node, what: "rule id")
        }
        // After the rules, so a rule's index does not depend on allowlists.
        if let allowNode = top["allowlists"] {
            guard let list = allowNode.sequence else { throw reader.error(allowNode, "'allowlists' must be a list") }
            for node in list { try append(reader.allowlist(node), at: node, what: "id") }
        }
        var allowedHosts: [String] = []
        for key in ["platform_hosts", "portfolio_hosts"] {
            for host in try reader.strings(top[key], what: key) {
                let lower = host.lowercased()
                guard lower.contains("."), !lower.contains("/"), !lower.contains(" ") else {
                    throw reader.error(top[key], "'\(host)' in \(key) is not a host name like example.com")
                }
                allowedHosts.append(lower)
            }
        }
        // The scorer's weights decide findings as much as the YAML does, so
        // a retrained scorer is a different pack.
        let digest = SHA256.hex(of: Array(yaml.utf8) + Array((scorer?.sha256 ?? "").utf8))
        var pack = RulePack(name: name, version: version, rules: rules, sha256: scorer == nil ? SHA256.hex(of: Array(yaml.utf8)) : digest,
                            source: source)
        pack.allowedHosts = allowedHosts
        pack.scorer = scorer
        return pack
    }
}

/// Typed reads from Yams nodes with errors that carry the YAML line.
private struct NodeReader {
    let source: String
    var ruleID: String?

    init(source: String) { self.source = source }

    func error(_ node: Node?, _ message: String) -> RulePackError {
        RulePackError(source: source, line: node?.mark?.line, ruleID: ruleID, message: message)
    }

    func mapping(_ node: Node, allowed: Set<String>, what: String) throws(RulePackError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping") }
        for (key, _) in mapping {
            let name = key.string ?? "?"
            if !allowed.contains(name) {
                throw error(key, "unknown key '\(name)' in \(what); expected one of \(allowed.sorted().joined(separator: ", "))")
            }
        }
        return mapping
    }

    func string(_ node: Node?, at parent: Node, what: String) throws(RulePackError) -> String {
        guard let node else { throw error(parent, "missing '\(what)'") }
        guard let scalar = node.scalar else { throw error(node, "'\(what)' must be a string") }
        return scalar.string
    }

    func int(_ node: Node?, at parent: Node, what: String) throws(RulePackError) -> Int {
        guard let node else { throw error(parent, "missing '\(what)'") }
        guard let value = node.int else { throw error(node, "'\(what)' must be a whole number") }
        return value
    }

    func strings(_ node: Node?, what: String) throws(RulePackError) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw error(node, "'\(what)' must be a list of strings") }
        var values: [String] = []
        for item in sequence {
            guard let scalar = item.scalar else { throw error(item, "'\(what)' must be a list of strings") }
            values.append(scalar.string)
        }
        return values
    }

    /// The pack's `scorer:`: `built-in`, or a scorer file's path (relative
    /// to the pack's own folder).
    func scorer(_ node: Node, packSource: String) throws(RulePackError) -> ScorerModel {
        let name = try string(node, at: node, what: "scorer")
        if name == "built-in" { return ScorerModel.builtIn }
        guard !packSource.hasPrefix("built-in:") else { return ScorerModel.builtIn }
        let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: packSource).deletingLastPathComponent().appendingPathComponent(name).path
        return try ScorerModel.load(path: path)
    }

    mutating func rule(_ node: Node) throws(RulePackError) -> Rule {
        ruleID = nil
        let allowed: Set<String> = ["id", "category", "severity", "description", "patterns", "validate", "context", "suppresses",
                                    "suppress_scope", "follows", "channel_only", "defers_to_contract", "examples", "scorer",
                                    "implied_by"]
        // The id is read before the keys are checked so that every error,
        // a misspelt key included, names the rule.
        if let id = node.mapping?["id"]?.scalar?.string { ruleID = id }
        let map = try mapping(node, allowed: allowed, what: "a rule")
        let id = try dottedID(map, at: node, example: "payment.method.paypal")
        let categoryName = try string(map["category"], at: node, what: "category")
        guard let category = Category(rawValue: categoryName) else {
            throw error(map["category"], "unknown category '\(categoryName)'; the taxonomy is \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard id.hasPrefix(category.rawValue + ".") else {
            throw error(map["id"], "id must start with its category '\(category.rawValue).'")
        }
        let severity = try int(map["severity"], at: node, what: "severity")
        guard (1...5).contains(severity) else { throw error(map["severity"], "severity must be 1 (weak) to 5 (certain violation), got \(severity)") }
        let description = try map["description"].map { n throws(RulePackError) in try string(n, at: node, what: "description") } ?? ""
        if let scorerNode = map["scorer"] {
            return try scorerRule(map, scorerNode, at: node, id: id, category: category, severity: severity, description: description)
        }
        if let impliedNode = map["implied_by"] {
            return try impliedRule(map, impliedNode, at: node, id: id, category: category, severity: severity, description: description)
        }
        let patterns = try patterns(map, at: node)

        var validator = ValidatorKind.none
        if let validateNode = map["validate"] {
            let name = try string(validateNode, at: node, what: "validate")
            guard let kind = ValidatorKind(rawValue: name) else {
                throw error(validateNode, "unknown validator '\(name)'; known: \(ValidatorKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            validator = kind
        }
        let context = try context(map)

        var suppresses: [Category] = []
        for name in try strings(map["suppresses"], what: "suppresses") {
            guard let suppressed = Category(rawValue: name) else {
                throw error(map["suppresses"], "unknown category '\(name)' in suppresses")
            }
            guard suppressed != category else { throw error(map["suppresses"], "a rule cannot suppress its own category") }
            suppresses.append(suppressed)
        }
        let scope = try suppressScope(map, at: node, key: "suppress_scope", default: .clause)
        guard map["suppress_scope"] == nil || !suppresses.isEmpty else {
            throw error(map["suppress_scope"], "suppress_scope without suppresses")
        }
        var follows: [Category] = []
        for name in try strings(map["follows"], what: "follows") {
            guard let followed = Category(rawValue: name) else {
                throw error(map["follows"], "unknown category '\(name)' in follows; the taxonomy is \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !follows.contains(followed) { follows.append(followed) }
        }
        guard map["follows"] == nil || !follows.isEmpty else {
            throw error(map["follows"], "follows needs at least one category (or leave it out)")
        }
        let channelOnly = try flag(map, "channel_only")
        guard !channelOnly || category == .contactMessenger else {
            throw error(map["channel_only"], "channel_only is for contact.messenger rules that name a channel without giving a handle")
        }
        let defersToContract = try flag(map, "defers_to_contract")
        guard !defersToContract || category == .refusal else {
            throw error(map["defers_to_contract"], "defers_to_contract is for refusal rules that put a call off until the contract")
        }
        let (matchExamples, noMatchExamples) = try examples(map)
        return Rule(id: id, category: category, severity: severity, description: description, patterns: patterns,
                    validator: validator, context: context, suppresses: suppresses, suppressScope: scope,
                    follows: follows, channelOnly: channelOnly, defersToContract: defersToContract, matchExamples: matchExamples,
                    noMatchExamples: noMatchExamples)
    }

    /// A rule that fires on the scorer's probability instead of patterns:
    /// `scorer: 0.7` is the threshold.
    private func scorerRule(_ map: Node.Mapping, _ scorerNode: Node, at node: Node, id: String, category: Category,
                            severity: Int, description: String) throws(RulePackError) -> Rule {
        for key in ["patterns", "validate", "context", "suppresses", "suppress_scope", "follows", "channel_only", "defers_to_contract"] where map[key] != nil {
            throw error(map[key], "a 'scorer' rule reads the scorer's probability; it takes no '\(key)'")
        }
        guard let threshold = scorerNode.scalar.flatMap({ Double($0.string) }), threshold > 0, threshold < 1 else {
            throw error(scorerNode, "'scorer' is the probability at which the rule fires, between 0 and 1 (like 0.7)")
        }
        let (matchExamples, noMatchExamples) = try examples(map)
        return Rule(id: id, category: category, severity: severity, description: description, patterns: [], validator: .none,
                    context: nil, scorerThreshold: threshold, matchExamples: matchExamples, noMatchExamples: noMatchExamples)
    }

    /// A rule that fires on the categories a message's other findings have:
    /// `implied_by: [payment.method, payment.fee_avoidance]`.
    private func impliedRule(_ map: Node.Mapping, _ impliedNode: Node, at node: Node, id: String, category: Category,
                             severity: Int, description: String) throws(RulePackError) -> Rule {
        for key in ["patterns", "validate", "context", "suppresses", "suppress_scope", "follows", "channel_only", "defers_to_contract"] where map[key] != nil {
            throw error(map[key], "an 'implied_by' rule fires on the categories of a message's other findings; it takes no '\(key)'")
        }
        var implied: [Category] = []
        for name in try strings(impliedNode, what: "implied_by") {
            guard let implying = Category(rawValue: name) else {
                throw error(impliedNode, "unknown category '\(name)' in implied_by; the taxonomy is \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard implying != category else { throw error(impliedNode, "a rule cannot be implied by its own category") }
            guard implying != .refusal else { throw error(impliedNode, "a refusal implies nothing: it declines") }
            if !implied.contains(implying) { implied.append(implying) }
        }
        guard implied.count >= 2 else {
            throw error(impliedNode, "implied_by needs at least two categories (one alone is that category's own finding)")
        }
        let (matchExamples, noMatchExamples) = try examples(map)
        return Rule(id: id, category: category, severity: severity, description: description, patterns: [], validator: .none,
                    context: nil, impliedBy: implied, matchExamples: matchExamples, noMatchExamples: noMatchExamples)
    }

    /// An entry of `allowlists`: patterns (and context) whose match cancels
    /// the `allows` categories in its message (`scope: message`, the default)
    /// or clause, and gives no finding of its own.
    mutating func allowlist(_ node: Node) throws(RulePackError) -> Rule {
        ruleID = nil
        if let id = node.mapping?["id"]?.scalar?.string { ruleID = id }
        let map = try mapping(node, allowed: ["id", "description", "allows", "scope", "patterns", "context", "examples"],
                              what: "an allowlist")
        let id = try dottedID(map, at: node, example: "allow.scam_warning")
        guard id.hasPrefix("allow.") else { throw error(map["id"], "an allowlist id must start with 'allow.'") }
        let description = try map["description"].map { n throws(RulePackError) in try string(n, at: node, what: "description") } ?? ""
        var allows: [Category] = []
        for name in try strings(map["allows"], what: "allows") {
            guard let category = Category(rawValue: name) else {
                throw error(map["allows"], "unknown category '\(name)' in allows; the taxonomy is \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            allows.append(category)
        }
        guard let first = allows.first else { throw error(node, "an allowlist needs a non-empty 'allows' list of categories") }
        let (matchExamples, noMatchExamples) = try examples(map)
        var rule = Rule(id: id, category: first, severity: 1, description: description, patterns: try patterns(map, at: node),
                        validator: .none, context: try context(map), suppresses: allows,
                        suppressScope: try suppressScope(map, at: node, key: "scope", default: .message),
                        matchExamples: matchExamples, noMatchExamples: noMatchExamples)
        rule.isAllowlist = true
        return rule
    }

    private mutating func dottedID(_ map: Node.Mapping, at node: Node, example: String) throws(RulePackError) -> String {
        let id = try string(map["id"], at: node, what: "id")
        ruleID = id
        guard id.range(of: #"^[a-z0-9_]+(\.[a-z0-9_]+)+$"#, options: .regularExpression) != nil else {
            throw error(map["id"], "id must be dotted lower-case words, like \(example)")
        }
        return id
    }

    private func patterns(_ map: Node.Mapping, at node: Node) throws(RulePackError) -> [RulePattern] {
        guard let patternsNode = map["patterns"], let patternList = patternsNode.sequence, !patternList.isEmpty else {
            throw error(node, "a rule needs a non-empty 'patterns' list")
        }
        var patterns: [RulePattern] = []
        for item in patternList {
            let entry = try mapping(item, allowed: ["literal", "regex"], what: "a pattern")
            switch (entry["literal"], entry["regex"]) {
            case (let literal?, nil):
                let text = try string(literal, at: item, what: "literal")
                guard !text.isEmpty else { throw error(item, "an empty literal matches everything") }
                patterns.append(.literal(text))
            case (nil, let regex?):
                let text = try string(regex, at: item, what: "regex")
                guard !text.isEmpty else { throw error(item, "an empty regex matches everything") }
                patterns.append(.regex(text))
            default:
                throw error(item, "a pattern has exactly one of 'literal' or 'regex'")
            }
        }
        return patterns
    }

    private func context(_ map: Node.Mapping) throws(RulePackError) -> ContextRule? {
        guard let contextNode = map["context"] else { return nil }
        let c = try mapping(contextNode, allowed: ["within", "any", "none", "negated_by"], what: "context")
        let within = try c["within"].map { n throws(RulePackError) in try int(n, at: contextNode, what: "within") } ?? 60
        guard (1...4096).contains(within) else { throw error(contextNode, "context.within must be 1–4096 bytes") }
        let any = try strings(c["any"], what: "context.any").map { $0.lowercased() }
        let none = try strings(c["none"], what: "context.none").map { $0.lowercased() }
        let negatedBy = try strings(c["negated_by"], what: "context.negated_by").map { $0.lowercased() }
        guard !any.isEmpty || !none.isEmpty || !negatedBy.isEmpty else {
            throw error(contextNode, "context needs 'any', 'none' or 'negated_by' words")
        }
        guard !(any + none + negatedBy).contains(where: { $0.isEmpty || $0 == "\\b" || $0 == "\u{8}" }) else { throw error(contextNode, "context words must not be empty (nor only `\\b`)") }
        return ContextRule(within: within, any: any, none: none, negatedBy: negatedBy)
    }

    /// A rule's true/false key; false when left out.
    private func flag(_ map: Node.Mapping, _ key: String) throws(RulePackError) -> Bool {
        guard let node = map[key] else { return false }
        guard let value = node.scalar?.string, value == "true" || value == "false" else {
            throw error(node, "\(key) is true or false")
        }
        return value == "true"
    }

    private func suppressScope(_ map: Node.Mapping, at node: Node, key: String,
                               default fallback: SuppressScope) throws(RulePackError) -> SuppressScope {
        guard let scopeNode = map[key] else { return fallback }
        let name = try string(scopeNode, at: node, what: key)
        guard let scope = SuppressScope(rawValue: name) else {
            throw error(scopeNode, "\(key) must be clause, message, block, quoted or fenced, got '\(name)'")
        }
        return scope
    }

    private func examples(_ map: Node.Mapping) throws(RulePackError) -> (match: [String], noMatch: [String]) {
        guard let examplesNode = map["examples"] else { return ([], []) }
        let e = try mapping(examplesNode, allowed: ["match", "no_match"], what: "examples")
        return (try strings(e["match"], what: "examples.match"), try strings(e["no_match"], what: "examples.no_match"))
    }
}
