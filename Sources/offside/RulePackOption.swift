import ArgumentParser
import OffsideCore

/// Loads and compiles the pack named by `--rules`, or the built-in one;
/// any error is printed with the rule id and ends the run with status 64.
enum RulePackOption {
    /// - Parameter synthetic: generated rules to add (`bench --synthetic-rules`).
    static func compile(path: String?, extraAllowedHosts: [String] = [], synthetic: Int = 0) throws -> CompiledRulePack {
        do {
            var pack = try path.map { path throws(RulePackError) in try RulePackLoader.load(path: path) } ?? RulePackLoader.loadDefault()
            if synthetic > 0 { pack = SyntheticRules.extend(pack, by: synthetic) }
            return try CompiledRulePack(pack, extraAllowedHosts: extraAllowedHosts.map { $0.lowercased() },
                                        cache: PatternDatabaseCache.standard())
        } catch {
            Diagnostics.write("offside: rule pack error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
