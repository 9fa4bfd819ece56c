import ArgumentParser
import OffsideCore

/// Loads and compiles the pack named by `--rules`, or the built-in one;
/// any error is printed with the rule id and ends the run with status 64.
enum RulePackOption {
    /// - Parameter synthetic: generated rules to add (`bench --synthetic-rules`).
    /// - Parameter withoutScorer: drop the pack's scorer rules (`--no-scorer`).
    static func compile(path: String?, extraAllowedHosts: [String] = [], synthetic: Int = 0,
                        withoutScorer: Bool = false) throws -> CompiledRulePack {
        do {
            var pack = try path.map { path throws(RulePackError) in try RulePackLoader.load(path: path) } ?? RulePackLoader.loadDefault()
            if withoutScorer { pack = pack.withoutScorer() }
            if synthetic > 0 { pack = SyntheticRules.extend(pack, by: synthetic) }
            return try CompiledRulePack(pack, extraAllowedHosts: extraAllowedHosts.map { $0.lowercased() },
                                        cache: PatternDatabaseCache.standard())
        } catch {
            Diagnostics.write("offside: rule pack error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}

/// `--no-scorer`, shared by the commands that scan.
struct ScorerOption: ParsableArguments {
    @Flag(name: .customLong("no-scorer"), help: ArgumentHelp(
        "Leave out the pack's scorer rules (the n-gram model's findings, rule ids ending in .scored): the phrase rules alone."))
    var noScorer = false
}
