import ArgumentParser
import Foundation
import OffsideCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a rule pack on a corpus: throughput, findings per rule, the change from a baseline pack, and what each rule costs.",
        discussion: """
        For rule authors, before shipping a pack. Each pack is compiled and runs the whole \
        scan (normalise, match, validate, judge conversations, build client states; no \
        output files) over the CORPUS --runs times; the median run gives MB/s of \
        uncompressed input and messages/s.

        With --baseline, the two packs are compared: rules added, removed and changed \
        (patterns, category, severity, validator, context, suppresses; description and \
        examples are not changes), and per rule the messages it flags that the baseline's \
        rule of the same id did not (gained) or no longer flags (lost), with example \
        message ids to read. Without --baseline, findings per rule are listed.

        The cost profile times, on the first --sample bytes of the corpus held in memory \
        and on one thread, the per-chunk work (normalise, match, validate, build findings) \
        with the whole pack and with the pack compiled without each rule, in --repeats \
        alternating pairs; the median difference is the time the rule adds. A cost no \
        larger than half the range of the differences is marked "within noise". The \
        engine matches all patterns in one pass, so costs need not add up to the total. \
        Each profiled rule costs one compile (about as long as the pack's; other rules \
        compile while one is timed) plus 2 × --repeats scans of the sample; by default \
        only added and changed rules are profiled when there is a baseline, every rule \
        otherwise (a few minutes for the built-in pack).

        Examples:
          offside bench --rules new.yaml --baseline built-in day.jsonl.zst
          offside bench --rules new.yaml --baseline old.yaml day.jsonl.zst --json
          offside bench --rules new.yaml day.jsonl.zst --profile-rule payment.x.y
          offside bench day.jsonl.zst --profile all --sample 16MiB
          offside bench day.jsonl.zst --runs 1 --profile none   (throughput only)
          offside bench day.jsonl.zst --baseline built-in --synthetic-rules 10000 \\
              --profile none                   (how cost grows with pack size)
        """
    )

    enum ProfileScope: String, ExpressibleByArgument, CaseIterable {
        case none, changed, all
    }

    @Argument(help: ArgumentHelp("Corpus: archives or directories, as for scan (not stdin: each pack reads it several times).", valueName: "corpus"))
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp("The rule pack to measure (default: the built-in pack).", valueName: "new.yaml"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("The pack to compare against; `built-in` names the built-in pack.", valueName: "old.yaml"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Add this many generated rules to the new pack (invented app names: a literal each, a handle regex every fifth), to see how the matcher scales with pack size.", valueName: "n"))
    var syntheticRules: Int = 0

    @Option(name: .long, help: "Timed scans of the corpus per pack; the median is reported.")
    var runs: Int = 3

    @Option(name: .long, help: "Worker threads for the scans and for the cost profile's jobs.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Which rules to profile: none, changed (added or changed against --baseline), all. Default: changed with --baseline, all without.", valueName: "scope"))
    var profile: ProfileScope?

    @Option(name: .long, help: ArgumentHelp("Profile this rule (repeatable); overrides --profile.", valueName: "rule-id"))
    var profileRule: [String] = []

    @Option(name: .long, help: ArgumentHelp("Bytes of corpus the cost profile times, e.g. 4MiB, 512KiB.", valueName: "size"))
    var sample: String = "8MiB"

    @Option(name: .long, help: "Timed pairs (with, without) per profiled rule; the median difference counts.")
    var repeats: Int = 5

    @Option(name: .long, help: "Example message ids per rule.")
    var examples: Int = 3

    @Flag(name: .long, help: "List every rule in the comparison, unchanged ones too.")
    var allRules = false

    @Flag(name: .long, help: "Print the report as JSON instead of tables.")
    var json = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give a corpus to measure on, e.g. offside bench --rules my-pack.yaml day.jsonl.zst") }
        if inputs.contains("-") { throw ValidationError("bench reads its corpus several times; give files, not standard input") }
        if runs < 1 || runs > 100 { throw ValidationError("--runs must be 1–100") }
        if repeats < 1 || repeats > 100 { throw ValidationError("--repeats must be 1–100") }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be 1–256") }
        if syntheticRules < 0 || syntheticRules > 1_000_000 { throw ValidationError("--synthetic-rules must be 0–1000000") }
        if examples < 0 { throw ValidationError("--examples must be 0 or more") }
        if ByteSize.parse(sample) == nil { throw ValidationError("--sample: '\(sample)' is not a size such as 4MiB, 512KiB or 1000000") }
        if profile == .changed && baseline == nil { throw ValidationError("--profile changed needs --baseline (changed against what?)") }
    }

    func run() throws {
        let files = InputFile.expand(inputs)
        if files.isEmpty { throw ValidationError("no archives found in \(inputs.joined(separator: ", "))") }
        let pipeline = PipelineOptions(threads: threads)
        do {
            let old = try baseline.map { try compile(path: $0 == "built-in" ? nil : $0, role: "baseline") }
            let new = try compile(path: rules, role: "new", synthetic: syntheticRules)
            let oldMeasurement = try old.map { try measure($0.compiled, compileSeconds: $0.seconds, role: "baseline", files, pipeline) }
            let newMeasurement = try measure(new.compiled, compileSeconds: new.seconds, role: "new", files, pipeline)

            let scope = profile ?? (baseline == nil ? .all : .changed)
            var profiled: RuleCostProfile?
            let unknown = profileRule.filter { id in !new.compiled.pack.rules.contains { $0.id == id } }
            if !unknown.isEmpty { throw ValidationError("--profile-rule: no rule \(unknown.joined(separator: ", ")) in the new pack") }
            if scope != .none || !profileRule.isEmpty {
                let oldRules = Dictionary((old?.compiled.pack.rules ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                let ids = new.compiled.pack.rules.filter { rule in
                    !profileRule.isEmpty ? profileRule.contains(rule.id) : scope == .all || oldRules[rule.id].map { !PackDiff.differences($0, rule).isEmpty } ?? true
                }.map(\.id)
                if ids.isEmpty {
                    Diagnostics.write("bench: no added or changed rules to profile")
                } else {
                    let sampleData = try CorpusSample.read(files, bytes: ByteSize.parse(sample)!)
                    Diagnostics.write(String(format: "bench: profiling %d rule%@ on %.1f MB (%d jobs at once)", ids.count,
                                             ids.count == 1 ? "" : "s", Double(sampleData.bytes) / 1e6, min(threads, ids.count)))
                    profiled = try RuleCostProfiler.profile(new.compiled, sample: sampleData, rules: ids, repeats: repeats,
                                                            threads: threads) { done, total, rule in
                        Diagnostics.write("bench: profiled \(done)/\(total) (\(rule))")
                    }
                }
            }
            let report = BenchReport(corpus: files.map(\.name), threads: threads, runs: runs, new: newMeasurement,
                                     newPack: new.compiled.pack, baseline: zip2(oldMeasurement, old?.compiled.pack),
                                     profile: profiled, examples: examples)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(BenchTable.render(report, allRules: allRules))
            }
        } catch let error as BenchError {
            Diagnostics.write("offside: bench: \(error)")
            throw ExitCode(ExitStatus.inputFailed)
        }
    }

    private func compile(path: String?, role: String, synthetic: Int = 0) throws -> (compiled: CompiledRulePack, seconds: Double) {
        let started = DispatchTime.now().uptimeNanoseconds
        let compiled = try RulePackOption.compile(path: path, synthetic: synthetic)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        Diagnostics.write(String(format: "bench: %@ pack %@ v%d: %d rules, compiled in %.2f s", role, compiled.pack.name,
                                 compiled.pack.version, compiled.pack.rules.count, seconds))
        return (compiled, seconds)
    }

    private func measure(_ compiled: CompiledRulePack, compileSeconds: Double, role: String, _ files: [InputFile],
                         _ pipeline: PipelineOptions) throws -> PackMeasurement {
        try PackBenchmark.measure(compiled, compileSeconds: compileSeconds, inputs: files, pipeline: pipeline, runs: runs) { run, seconds in
            Diagnostics.write(String(format: "bench: %@ run %d/%d: %.2f s", role, run + 1, runs, seconds))
        }
    }

    private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
        guard let a, let b else { return nil }
        return (a, b)
    }
}
