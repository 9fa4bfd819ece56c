import Foundation
import Logging

/// Everything one `offside scan` needs.
public struct ScanRequest: Sendable {
    public var inputs: [InputFile]
    public var pipeline: PipelineOptions
    public var findingsPath: String?
    public var reportPath: String?
    public var rejectsPath: String?
    public var csvReportPath: String?
    public var htmlReportPath: String?
    /// `--partial`: the mergeable state for `offside merge`.
    public var partialPath: String?
    public var reveal: Bool
    public var evidenceLimit: Int
    public var conversations: ConversationOptions
    /// The loaded `--relationships` file, with its path and skipped rows.
    public var relationships: (path: String, loaded: RelationshipLoader.Loaded)?
    /// `--db`: results go to the database, archive by archive.
    public var store: StoreOptions?
    /// Clients held in memory before client state is spilled to disk.
    public var clientSpill = ClientSpillOptions()

    public init(inputs: [InputFile], pipeline: PipelineOptions = PipelineOptions(), findingsPath: String? = nil,
                reportPath: String? = nil, rejectsPath: String? = nil, csvReportPath: String? = nil,
                htmlReportPath: String? = nil, reveal: Bool = false, evidenceLimit: Int = 5,
                conversations: ConversationOptions = ConversationOptions(),
                relationships: (path: String, loaded: RelationshipLoader.Loaded)? = nil, partialPath: String? = nil) {
        self.partialPath = partialPath
        self.inputs = inputs
        self.pipeline = pipeline
        self.findingsPath = findingsPath
        self.reportPath = reportPath
        self.rejectsPath = rejectsPath
        self.csvReportPath = csvReportPath
        self.htmlReportPath = htmlReportPath
        self.reveal = reveal
        self.evidenceLimit = evidenceLimit
        self.conversations = conversations
        self.relationships = relationships
    }
}

/// What a scan produced, for the CLI to print and tests to check.
public struct ScanOutcome: Sendable {
    public var report: ScanReport
    /// The mergeable per-client state the report was made from (read back
    /// from disk if it was spilled: for tests and small runs).
    public var clientStates: [String: ClientState] { report.clients.statesByClient }
    public var namedMalformed: [ScanAggregator.NamedMalformedLine]
    public var inputErrors: [InputError]
    /// What a `--db` run stored and skipped.
    public var stored: StoredRunInfo? = nil
    /// The aggregate stage, kept with the outcome so that its memory goes
    /// when the caller drops the outcome (the CLI exits without freeing it).
    public var aggregator: ScanAggregator? = nil
}

/// Runs a whole scan: pipeline, aggregate stage, output files.
public enum ScanRun {
    public static func run(_ request: ScanRequest, compiled: CompiledRulePack,
                           progress: ScanProgress? = nil,
                           logger: Logger = Logger(label: "offside"),
                           onInitiator: ((String, Finding) -> Void)? = nil,
                           onFinding: ((Finding) -> Void)? = nil) throws -> ScanOutcome {
        if let store = request.store {
            return try StoredScan.run(request, store: store, compiled: compiled, progress: progress, logger: logger)
        }
        let findingWriter = try request.findingsPath.map { try FindingWriter(path: $0, reveal: request.reveal) }
        var rejects: FileHandle?
        if let path = request.rejectsPath {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            rejects = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        let aggregator = ScanAggregator(inputs: request.inputs, findingWriter: findingWriter, rejects: rejects,
                                        evidenceLimit: request.evidenceLimit, conversationOptions: request.conversations,
                                        relationships: request.relationships?.loaded.table ?? RelationshipTable(),
                                        splitSeverity: splitSeverity(compiled.pack), follows: compiled.pack.followsByRule,
                                        callOffers: compiled.pack.callOfferRules, scoredRules: compiled.pack.scoredRuleIDs,
                                        clientSpill: request.clientSpill)
        aggregator.conversations.onInitiator = onInitiator
        aggregator.onFinding = onFinding
        let recorder = try request.partialPath.map { path in
            try PartialRecorder(path: path, header: partialHeader(request: request, compiled: compiled),
                                inputNames: request.inputs.map(\.name), exemption: aggregator.conversations.exemption)
        }
        aggregator.partialRecorder = recorder
        aggregator.progress = progress
        logger.debug("\(compiled.database.summary)")
        let started = DispatchTime.now()
        let pipeline = ScanPipeline(compiled: compiled, options: request.pipeline)
        let outcomes = pipeline.run(inputs: request.inputs, progress: progress) { aggregator.consume($0) }
        aggregator.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        logger.debug("pipeline finished")
        try findingWriter?.close()
        try rejects?.close()
        if let error = aggregator.writeError { throw error }

        let report = try makeReport(request: request, compiled: compiled, outcomes: outcomes, aggregator: aggregator, seconds: seconds)
        logSpill(aggregator.clients, logger: logger)
        logger.debug("report built")
        try recorder?.finish(inputs: report.inputs)
        if let path = request.reportPath {
            try report.write(to: path)
        }
        if let path = request.csvReportPath {
            try CSVReport.write(report, to: path)
        }
        if let path = request.htmlReportPath {
            try HTMLReport.write(report, to: path)
        }
        logger.debug("report files written")
        return ScanOutcome(report: report, namedMalformed: aggregator.namedMalformed,
                           inputErrors: outcomes.compactMap(\.error), aggregator: aggregator)
    }

    static func makeReport(request: ScanRequest, compiled: CompiledRulePack, outcomes: [InputOutcome],
                           aggregator: ScanAggregator, seconds: Double) throws -> ScanReport {
        let inputs = zip(outcomes, aggregator.counts).map { outcome, counts in
            ScanReport.InputInfo(path: outcome.input.name, status: outcome.error == nil ? "ok" : "failed",
                                 error: outcome.error?.description, compressed: outcome.compressed,
                                 compressedBytes: outcome.compressedBytes, bytes: counts.bytes,
                                 records: counts.records, malformed: counts.malformed)
        }
        let pack = compiled.pack
        return try makeReport(inputs: inputs,
                          rulePack: .init(id: pack.name, version: pack.version, sha256: pack.sha256, source: pack.source, rules: pack.rules.count),
                          relationships: request.relationships.map {
                              .init(path: $0.path, pairs: $0.loaded.table.count, problems: $0.loaded.problems.map(\.description))
                          },
                          aggregator: aggregator, seconds: seconds, threads: request.pipeline.threads, reveal: request.reveal)
    }

    /// The report from inputs' counts and the aggregate stage's state: a
    /// scan's and a merge's are built here alike.
    static func makeReport(inputs: [ScanReport.InputInfo], rulePack: ScanReport.RulePackInfo,
                           relationships: ScanReport.RelationshipsInfo?, aggregator: ScanAggregator,
                           seconds: Double, threads: Int, reveal: Bool) throws -> ScanReport {
        let clients = try aggregator.clients.ranked(reveal: reveal, threads: threads)
        let bytes = inputs.reduce(Int64(0)) { $0 + $1.bytes }
        let totals = ScanReport.Totals(
            inputs: inputs.count, failedInputs: inputs.filter { $0.status != "ok" }.count,
            records: inputs.reduce(0) { $0 + $1.records }, bytes: bytes,
            malformed: inputs.reduce(0) { $0 + $1.malformed }, findings: aggregator.findings,
            findingsByCategory: Dictionary(uniqueKeysWithValues: aggregator.findingsByCategory.map { ($0.key.rawValue, $0.value) }),
            clients: clients.count, findingsWithoutClient: aggregator.clients.findingsWithoutClient,
            judgements: Dictionary(uniqueKeysWithValues: aggregator.judgements.map { ($0.key.rawValue, $0.value) }),
            joinedFindings: aggregator.conversations.joinedFindings,
            conversationsForgotten: aggregator.conversations.forgottenConversations)
        return ScanReport(
            toolVersion: OffsideVersion.current, rulePack: rulePack, relationships: relationships,
            inputs: inputs, totals: totals,
            timings: .init(seconds: (seconds * 1000).rounded() / 1000,
                           mbPerSecond: seconds > 0 ? (Double(bytes) / 1e6 / seconds * 10).rounded() / 10 : 0,
                           threads: threads),
            clients: clients)
    }
}

extension ScanRun {
    /// Says how much client state went to disk, and why memory grew if
    /// spilling failed.
    static func logSpill(_ clients: ClientAggregator, logger: Logger) {
        if let error = clients.spillError {
            logger.warning("client state stayed in memory: spilling it to disk failed: \(error)")
        }
        if clients.spilledRuns > 0 {
            logger.info("client state spilled to disk: \(clients.spilledRuns) runs, \(clients.spilledBytes / 1_000_000) MB written, merged in \(clients.mergedRanges) client-id ranges")
        }
    }

    static func partialHeader(request: ScanRequest, compiled: CompiledRulePack) throws -> PartialFormat.Header {
        let pack = compiled.pack
        var relationshipsHash: String?
        if let path = request.relationships?.path {
            relationshipsHash = SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return PartialFormat.Header(
            offsidePartial: PartialFormat.version, toolVersion: OffsideVersion.current,
            rulePack: .init(id: pack.name, version: pack.version, sha256: pack.sha256, source: pack.source, rules: pack.rules.count),
            relationships: request.relationships.map {
                .init(path: $0.path, pairs: $0.loaded.table.count, problems: $0.loaded.problems.map(\.description))
            },
            relationshipsSHA256: relationshipsHash,
            options: .init(request.conversations, evidenceLimit: request.evidenceLimit),
            splitSeverity: Dictionary(uniqueKeysWithValues: splitSeverity(pack).map { ($0.key.rawValue, $0.value) }),
            follows: pack.followsByRule.isEmpty ? nil : pack.followsByRule.mapValues { $0.map(\.rawValue) },
            channelOnly: pack.callOfferRules.channelOnly.isEmpty ? nil : pack.callOfferRules.channelOnly.sorted(),
            defersToContract: pack.callOfferRules.deferToContract.isEmpty ? nil : pack.callOfferRules.deferToContract.sorted(),
            scoredRules: pack.scoredRuleIDs.isEmpty ? nil : pack.scoredRuleIDs.sorted())
    }

    /// A detail joined from pieces is as severe as the pack's strongest rule
    /// for its category.
    static func splitSeverity(_ pack: RulePack) -> [Category: Int] {
        var severity: [Category: Int] = [:]
        for rule in pack.rules where !rule.isAllowlist && (rule.category == .contactPhone || rule.category == .contactEmail) {
            severity[rule.category] = max(severity[rule.category] ?? 0, rule.severity)
        }
        return severity
    }
}

/// One slot per part of a parallel loop, each written by its own iteration.
///
/// Threading: `set` from any thread, each index once; `values` after the loop.
final class PartResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.map { $0! } }

    /// Moves the value at `index` out, leaving the slot empty.
    func take(_ index: Int) -> Value {
        lock.lock()
        defer { lock.unlock() }
        let value = slots[index]!
        slots[index] = nil
        return value
    }
}
