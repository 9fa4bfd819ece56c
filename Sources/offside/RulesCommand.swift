import Foundation
import ArgumentParser
import OffsideCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check and inspect rule packs.",
        subcommands: [Test.self, Explain.self, List.self, ExportLiterals.self]
    )

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's match / no_match examples; exit 1 on any failure.",
            discussion: "Each example is scanned as a real message would be: normalised, matched, validated, context-checked."
        )

        @Argument(help: ArgumentHelp("Rule pack YAML (default: the built-in pack).", valueName: "pack.yaml"))
        var pack: String?

        func run() throws {
            let compiled = try RulePackOption.compile(path: pack)
            let outcome = RuleExamples.run(compiled)
            for failure in outcome.failures { print("FAIL \(failure)") }
            for id in outcome.rulesWithoutExamples { print("warning: rule \(id) lacks match or no_match examples") }
            let passed = outcome.examples - outcome.failures.count
            let allowlists = compiled.pack.rules.filter(\.isAllowlist).count
            let counted = allowlists == 0 ? "" : ", \(allowlists) allowlist\(allowlists == 1 ? "" : "s")"
            print("\(compiled.pack.name) v\(compiled.pack.version): \(compiled.pack.rules.count - allowlists) rules\(counted), \(outcome.examples) examples")
            print("\(passed) passed, \(outcome.failures.count) failed")
            if !outcome.failures.isEmpty { throw ExitCode.failure }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the matcher sees in a message and which rules find what.",
            discussion: """
            For each TEXT (or each line of standard input with -), prints the normalised text the \
            patterns are matched against (lower case, folded homoglyphs, leet, spelled and keycap \
            digits, at/dot words, letters joined) and every finding: rule, category and the \
            original words it covers. Then every pattern match that gave no finding, with the \
            step that dropped it: the rule's validator, its context words, or the resolver \
            (a longer match of the same rule, or a refusal's or an allowlist's suppression); \
            an allowlist that fired is listed there too. A reply rule's finding (its rule has \
            `follows:`) is marked: in a scan it counts only within two messages after a finding \
            of a category it follows, which one message alone cannot show.

            Examples:
              offside rules explain "wh@ts@pp me: five five five, 0134"
              offside rules explain --rules my-pack.yaml "te pago por fuera"
              cut -f2 misses.tsv | offside rules explain -
            """
        )

        @Argument(help: ArgumentHelp("Message texts; - reads one per line from standard input.", valueName: "text"))
        var texts: [String] = []

        @Option(name: .long, help: ArgumentHelp("Rule pack YAML (default: the built-in pack).", valueName: "pack.yaml"))
        var rules: String?

        @OptionGroup var scorerOption: ScorerOption

        func validate() throws {
            if texts.isEmpty { throw ValidationError("give at least one message text, or - for standard input") }
        }

        func run() throws {
            var inputs: [String] = []
            for text in texts {
                if text == "-" {
                    while let line = readLine() { if !line.isEmpty { inputs.append(line) } }
                } else {
                    inputs.append(text)
                }
            }
            let compiled = try RulePackOption.compile(path: rules, withoutScorer: scorerOption.noScorer)
            let findings = RuleExamples.findings(for: inputs, compiled: compiled)
            let follows = compiled.pack.followsByRule
            for (text, list) in zip(inputs, findings) {
                print("text:       \(text)")
                print("normalised: \(RuleExamples.normalized(text))")
                if list.isEmpty { print("  no finding") }
                for finding in list {
                    // A message alone cannot say whether a reply rule's match counts.
                    let reply = follows[finding.rule].map { "  (a reply: counts in a scan only within two messages after " +
                        $0.map(\.rawValue).joined(separator: " or ") + ")" } ?? ""
                    print("  \(finding.rule)  [\(finding.category.rawValue)]  \(JSONText.quoted(finding.evidence))\(reply)")
                }
                let dropped = MatchExplanation.entries(for: text, compiled: compiled, foundRules: Set(list.map(\.rule)))
                    .filter { $0.outcome != .found }
                if !dropped.isEmpty { print("  matched but gave no finding:") }
                for entry in dropped {
                    print("    \(entry.rule)  [\(entry.category)]  \(JSONText.quoted(entry.matched)): \(entry.outcome.rawValue)")
                }
                let scored = ScoreExplanation.entries(for: text, compiled: compiled)
                if !scored.isEmpty { print("  scorer (fires where no phrase rule of the category did):") }
                for entry in scored {
                    let grams = entry.grams.map { "\($0.gram) \(String(format: "%+.2f", $0.weight))" }.joined(separator: ", ")
                    print("    \(entry.category.rawValue)  \(String(format: "%.2f", entry.probability)) (fires at \(String(format: "%.2f", entry.threshold)))"
                          + (grams.isEmpty ? "" : "  strongest: \(grams)"))
                }
                print("")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a pack's rules: id, category, severity, patterns.")

        @Argument(help: ArgumentHelp("Rule pack YAML (default: the built-in pack).", valueName: "pack.yaml"))
        var pack: String?

        func run() throws {
            let compiled = try RulePackOption.compile(path: pack)
            let p = compiled.pack
            print("\(p.name) v\(p.version) sha256:\(p.sha256.prefix(16)) (\(p.source)), \(compiled.database.patternCount) patterns, database \(compiled.database.byteSize / 1024) KiB")
            for rule in p.rules {
                var category = rule.isAllowlist ? "allows " + rule.suppresses.map(\.rawValue).joined(separator: ",") : rule.category.rawValue
                if !rule.follows.isEmpty { category += " after " + rule.follows.map(\.rawValue).joined(separator: ",") }
                print("\(rule.id)\t\(category)\tseverity \(rule.severity)\t\(rule.patterns.count) pattern\(rule.patterns.count == 1 ? "" : "s")\t\(rule.description)")
            }
        }
    }

    struct ExportLiterals: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-literals",
            abstract: "Print the pack's literals, one per line, for `rg -i -F -f` comparisons.",
            discussion: """
            Literal patterns as they are, plus the plain-text runs of four or more characters inside \
            regexes (`pay\\s*pal\\.me/` gives `pal.me/`). This is the list a user would grep with \
            first, for throughput comparisons; it is not equivalent to the pack.
            """
        )

        @Argument(help: ArgumentHelp("Rule pack YAML (default: the built-in pack).", valueName: "pack.yaml"))
        var pack: String?

        func run() throws {
            let compiled = try RulePackOption.compile(path: pack)
            var seen = Set<String>()
            for rule in compiled.pack.rules where !rule.isAllowlist {
                for pattern in rule.patterns {
                    let texts: [String]
                    switch pattern {
                    case .literal(let text): texts = [text]
                    case .regex(let source): texts = RegexLiterals.runs(in: source)
                    }
                    for text in texts where seen.insert(text.lowercased()).inserted { print(text.lowercased()) }
                }
            }
        }
    }
}
