import ArgumentParser
import Foundation
import OffsideCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build the per-client report from the nights stored by `offside scan --db`.",
        discussion: """
        The stored findings of the window, in the order they were judged, go through \
        the same client stage a scan uses: a report of exactly one scan's archives \
        equals that scan's own report. On top of it, per client:
          trend   the client's own violations per night of the window, oldest first
                  (a sparkline in HTML and Markdown, an array in JSON, a column in CSV);
          new     the client's first stored finding is in the window.

        A finding's night is the UTC date of its message (for messages with no \
        timestamp, the night the archive was stored for; see scan --night). The window \
        is --since to --until, inclusive; without them, the --nights nights up to the \
        newest stored night. Only archives scanned with one rule pack are counted: \
        the pack of the newest archive, or the one --rule-pack names.

        Evidence is redacted as in `scan` unless --reveal.

        Examples:
          offside report --db offside.db                              (Markdown on stdout)
          offside report --db offside.db --since 2026-11-01 --until 2026-11-20 --format html -o nov.html
          offside report --db offside.db --nights 7 --format csv -o week.csv
        """
    )

    @Option(name: .long, help: ArgumentHelp("The database `offside scan --db` wrote.", valueName: "path"))
    var db: String = "offside.db"

    @Option(name: .long, help: ArgumentHelp("First night of the window, YYYY-MM-DD.", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Last night of the window, YYYY-MM-DD (default: the newest stored).", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Nights in the window when --since is not given.", valueName: "n"))
    var nights: Int = 14

    @Option(name: .long, help: "Output format: json, csv, html or md.")
    var format: ReportFormat = .md

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("rule-pack"), help: ArgumentHelp("Report findings of this rule pack (its id, or its SHA-256 or a prefix of it).", valueName: "pack"))
    var rulePack: String?

    @Option(name: .long, help: ArgumentHelp(
        "Evidence items kept per client.",
        discussion: "Excerpts are stored for as many as the scan's own --evidence; beyond that an item shows the match without its context."))
    var evidence: Int = 5

    @Flag(name: .long, help: "Show evidence whole instead of redacted.")
    var reveal = false

    @Option(name: .long, help: "Threads that build report entries; the default is the machine's core count.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var clientMemory: ClientMemoryOption

    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, NightDate.day(value) == nil { throw ValidationError("\(name) must be a date, YYYY-MM-DD (got '\(value)')") }
        }
        if let since, let until, since > until { throw ValidationError("--since \(since) is after --until \(until)") }
        if nights < 1 { throw ValidationError("--nights must be at least 1") }
        if evidence < 0 { throw ValidationError("--evidence must be 0 or more") }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be 1–256") }
    }

    func run() throws {
        let report: ScanReport
        do {
            let database = try ScanDatabase(path: db, create: false)
            let selection = StoredSelection(since: since, until: until, rulePack: rulePack, trendNights: nights)
            if !quiet, let stored = try StoredReport.storedEvidenceLimit(database: database, selection: selection, below: evidence) {
                Diagnostics.write("offside: note: some archives were scanned with --evidence \(stored), so excerpts are stored for "
                                  + "\(stored) findings per client; evidence beyond that shows the match without its context")
            }
            report = try StoredReport.build(database: database, selection: selection, reveal: reveal, evidenceLimit: evidence,
                                            threads: threads, spill: clientMemory.options)
        } catch let error as StoreError {
            Diagnostics.write("offside: \(error)")
            throw ExitCode(ExitStatus.software)
        }
        do {
            try write(report)
        } catch {
            Diagnostics.write("offside: \(output ?? "stdout"): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if !quiet, let h = report.history {
            Diagnostics.write("Report of \(h.nights.first ?? "–") to \(h.nights.last ?? "–"): \(report.totals.clients) clients "
                              + "(\(h.newClients) new), \(report.totals.findings) findings from \(h.archives) archives"
                              + (output.map { "; written to \($0)" } ?? ""))
        }
    }

    private func write(_ report: ScanReport) throws {
        let sink: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: output])
            }
            sink = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            sink = FileHandle.standardOutput
        }
        defer { if output != nil { try? sink.close() } }
        switch format {
        case .json: try sink.write(contentsOf: try report.jsonData())
        case .csv: try CSVReport.write(report) { try sink.write(contentsOf: Data($0.utf8)) }
        case .html: try sink.write(contentsOf: Data(HTMLReport.render(report).utf8))
        case .md: try sink.write(contentsOf: Data(MarkdownReport.render(report).utf8))
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv, html, md
}
