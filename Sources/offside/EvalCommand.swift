import ArgumentParser
import Foundation
import OffsideCore

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a rule pack on labelled messages (precision, recall, F1, obfuscation recall) and conversations (client levels, initiators).",
        discussion: """
        Each LABELLED file is JSON Lines (plain or zstd) of input records with three more \
        fields: "labels" (the taxonomy categories the message contains, [] for none), \
        "obfuscation" (how it is disguised: leet, spaced_letters, homoglyph, …) and \
        "hard_negative" (true when written to tempt the detector). Data/eval/README.md \
        describes the format and the labelling guide.

        A message counts as positive for a category when any finding of that category has \
        its message_id. Obfuscated recall counts a disguised message as found when every \
        category it contains (other than refusal) is found. The hard-negative false-positive \
        rate is the share of hard negatives with a finding of a category they are not \
        labelled with.

        With --expected (or when a file X.jsonl has an X.expected.jsonl beside it), the \
        whole pipeline's judgements are scored too: each expected client's level \
        (none/low/medium/high) against the report's, and each conversation's initiator \
        (client/freelancer/none) against the first party to ask for or offer an \
        off-platform move. --relationships is applied as in scan.

        With --baseline OLD.yaml, both packs are scored on the same messages: precision, \
        recall and counts side by side (changed categories marked *), then every call that \
        differs: FOUND (a labelled message only the new pack finds), LOST (one only the \
        baseline found), NEW FP and FP GONE, each with the rules that made the call. \
        --errors limits that list. Conversation expectations are not scored in this mode.

        --blind lists errors and changed calls by message id and rule only, without the \
        messages' texts: use it on holdout sets, which are measured but never read or tuned on.

        --per-rule adds a table of every rule that fired: the messages it flagged, how many \
        carry its category's label (TP) and how many do not (FP), and "only it": labelled \
        messages no other rule of the category found, i.e. what removing the rule would lose.

        Examples:
          offside eval Data/eval/dev-*.jsonl
          offside eval Data/eval/conversations.jsonl --relationships Data/eval/relationships.csv
          offside eval Data/eval/dev-*.jsonl --rules my-pack.yaml --errors 100
          offside eval Data/eval/dev-*.jsonl --json > eval.json
          offside eval Data/eval/dev5.jsonl --rules my-pack.yaml --baseline Data/rules/default.yaml
          offside eval Data/eval/holdout*.jsonl --rules my-pack.yaml --baseline Data/rules/default.yaml --blind
        """
    )

    @Argument(help: ArgumentHelp("Labelled JSON Lines files (.jsonl or .jsonl.zst).", valueName: "labelled"))
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp("Rule pack YAML (default: the built-in pack).", valueName: "pack.yaml"))
    var rules: String?

    @OptionGroup var scorerOption: ScorerOption

    @Option(name: .long, help: ArgumentHelp("Rule pack to compare against ('built-in' for the built-in pack); lists the calls that differ.", valueName: "old.yaml"))
    var baseline: String?

    @Option(name: .long, help: "Wrong calls to list (misses and false positives), or changed calls with --baseline.")
    var errors: Int = 30

    @Flag(name: .long, help: "List errors and changed calls without the messages' texts (for holdout sets).")
    var blind = false

    @Flag(name: .customLong("per-rule"), help: "Also list every rule that fired: messages, true and false positives, and labelled messages only it found.")
    var perRule = false

    @Option(name: .long, help: ArgumentHelp("Expected client levels and initiators (JSON Lines); default: X.expected.jsonl beside a single input X.jsonl.", valueName: "file"))
    var expected: String?

    @Option(name: .long, help: ArgumentHelp("Exempt pairs, as for scan.", valueName: "file"))
    var relationships: String?

    @Flag(name: .long, help: "Print the report as JSON instead of a table.")
    var json = false

    @Flag(name: .long, help: "Exit 1 when a target is missed (precision ≥ 0.95 and recall ≥ 0.90 per category, obfuscated recall ≥ 0.85, hard-negative FP rate ≤ 2%).")
    var check = false

    @Option(name: .long, help: "Worker threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one labelled file, e.g. Data/eval/dev-contact.jsonl") }
        if errors < 0 { throw ValidationError("--errors must be 0 or more") }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be 1–256") }
        if baseline != nil && (expected != nil || relationships != nil) {
            throw ValidationError("--baseline compares message calls only; leave out --expected and --relationships")
        }
    }

    func run() throws {
        let compiled = try RulePackOption.compile(path: rules, withoutScorer: scorerOption.noScorer)
        // `Data/eval/holdout*.jsonl` also names a conversation set's
        // expectations, which are no messages: they are read beside the set.
        let files = InputFile.expand(inputs).filter { file in
            guard let path = file.path, path.hasSuffix(".expected.jsonl") else { return true }
            Diagnostics.write("offside: note: skipping \(path): expectations, read beside their set or with --expected")
            return false
        }
        if files.isEmpty { throw ValidationError("no labelled files found in \(inputs.joined(separator: ", "))") }
        if let baseline {
            try compare(files, compiled: compiled, baseline: baseline)
            return
        }
        let report: EvaluationReport
        let conversations: ConversationEvaluationReport?
        do {
            var expectationsPath = expected
            if expectationsPath == nil, files.count == 1, let path = files[0].path, path.hasSuffix(".jsonl") {
                let sibling = String(path.dropLast(".jsonl".count)) + ".expected.jsonl"
                if FileManager.default.fileExists(atPath: sibling) { expectationsPath = sibling }
            }
            let expectations = try expectationsPath.map { try ConversationExpectations.read(path: $0) }
            let loaded = try relationships.map { ($0, try RelationshipLoader.load(path: $0)) }
            for problem in loaded?.1.problems ?? [] { Diagnostics.write("offside: warning: \(problem)") }
            (report, conversations) = try Evaluation.runAll(inputs: files, compiled: compiled, threads: threads, errorLimit: errors,
                                                            expectations: expectations, relationships: loaded)
        } catch {
            Diagnostics.write("offside: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        if json {
            let shown = blind ? report.withoutTexts : report
            if let conversations {
                struct Both: Encodable { var messages: EvaluationReport; var conversations: ConversationEvaluationReport }
                print(try Self.encode(Both(messages: shown, conversations: conversations)))
            } else {
                print(try Self.encode(shown))
            }
        } else {
            print(report.table(blind: blind))
            if perRule { print("\n" + report.ruleTable) }
            if let conversations { print("\n" + conversations.table) }
        }
        if check && !report.failedTargets.isEmpty { throw ExitCode.failure }
    }

    private func compare(_ files: [InputFile], compiled: CompiledRulePack, baseline: String) throws {
        let old = try RulePackOption.compile(path: baseline == "built-in" ? nil : baseline)
        let comparison: EvaluationComparison
        do {
            comparison = try Evaluation.compare(inputs: files, compiled: compiled, baseline: old, threads: threads, changeLimit: errors)
        } catch {
            Diagnostics.write("offside: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        if json {
            print(try Self.encode(blind ? comparison.withoutTexts : comparison))
        } else {
            print(comparison.table(blind: blind))
            if perRule { print("\nnew pack:\n" + comparison.new.ruleTable) }
        }
        if check && !comparison.new.failedTargets.isEmpty { throw ExitCode.failure }
    }

    private static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
