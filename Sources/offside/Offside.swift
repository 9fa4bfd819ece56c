import ArgumentParser

@main
struct Offside: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offside",
        abstract: "Find off-platform contact sharing and payment diversion in marketplace message archives.",
        discussion: """
        Offside streams JSON Lines message archives (plain or zstd-compressed), \
        matches every message against a rule pack, and writes findings and a \
        per-client risk report.

        Examples:
          offside scan Data/samples/sample.jsonl.zst --report report.json
          offside scan archives/2026-11-20/ --findings findings.jsonl --report report.json
          zstd -dc day.jsonl.zst | offside scan - --threads 2
          offside rules test Data/rules/default.yaml

        Exit status: 0 success (with or without findings), 2 an input could not \
        be read to its end (the others are still scanned), 64 usage or rule-pack error, \
        65 a partial that cannot be read or merged.
        """,
        version: "0.1.0",
        subcommands: [ScanCommand.self, MergeCommand.self, RulesCommand.self, EvalCommand.self]
    )
}
