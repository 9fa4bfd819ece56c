import Foundation

/// The aggregate stage: receives chunk results in input order, turns chunk-
/// relative line numbers into archive line numbers, writes rejected lines as
/// they come, passes messages and findings through the conversation stage,
/// and writes the judged findings and folds them into client state.
///
/// Threading: not thread-safe; `consume` is called on the pipeline's serial
/// aggregate queue only, and the accessors are read after the pipeline ends.
public final class ScanAggregator: @unchecked Sendable {
    public struct InputCounts: Sendable {
        public var lines = 0
        public var records = 0
        public var bytes: Int64 = 0
        public var malformed = 0
    }

    /// A malformed line as named in the summary.
    public struct NamedMalformedLine: Sendable {
        public var archive: String
        public var line: Int
        public var reason: String
    }

    public let clients: ClientAggregator
    public let conversations: ConversationTracker
    public private(set) var counts: [InputCounts]
    public private(set) var findings = 0
    public private(set) var findingsByCategory: [Category: Int] = [:]
    public private(set) var judgements: [Judgement: Int] = [:]
    /// The first malformed lines, for the summary; all are counted in `counts`.
    public private(set) var namedMalformed: [NamedMalformedLine] = []
    public private(set) var writeError: Error?
    public static let namedMalformedLimit = 20

    private let inputs: [InputFile]
    private let findingWriter: FindingWriter?
    private let rejects: FileHandle?

    public init(inputs: [InputFile], findingWriter: FindingWriter?, rejects: FileHandle?, evidenceLimit: Int,
                conversationOptions: ConversationOptions = ConversationOptions(),
                relationships: RelationshipTable = RelationshipTable(), splitSeverity: [Category: Int] = [:],
                follows: [String: [Category]] = [:], callOffers: CallOfferRules = CallOfferRules(),
                scoredRules: Set<String> = [],
                exemption: ((Finding) -> ExemptReason?)? = nil, clientSpill: ClientSpillOptions? = nil) {
        self.inputs = inputs
        self.findingWriter = findingWriter
        self.rejects = rejects
        self.counts = Array(repeating: InputCounts(), count: inputs.count)
        let clients = ClientAggregator(evidenceLimit: evidenceLimit, spill: clientSpill)
        self.clients = clients
        var record: (Finding) -> Void = { _ in }
        self.conversations = ConversationTracker(options: conversationOptions, relationships: relationships,
                                                 splitSeverity: splitSeverity, follows: follows, callOffers: callOffers,
                                                 scoredRules: scoredRules, exemption: exemption) { record($0) }
        record = { [unowned self] finding in self.record(finding) }
    }

    /// Records the conversation stage's input for `--partial`.
    var partialRecorder: PartialRecorder?

    /// Sees every judged finding (evaluation collects them here).
    public var onFinding: ((Finding) -> Void)?

    /// False when the client stage is built elsewhere (`scan --db` builds
    /// its report from the database): saves the aggregate thread its work.
    public var foldsClients = true

    /// Records and findings for a progress display.
    public var progress: ScanProgress?

    private func record(_ finding: Finding) {
        findings += 1
        findingsByCategory[finding.category, default: 0] += 1
        judgements[finding.judgement, default: 0] += 1
        if foldsClients { clients.add(finding) }
        // After the client stage, whose `lastAdmitted` the hook may read.
        onFinding?(finding)
        do {
            try findingWriter?.write(finding)
        } catch {
            if writeError == nil { writeError = error }
        }
    }

    /// Judges what the conversation stage still holds; call after the last chunk.
    public func finish() {
        conversations.finish()
    }

    public func consume(_ result: ChunkResult) {
        let lineBase = counts[result.inputIndex].lines
        counts[result.inputIndex].lines += result.lineCount
        counts[result.inputIndex].records += result.records
        counts[result.inputIndex].bytes += Int64(result.bytes)
        counts[result.inputIndex].malformed += result.malformed.count
        for bad in result.malformed {
            let line = lineBase + bad.lineInChunk + 1
            if namedMalformed.count < Self.namedMalformedLimit {
                namedMalformed.append(NamedMalformedLine(archive: inputs[result.inputIndex].name, line: line, reason: bad.reason))
            }
            if let rejects, let raw = bad.raw {
                rejects.write(Data(raw + [0x0A]))
            }
        }
        // Findings keep their lines within the chunk here: the stages below
        // copy each one anyway and add `lineBase` then, where renumbering
        // the arrays first copied every finding of the chunk once more.
        partialRecorder?.record(inputIndex: result.inputIndex, messages: result.messages, findings: result.findings,
                                fragments: result.fragments, lineBase: lineBase)
        conversations.consume(messages: result.messages, findings: result.findings, fragments: result.fragments,
                              lineBase: lineBase)
        let total = self.findings
        progress?.update {
            $0.records += result.records
            $0.findings = total
        }
    }
}
