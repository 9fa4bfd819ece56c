import ArgumentParser
import Foundation
import OffsideCore

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan archives and write findings and a per-client risk report.",
        discussion: """
        INPUTs are .jsonl files, zstd-compressed archives (.jsonl.zst, .zst; told by \
        their magic bytes, any number of frames, windows up to 2 GiB), directories \
        (walked recursively in sorted order for *.jsonl, *.ndjson and *.zst files), \
        or - for standard input. Inputs are decompressed ahead of the scan on up to \
        4 threads of their own: several files side by side, and the frames of a \
        multi-frame archive (pzstd, the zstd seekable format, concatenated .zst files) \
        in parallel.

        Each line is one message: {"id", "conversation_id", "sender_id", \
        "sender_role": "client"|"freelancer", "recipient_id", "ts", "text", "contract"}. \
        Use --field to read other key names. A malformed line is skipped, counted and \
        named in the summary (and written whole to --rejects); the scan goes on. \
        A truncated or corrupt archive is reported with its byte offset, the lines \
        before the damage and the other inputs are still scanned, and the exit \
        status is 2.

        Findings are judged per conversation by the policy: contact before a \
        contract (or with the contract unknown) is a violation, contact after one \
        is tolerated (so is a call deferred to the contract, and a freelancer's \
        "happy to talk on Skype, but payment stays here"), payment outside is always a violation, a refusal credits its \
        writer, and pairs in --relationships (over two years, pre-existing, or \
        conversion fee paid) are exempt. Details split over consecutive messages \
        of one sender are joined (--join-messages, --join-seconds).

        The compiled rule pack is kept in ~/.cache/offside (or $XDG_CACHE_HOME/offside, \
        or OFFSIDE_CACHE_DIR; set it empty to turn the cache off), so later runs with \
        the same pack skip the 2-second compile.

        Evidence (the matched text) is redacted in every output unless --reveal.
        Without any output file, the top clients are printed on stdout.

        With --db, results are kept in an SQLite database (offside.db unless \
        --db=PATH names another; the OFFSIDE_DB environment variable does the same \
        without the flag). Each archive is committed in one transaction with its \
        findings, so a run killed at any moment leaves whole archives only, and the \
        next run skips what is stored (same bytes, same rule pack) and finishes \
        the job. --rescan replaces stored archives instead; a changed rule pack \
        stores a second copy, kept apart. Report files then cover every archive \
        of the run, skipped ones included; `offside report --db` builds reports \
        over any window of nights. One scan per database runs at a time: a second \
        waits --wait seconds, then exits 75.

        Examples:
          offside scan archive.jsonl.zst --report report.json --report-html report.html
          offside scan --db nightly/2026-11-20/ --keep-days 90      (then offside report --db)
          offside scan day/ --relationships pairs.csv --report-csv clients.csv
          offside scan 2026-11-20.jsonl.zst --partial 2026-11-20.partial.zst   (then offside merge)
        """
    )

    @Argument(help: ArgumentHelp("Archives, directories, or - for stdin.", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp("Write findings as JSON Lines to this file.", valueName: "file"))
    var findings: String?

    @OptionGroup var outputs: ReportOutputs

    @Option(name: .long, help: ArgumentHelp("Write the scan's mergeable state for `offside merge` (zstd JSON Lines; holds evidence unredacted).", valueName: "file"))
    var partial: String?

    @Option(name: .long, help: ArgumentHelp("Exempt pairs: CSV with a header or JSON Lines with client_id, freelancer_id, since (YYYY-MM-DD), pre_existing, conversion_fee_paid.", valueName: "file"))
    var relationships: String?

    @Option(name: .long, help: ArgumentHelp("Join a contact detail split over at most this many consecutive messages of one sender (a cue like \"my number:\" included).", valueName: "n"))
    var joinMessages: Int = 4

    @Option(name: .long, help: ArgumentHelp("…whose pieces were all written within this many seconds.", valueName: "seconds"))
    var joinSeconds: Int = 600

    @Option(name: .long, help: ArgumentHelp("Conversations kept in memory at once; the least recently active are forgotten beyond it.", visibility: .hidden))
    var maxConversations: Int = 200_000

    @OptionGroup var clientMemory: ClientMemoryOption

    @Option(name: .long, help: ArgumentHelp("Write the raw malformed lines to this file.", valueName: "file"))
    var rejects: String?

    @Option(name: .long, help: ArgumentHelp("Rule pack YAML (default: the built-in Data/rules/default.yaml).", valueName: "pack.yaml"))
    var rules: String?

    @OptionGroup var scorerOption: ScorerOption

    @Option(name: .long, help: ArgumentHelp("Map a record field to another JSON key, e.g. text=body. Repeatable.", valueName: "field=key"))
    var field: [String] = []

    @Option(name: .long, help: "Tokenize+match worker threads; the default is the machine's core count.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Chunk size in KiB handed to each worker.", visibility: .hidden))
    var chunkKiB: Int = 4096

    @Option(name: .long, help: ArgumentHelp("A host whose links are not contact details (a portfolio or company site), on top of the pack's platform_hosts and portfolio_hosts. Repeatable.", valueName: "host"))
    var allowHost: [String] = []

    @Option(name: .long, help: "Evidence items kept per client in the report.")
    var evidence: Int = 5

    @Flag(name: .long, help: "Show evidence whole instead of redacted.")
    var reveal = false

    @Option(name: .long, help: ArgumentHelp("Keep results in this SQLite database. `--db` alone means offside.db; a following word is taken as PATH only if it ends in .db, .sqlite or .sqlite3, else write --db=PATH.", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "With --db: scan archives already stored with this rule pack again, replacing their rows.")
    var rescan = false

    @Option(name: .long, help: ArgumentHelp("With --db: the night (YYYY-MM-DD) of findings whose message has no timestamp; default today (UTC).", valueName: "date"))
    var night: String?

    @Option(name: .long, help: ArgumentHelp("With --db: seconds to wait for another scan of the same database to finish.", valueName: "seconds"))
    var wait: Double = 10

    @Option(name: .long, help: ArgumentHelp("With --db: after the run, delete stored nights older than this many days.", valueName: "days"))
    var keepDays: Int?

    @Flag(name: .shortAndLong, help: "Print no summary or progress on stderr, only errors.")
    var quiet = false

    @OptionGroup var log: LogOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input: a file, a directory, or - for stdin") }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be 1–256") }
        if chunkKiB < 4 { throw ValidationError("--chunk-kib must be at least 4") }
        if evidence < 0 { throw ValidationError("--evidence must be 0 or more") }
        if joinMessages < 2 { throw ValidationError("--join-messages must be at least 2") }
        if joinSeconds < 1 { throw ValidationError("--join-seconds must be at least 1") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be named once") }
        if let night, NightDate.day(night) == nil { throw ValidationError("--night must be a date, YYYY-MM-DD") }
        if let keepDays, keepDays < 0 { throw ValidationError("--keep-days must be 0 or more") }
        if wait < 0 { throw ValidationError("--wait must be 0 or more seconds") }
        if databasePath == nil && (rescan || night != nil || keepDays != nil) {
            throw ValidationError("--rescan, --night and --keep-days need --db")
        }
        if databasePath != nil && inputs.contains("-") {
            throw ValidationError("--db needs archive files: standard input cannot be recognised when a run is repeated")
        }
    }

    /// `--db`, else the OFFSIDE_DB environment variable.
    var databasePath: String? {
        db ?? ProcessInfo.processInfo.environment["OFFSIDE_DB"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func run() throws {
        let fieldNames: FieldNames
        do {
            fieldNames = try FieldNames(mappings: field)
        } catch {
            throw ValidationError(error.description)
        }
        let compiled = try RulePackOption.compile(path: rules, extraAllowedHosts: allowHost, withoutScorer: scorerOption.noScorer)
        let inputFiles = InputFile.expand(inputs)
        if inputFiles.isEmpty {
            throw ValidationError("no archives found in \(inputs.joined(separator: ", ")) (looked for *.jsonl, *.ndjson, *.zst)")
        }
        var loadedRelationships: (path: String, loaded: RelationshipLoader.Loaded)?
        if let relationships {
            do {
                let loaded = try RelationshipLoader.load(path: relationships)
                if !quiet { for problem in loaded.problems.prefix(20) { Diagnostics.write("offside: warning: \(problem)") } }
                loadedRelationships = (relationships, loaded)
            } catch {
                Diagnostics.write("offside: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        var request = ScanRequest(
            inputs: inputFiles,
            pipeline: PipelineOptions(threads: threads, chunkSize: chunkKiB << 10, fieldNames: fieldNames, keepRejects: rejects != nil),
            findingsPath: findings, reportPath: outputs.report, rejectsPath: rejects, csvReportPath: outputs.reportCSV,
            htmlReportPath: outputs.reportHTML,
            reveal: reveal, evidenceLimit: evidence,
            conversations: ConversationOptions(joinMessages: joinMessages, joinSeconds: joinSeconds, maxConversations: maxConversations),
            relationships: loadedRelationships, partialPath: partial)
        request.clientSpill = clientMemory.options
        if let path = databasePath {
            if partial != nil { throw ValidationError("--partial and --db are two ways to keep results; give one") }
            request.store = StoreOptions(path: path, rescan: rescan, night: night, waitSeconds: wait, keepDays: keepDays)
        }
        if partial != nil, !quiet, inputFiles.map(\.name) != inputFiles.map(\.name).sorted() {
            Diagnostics.write("offside: note: a merge orders archives by name; this scan reads them as given, so its own report can differ from a merge of its partial")
        }
        let logger = log.logger(quiet: quiet)
        let totalBytes = inputFiles.reduce(Int64(0)) { total, input in
            total + (((input.path.flatMap { try? FileManager.default.attributesOfItem(atPath: $0) })?[.size] as? NSNumber)?.int64Value ?? 0)
        }
        let counters = ScanProgress(totalCompressedBytes: inputFiles.contains { $0.path == nil } ? 0 : totalBytes,
                                    inputs: inputFiles.count)
        let progress = quiet ? nil : ProgressReporter(progress: counters, logger: logger, terminal: Diagnostics.stderrIsTerminal)
        let outcome: ScanOutcome
        do {
            outcome = try ScanRun.run(request, compiled: compiled, progress: counters, logger: logger)
        } catch let error as StoreError {
            progress?.stop()
            Diagnostics.write("offside: \(error)")
            throw ExitCode(error.description.contains("in use by another offside scan") ? ExitStatus.tempFail : ExitStatus.software)
        } catch {
            progress?.stop()
            Diagnostics.write("offside: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        progress?.stop()
        if !quiet {
            Diagnostics.write(ScanSummary.text(for: outcome))
            for (label, path) in [("Findings", findings)] + outputs.labelled + [("Partial", partial), ("Rejected lines", rejects)] {
                if let path { Diagnostics.write("\(label) written to \(path)") }
            }
        }
        if findings == nil && outputs.isEmpty && partial == nil {
            print(ClientTable.render(outcome.report, limit: 10))
        }
        var status = ExitCode.success
        if let stored = outcome.stored, !stored.errors.isEmpty {
            if quiet { for error in stored.errors { Diagnostics.write("offside: \(error)") } }
            status = ExitCode(ExitStatus.software)
        } else if !outcome.inputErrors.isEmpty {
            // The summary names them; --quiet must not hide why the exit status is 2.
            if quiet { for error in outcome.inputErrors { Diagnostics.write("offside: \(error)") } }
            status = ExitCode(ExitStatus.inputFailed)
        }
        // Everything is written. Freeing every client's state and the
        // conversation table object by object took a quarter of a second
        // of a benchmark run, for memory the process hands back whole.
        Foundation.exit(status.rawValue)
    }
}
