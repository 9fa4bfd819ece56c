import ArgumentParser
import Foundation

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
          offside bench --rules new.yaml --baseline built-in day.jsonl.zst
          offside scan --db archives/2026-11-20/ && offside report --db offside.db --format html -o report.html

        Exit status: 0 success (with or without findings), 2 an input could not \
        be read to its end (the others are still scanned), 64 usage or rule-pack error, \
        65 a partial that cannot be read or merged, 70 the database could not be \
        used or written, 75 another scan holds the database (try again later).
        """,
        version: "0.1.0",
        subcommands: [ScanCommand.self, ReportCommand.self, DatabaseCommand.self, MergeCommand.self, RulesCommand.self,
                      EvalCommand.self, BenchCommand.self]
    )

    static func main() {
        OffsideLogHandler.bootstrap()
        main(DatabaseArgument.expand(Array(CommandLine.arguments.dropFirst())))
    }
}

/// `--db` with no value means `offside.db` (ArgumentParser options always
/// take one). For `scan`, whose inputs follow, the next word is the path only
/// when it ends in .db, .sqlite or .sqlite3; `--db=PATH` is always a path.
enum DatabaseArgument {
    static let defaultPath = "offside.db"

    static func expand(_ arguments: [String]) -> [String] {
        var out: [String] = []
        let scan = arguments.first == "scan"
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            out.append(argument)
            index += 1
            guard argument == "--db" else { continue }
            let next = index < arguments.count ? arguments[index] : nil
            let takesNext: Bool
            if let next, !next.hasPrefix("-") {
                takesNext = !scan || [".db", ".sqlite", ".sqlite3"].contains { next.hasSuffix($0) }
            } else {
                takesNext = false
            }
            if !takesNext { out.append(defaultPath) }
        }
        return out
    }
}
