/// Rule packs grown with generated rules, to measure how matcher cost grows
/// with pack size (the 1k and 10k benchmarks, `offside rules synthetic`).
/// Each rule names an invented payment app or messenger: a literal word
/// and, for every fifth rule, a handle regex after it, the shape most
/// added rules have. The words are seeded and deterministic, and
/// nine-plus letters long so they almost never occur in real text.
public enum SyntheticRules {
    public static func extend(_ pack: RulePack, by count: Int, seed: UInt64 = 1) -> RulePack {
        var extended = pack
        extended.name = "\(pack.name)+synthetic\(count)"
        extended.rules += make(count: count, seed: seed)
        extended.sha256 = SHA256.hex(of: Array("\(pack.sha256) synthetic \(count) \(seed)".utf8))
        extended.source = "\(pack.source) + \(count) synthetic rules"
        return extended
    }

    public static func make(count: Int, seed: UInt64 = 1) -> [Rule] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let consonants = Array("bcdfghjklmnprstvz"), vowels = Array("aeiou")
        var seen = Set<String>()
        var rules: [Rule] = []
        while rules.count < count {
            var word = ""
            for index in 0..<(9 + Int(next() % 4)) {
                let letters = index % 2 == 0 ? consonants : vowels
                word.append(letters[Int(next() % UInt64(letters.count))])
            }
            guard seen.insert(word).inserted else { continue }
            let index = rules.count
            let payment = index % 2 == 0
            var patterns: [RulePattern] = [.literal(word)]
            if index % 5 == 0 { patterns.append(.regex("\\b\(word)[ ._-]?(pay|id|me)[/:@ ]+[a-z0-9_.-]{3,}")) }
            rules.append(Rule(id: "\(payment ? "payment.method" : "contact.messenger").synthetic_\(index)",
                              category: payment ? .paymentMethod : .contactMessenger, severity: 2,
                              description: "Generated: names the invented app '\(word)'.", patterns: patterns,
                              validator: .none, context: nil, matchExamples: ["pay me on \(word)"],
                              noMatchExamples: ["see you tomorrow"]))
        }
        return rules
    }
}
