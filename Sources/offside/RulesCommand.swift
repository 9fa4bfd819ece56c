import ArgumentParser
import OffsideCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check and inspect rule packs.",
        subcommands: [Test.self, List.self, ExportLiterals.self]
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
            print("\(compiled.pack.name) v\(compiled.pack.version): \(compiled.pack.rules.count) rules, \(outcome.examples) examples")
            print("\(passed) passed, \(outcome.failures.count) failed")
            if !outcome.failures.isEmpty { throw ExitCode.failure }
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
                print("\(rule.id)\t\(rule.category.rawValue)\tseverity \(rule.severity)\t\(rule.patterns.count) pattern\(rule.patterns.count == 1 ? "" : "s")\t\(rule.description)")
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
            for rule in compiled.pack.rules {
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
