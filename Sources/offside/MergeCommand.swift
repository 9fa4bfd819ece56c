import ArgumentParser
import Foundation
import OffsideCore

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge partial results of scans (--partial) into one partial or one report.",
        discussion: """
        Each PARTIAL is a file written by `offside scan … --partial FILE` or by an \
        earlier `offside merge … --partial FILE`. Any number, in any order and \
        grouping, give the same result: the report a single `offside scan` of all \
        their archives, named in sorted order, writes. That is what lets a cluster \
        scan one archive per task and merge the partials in a tree \
        (scripts/spark/offside_job.py).

        Partials keep the conversation stage's input, not finished totals, so a \
        conversation that runs across archives is judged as one: who initiated, \
        requests and their answers, refusals, a detail split over the archives' \
        boundary. Partials must come from one rule pack, the same --join-* and \
        --evidence settings and the same --relationships file; an archive may be \
        in only one of them. Partials hold evidence unredacted (files are created \
        mode 0600): keep them where the findings are kept, and delete them after.

        Examples:
          offside merge day1.partial.zst day2.partial.zst --report report.json --report-html report.html
          offside merge parts/*.partial.zst --partial week.partial.zst
          zstd -dc day1.partial.zst | head -3        (the format is JSON Lines)
        """
    )

    @Argument(help: ArgumentHelp("Partial files from `offside scan --partial` or `offside merge --partial`.", valueName: "partial"))
    var partials: [String] = []

    @Option(name: .long, help: ArgumentHelp("Write the merged partial, to merge further.", valueName: "file"))
    var partial: String?

    @OptionGroup var outputs: ReportOutputs

    @Flag(name: .long, help: "Show evidence whole instead of redacted.")
    var reveal = false

    @Option(name: .long, help: "Threads that build report entries; the default is the machine's core count.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Conversations kept in memory at once while replaying.", visibility: .hidden))
    var maxConversations: Int = 200_000

    @OptionGroup var clientMemory: ClientMemoryOption

    @Flag(name: .shortAndLong, help: "Print no summary on stderr.")
    var quiet = false

    func validate() throws {
        if partials.isEmpty { throw ValidationError("give at least one partial file (from `offside scan … --partial FILE`)") }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be 1–256") }
    }

    func run() throws {
        let merge: PartialMerge
        do {
            var files: [PartialFile] = []
            for path in partials { files.append(try PartialFile(path: path)) }
            merge = try PartialMerge(files)
        } catch {
            Diagnostics.write("offside: \(error)")
            throw ExitCode(ExitStatus.dataError)
        }
        let wantsReport = !outputs.isEmpty || partial == nil
        do {
            if let partial { try merge.write(to: partial) }
            if wantsReport {
                let outcome = try merge.report(reveal: reveal, threads: threads, maxConversations: maxConversations,
                                           clientSpill: clientMemory.options)
                try outputs.write(outcome.report)
                if outputs.isEmpty { print(ClientTable.render(outcome.report, limit: 10)) }
                if !quiet {
                    let totals = outcome.report.totals
                    Diagnostics.write("Merged \(partials.count) partials: \(totals.inputs) archives, \(totals.records) records, "
                                      + "\(totals.findings) findings, \(totals.clients) clients")
                }
            } else if !quiet {
                Diagnostics.write("Merged \(partials.count) partials: \(merge.inputs.count) archives, \(merge.eventCount) events")
            }
        } catch let error as PartialError {
            Diagnostics.write("offside: \(error)")
            throw ExitCode(ExitStatus.dataError)
        } catch {
            Diagnostics.write("offside: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if !quiet {
            for (label, path) in [("Partial", partial)] + outputs.labelled {
                if let path { Diagnostics.write("\(label) written to \(path)") }
            }
        }
    }
}
