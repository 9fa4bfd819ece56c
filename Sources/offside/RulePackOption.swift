import ArgumentParser
import OffsideCore

/// Loads and compiles the pack named by `--rules`, or the built-in one;
/// any error is printed with the rule id and ends the run with status 64.
enum RulePackOption {
    static func compile(path: String?, extraAllowedHosts: [String] = []) throws -> CompiledRulePack {
        do {
            let pack = try path.map { path throws(RulePackError) in try RulePackLoader.load(path: path) } ?? RulePackLoader.loadDefault()
            return try CompiledRulePack(pack, extraAllowedHosts: extraAllowedHosts.map { $0.lowercased() })
        } catch {
            Diagnostics.write("offside: rule pack error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
