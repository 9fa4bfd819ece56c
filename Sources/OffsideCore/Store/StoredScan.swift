import Foundation
import Logging

/// `scan --db`: how the run treats its database.
public struct StoreOptions: Sendable {
    public var path: String
    /// Scan archives again that are already stored with this rule pack,
    /// replacing their rows.
    public var rescan: Bool
    /// The night of findings whose message had no timestamp (`--night`);
    /// today (UTC) by default.
    public var night: String?
    /// How long to wait for another run on the same database.
    public var waitSeconds: Double
    /// Delete stored nights older than this many days after the run.
    public var keepDays: Int?

    public init(path: String, rescan: Bool = false, night: String? = nil, waitSeconds: Double = 10, keepDays: Int? = nil) {
        self.path = path
        self.rescan = rescan
        self.night = night
        self.waitSeconds = waitSeconds
        self.keepDays = keepDays
    }
}

/// What a `--db` run did with each archive, for the summary.
public struct StoredRunInfo: Sendable {
    public var database: String
    public var runID: Int64
    /// Archives already stored with this rule pack, not scanned again.
    public var skipped: [String] = []
    /// Archives scanned and committed.
    public var committed: [String] = []
    /// Archives that could not be stored (the scan of the others went on).
    public var errors: [String] = []
    /// Skipped archives stored with other relationships or options.
    public var notes: [String] = []
    public var pruned: PruneResult?
}

/// Runs a scan whose results go to the database, archive by archive (see
/// `ArchiveWriter`), and builds its report from what is stored: the
/// archives it skipped count as they did when they were scanned, so a
/// resumed run's report equals an uninterrupted one's.
///
/// Conversation state is carried from archive to archive in the order
/// given, as in a scan without `--db`; before an archive that follows a
/// skipped one, the state stored with the skipped one is restored.
///
/// Threading: `run` blocks its caller.
enum StoredScan {
    static func run(_ request: ScanRequest, store: StoreOptions, compiled: CompiledRulePack, progress: ScanProgress?,
                    logger: Logger) throws -> ScanOutcome {
        if request.inputs.contains(where: { $0.path == nil }) {
            throw StoreError("--db needs archive files: standard input cannot be recognised when a run is repeated")
        }
        let fallbackNight = store.night ?? NightDate.today()
        let lock = try RunLock(databasePath: store.path, waitSeconds: store.waitSeconds)
        defer { lock.release() }
        let database = try ScanDatabase(path: store.path, create: true)
        let pack = compiled.pack
        let relationshipsSHA256 = try request.relationships.map { SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: $0.path))) }
        let options = try String(decoding: JSONEncoder.sorted.encode(
            PartialFormat.Options(request.conversations, evidenceLimit: request.evidenceLimit)), as: UTF8.self)

        // Recognise every archive first: the plan decides what to scan.
        logger.info("recognising \(request.inputs.count) archive(s) by content hash")
        var plans: [ArchiveWriter.Plan] = []
        var stored: [StoredArchive?] = []
        for input in request.inputs {
            let path = input.path ?? input.name
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
            // An archive that cannot be read is still handed to the pipeline,
            // which reports it with the others and stores nothing of it.
            let sha = (try? FileDigest.sha256Hex(path: path)) ?? "unreadable:\(path)"
            let existing = try database.archive(contentSHA256: sha, rulePackSHA256: pack.sha256)
            plans.append(.init(path: input.name, size: size, contentSHA256: sha, night: fallbackNight,
                               replace: existing != nil && store.rescan))
            stored.append(existing)
        }
        let runID = try database.beginRun(pack: pack, relationshipsSHA256: relationshipsSHA256, options: options,
                                          startedAt: NightDate.nowRFC3339())
        var info = StoredRunInfo(database: store.path, runID: runID)
        var toScan: [Int] = []
        for (index, existing) in stored.enumerated() {
            if let existing, !store.rescan {
                info.skipped.append(plans[index].path)
                logger.info("\(plans[index].path): already stored with rule pack \(pack.name) v\(pack.version) (run \(existing.runID), \(existing.scannedAt)); skipped (--rescan scans it again)")
                if existing.relationshipsSHA256 != relationshipsSHA256 || existing.options != options {
                    info.notes.append("\(plans[index].path) was stored with other --relationships or join/evidence options; --rescan applies these")
                }
            } else {
                toScan.append(index)
            }
        }

        let started = DispatchTime.now()
        var outcomes: [InputOutcome] = []
        var counts: [ScanAggregator.InputCounts] = []
        var namedMalformed: [ScanAggregator.NamedMalformedLine] = []
        var scanned: ScanAggregator?
        var archiveWriter: ArchiveWriter?
        var prepared: StoredReport.ClientPart?
        if !toScan.isEmpty {
            let scanInputs = toScan.map { request.inputs[$0] }
            let aggregator = ScanAggregator(inputs: scanInputs, findingWriter: nil, rejects: nil,
                                            evidenceLimit: request.evidenceLimit, conversationOptions: request.conversations,
                                            relationships: request.relationships?.loaded.table ?? RelationshipTable(),
                                            splitSeverity: ScanRun.splitSeverity(pack), follows: pack.followsByRule,
                                            callOffers: pack.callOfferRules, scoredRules: pack.scoredRuleIDs,
                                            clientSpill: request.clientSpill)
            aggregator.progress = progress
            let writer = try ArchiveWriter(database: database, pack: pack, runID: runID,
                                       relationshipsSHA256: relationshipsSHA256, options: options,
                                       evidenceLimit: aggregator.clients.evidenceLimit,
                                       refusalLimit: aggregator.clients.refusalLimit)
            writer.logger = logger
            archiveWriter = writer
            let findingWriter = try request.findingsPath.map { try FindingWriter(path: $0, reveal: request.reveal) }
            let tracker = aggregator.conversations
            let carrier = StateCarrier(database: database, stored: stored, logger: logger)
            try carrier.restore(before: toScan[0], into: tracker)
            let box = ArchiveBoundary(aggregator: aggregator, writer: writer, carrier: carrier)
            // The run's client stage starts empty: during its first archive
            // it has seen that archive's findings alone, and which of them
            // it admits are the ones whose excerpts the database keeps.
            let clients = aggregator.foldsClients ? aggregator.clients : nil
            aggregator.onFinding = { finding in
                writer.add(finding, admitted: box.firstArchive ? clients?.lastAdmitted : nil)
                try? findingWriter?.write(finding)
            }
            let plans = plans, toScan = toScan
            writer.begin(plans[toScan[0]])
            logger.debug("\(compiled.database.summary)")
            let pipeline = ScanPipeline(compiled: compiled, options: request.pipeline)
            outcomes = pipeline.run(inputs: scanInputs, progress: progress, inputEnded: { position, outcome in
                let aggregator = box.aggregator, writer = box.writer
                let planIndex = toScan[position]
                let isLast = position == toScan.count - 1
                if let error = outcome.error {
                    writer.abort()
                    logger.error("\(error); nothing of it stored, the next run scans it again")
                } else {
                    if isLast { aggregator.conversations.closeOpenChains() }
                    let counts = aggregator.counts[position]
                    let conversations = aggregator.conversations
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - box.archiveStart.uptimeNanoseconds) / 1e9
                    writer.end(.init(compressed: outcome.compressed, bytes: counts.bytes, records: counts.records,
                                     malformed: counts.malformed, findings: aggregator.findings - box.findingsBefore,
                                     joinedFindings: conversations.joinedFindings - box.joinedBefore,
                                     conversationsForgotten: conversations.forgottenConversations - box.forgottenBefore,
                                     seconds: seconds, snapshot: conversations.capture()))
                    logger.debug("\(plans[planIndex].path): \(aggregator.findings - box.findingsBefore) findings, \(counts.records) records, handed to the database")
                }
                box.firstArchive = false
                guard !isLast else { return }
                do {
                    try box.carrier.restore(before: toScan[position + 1], after: planIndex, into: aggregator.conversations)
                } catch {
                    logger.warning("\(error); the next archive starts with no carried conversation state")
                }
                box.archiveStart = DispatchTime.now()
                box.joinedBefore = aggregator.conversations.joinedFindings
                box.forgottenBefore = aggregator.conversations.forgottenConversations
                box.findingsBefore = aggregator.findings
                writer.begin(plans[toScan[position + 1]])
            }) { aggregator.consume($0) }
            logger.debug("pipeline finished")
            // The outcome keeps the aggregator; its hook must not keep the
            // writer, and through it the database, open.
            aggregator.onFinding = nil
            counts = aggregator.counts
            scanned = aggregator
            namedMalformed = aggregator.namedMalformed
            try findingWriter?.close()
            // The report's client states are built and ranked while the
            // writer commits the last archive: the scan's state, and the
            // skipped archives' findings, which earlier runs committed.
            // (Not with --keep-days: pruning after the commit may delete
            // findings read back here.)
            if outcomes.allSatisfy({ $0.error == nil }) && store.keepDays == nil {
                let readBack = stored.indices.filter { !toScan.contains($0) }.compactMap { stored[$0]?.id }
                var part = try database.pool.read { db in
                    try StoredReport.clientPart(db, readBack: readBack, selection: StoredSelection(), evidenceLimit: request.evidenceLimit,
                                                spill: request.clientSpill, preloaded: PreloadedClients(archiveIDs: [], aggregator: aggregator))
                }
                _ = try part.rank(reveal: request.reveal, threads: request.pipeline.threads)
                prepared = part
                logger.debug("report clients built and ranked; waiting for the database writer")
            }
            let written = writer.close()
            info.committed = written.committed.map(\.path)
            info.errors = written.errors
            for error in written.errors { logger.error("\(error)") }
            logger.debug("database writer finished: \(written.committed.count) archives committed")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        // The run is marked finished after its report, when the writer's last
        // checkpoint (which runs beside the report) no longer holds the
        // write lock; also when the report fails.
        var runRecorded = false
        defer {
            if !runRecorded {
                archiveWriter?.finish()
                try? database.finishRun(id: runID, status: "failed", finishedAt: NightDate.nowRFC3339(),
                                        scanned: info.committed.count, skipped: info.skipped.count)
            }
        }
        if let keepDays = store.keepDays {
            info.pruned = try StoreMaintenance.prune(database, keepDays: keepDays, today: NightDate.today())
        }

        // The report covers every archive of the run that is stored. Client
        // state was built during the scan for the archives this run stored;
        // only the skipped ones' findings are read back.
        var ids: [Int64] = []
        var storedNow: [Int64] = []
        let committedPaths = Set(info.committed)
        for plan in plans {
            if let row = try database.archive(contentSHA256: plan.contentSHA256, rulePackSHA256: pack.sha256) {
                ids.append(row.id)
                if committedPaths.contains(plan.path) && row.runID == runID { storedNow.append(row.id) }
            }
        }
        // A failed archive's findings reached the in-memory state but not
        // the database: then read everything back, so the report is what
        // is stored.
        let preloaded = scanned.flatMap { aggregator -> PreloadedClients? in
            outcomes.contains { $0.error != nil } || !info.errors.isEmpty ? nil : PreloadedClients(archiveIDs: storedNow, aggregator: aggregator)
        }
        var report: ScanReport
        if ids.isEmpty {
            report = try ScanRun.makeReport(inputs: [], rulePack: .init(pack), relationships: nil,
                                        aggregator: ScanAggregator(inputs: [], findingWriter: nil, rejects: nil, evidenceLimit: 0),
                                        seconds: seconds, threads: request.pipeline.threads, reveal: request.reveal)
        } else {
            report = try StoredReport.build(database: database, selection: StoredSelection(archiveIDs: ids, rulePack: pack.sha256),
                                            reveal: request.reveal, evidenceLimit: request.evidenceLimit,
                                            threads: request.pipeline.threads, spill: request.clientSpill, preloaded: preloaded,
                                            prepared: preloaded == nil ? nil : prepared)
        }
        if let scanned { ScanRun.logSpill(scanned.clients, logger: logger) }
        // Inputs as this run saw them: failed ones too, in the order given.
        var inputs: [ScanReport.InputInfo] = []
        let storedByPath = Dictionary(report.inputs.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for (index, plan) in plans.enumerated() {
            if let position = toScan.firstIndex(of: index), position < outcomes.count, let error = outcomes[position].error {
                inputs.append(.init(path: plan.path, status: "failed", error: error.description, compressed: outcomes[position].compressed,
                                    compressedBytes: outcomes[position].compressedBytes, bytes: counts[position].bytes,
                                    records: counts[position].records, malformed: counts[position].malformed))
            } else if let info = storedByPath[plan.path] {
                inputs.append(info)
            }
        }
        report.inputs = inputs
        report.totals.inputs = inputs.count
        report.totals.failedInputs = inputs.filter { $0.status != "ok" }.count
        report.rulePack = .init(pack)
        report.relationships = request.relationships.map {
            .init(path: $0.path, pairs: $0.loaded.table.count, problems: $0.loaded.problems.map(\.description))
        }
        let scannedBytes = counts.reduce(Int64(0)) { $0 + $1.bytes }
        report.timings = .init(seconds: (seconds * 1000).rounded() / 1000,
                               mbPerSecond: seconds > 0 ? (Double(scannedBytes) / 1e6 / seconds * 10).rounded() / 10 : 0,
                               threads: request.pipeline.threads)
        logger.debug("report built from the database")
        if let path = request.reportPath { try report.write(to: path) }
        if let path = request.csvReportPath { try CSVReport.write(report, to: path) }
        if let path = request.htmlReportPath { try HTMLReport.write(report, to: path) }
        logger.debug("report files written")
        archiveWriter?.finish()
        runRecorded = true
        try database.finishRun(id: runID, status: info.errors.isEmpty ? "finished" : "failed", finishedAt: NightDate.nowRFC3339(),
                               scanned: info.committed.count, skipped: info.skipped.count)
        return ScanOutcome(report: report, namedMalformed: namedMalformed,
                           inputErrors: outcomes.compactMap(\.error), stored: info, aggregator: scanned)
    }
}

/// Restores the conversation state stored with a skipped archive before the
/// next scanned one.
///
/// Threading: used on the aggregate queue (and before the pipeline starts).
final class StateCarrier: @unchecked Sendable {
    private let database: ScanDatabase
    private let stored: [StoredArchive?]
    private let logger: Logger

    init(database: ScanDatabase, stored: [StoredArchive?], logger: Logger) {
        self.database = database
        self.stored = stored
        self.logger = logger
    }

    /// Before scanning archive `next`: when the archive just before it was
    /// skipped (stored earlier), its state replaces what the tracker holds.
    /// `after` is the archive the tracker's state came from, if any.
    func restore(before next: Int, after previous: Int? = nil, into tracker: ConversationTracker) throws {
        guard next > 0, next - 1 != previous, let archive = stored[next - 1] else { return }
        if let snapshot = try database.snapshot(archiveID: archive.id) {
            try tracker.restore(snapshot)
            logger.debug("carried \(snapshot.conversations) conversations from \(archive.path)")
        } else {
            try tracker.restore(ConversationSnapshot(clock: 0, entries: []))
            logger.notice("\(archive.path): no conversation state stored with it; the next archive starts afresh")
        }
    }
}

/// The aggregate stage's objects and the counters at the start of the
/// current archive, for the pipeline's `@Sendable` end-of-input callback.
///
/// Threading: used on the aggregate queue only.
private final class ArchiveBoundary: @unchecked Sendable {
    let aggregator: ScanAggregator
    let writer: ArchiveWriter
    let carrier: StateCarrier
    var archiveStart = DispatchTime.now()
    var joinedBefore = 0, forgottenBefore = 0, findingsBefore = 0
    /// The run's first archive, whatever its outcome, is being read.
    var firstArchive = true

    init(aggregator: ScanAggregator, writer: ArchiveWriter, carrier: StateCarrier) {
        self.aggregator = aggregator
        self.writer = writer
        self.carrier = carrier
    }
}

extension ScanReport.RulePackInfo {
    init(_ pack: RulePack) {
        self.init(id: pack.name, version: pack.version, sha256: pack.sha256, source: pack.source, rules: pack.rules.count)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
