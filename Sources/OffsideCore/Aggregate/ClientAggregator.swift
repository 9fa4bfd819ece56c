/// The client stage: folds judged findings, in conversation order, into
/// per-client state. A finding's client is its sender when a client wrote
/// it, else its recipient (DESIGN.md).
///
/// Past `ClientSpillOptions.clientsInMemory` clients, all states are
/// written to disk and the stage starts afresh (`ClientSpill`); `ranked`
/// merges them back.
///
/// Threading: not thread-safe; fed by the aggregate queue only.
public final class ClientAggregator {
    /// The states in memory: every client's, unless some were spilled.
    public private(set) var clients: [String: ClientState] = [:]
    /// Findings whose client is unknown (a freelancer's message with no recipient).
    public private(set) var findingsWithoutClient = 0
    public let evidenceLimit: Int
    public let refusalLimit: Int
    private var refusalMessages = RefusalMessages()
    /// Whether the finding added last entered its client's evidence or
    /// refusal list (`ExcerptSelector` asks the same of one archive).
    public private(set) var lastAdmitted = false

    private var spill: ClientSpill?
    /// Why spilling stopped, if it failed: the states stay in memory then,
    /// so nothing is lost, but memory is no longer bounded.
    public private(set) var spillError: Error?
    /// The spilled runs, merged: set by `ranked`, after which the stage
    /// takes no more findings.
    private var merged: SpilledClients?

    public init(evidenceLimit: Int = 5, refusalLimit: Int = 3, spill: ClientSpillOptions? = nil) {
        self.evidenceLimit = evidenceLimit
        self.refusalLimit = refusalLimit
        self.spill = spill.map(ClientSpill.init)
    }

    /// Runs written to disk so far, and their bytes.
    public var spilledRuns: Int { spill?.runsWritten ?? 0 }
    public var spilledBytes: Int64 { spill?.bytesWritten ?? 0 }
    /// Client-id ranges the spilled runs were merged in, side by side (0
    /// before the merge or without one).
    public var mergedRanges: Int { merged?.fileCount ?? 0 }

    public func add(_ finding: Finding) {
        guard let clientID = finding.clientID else {
            findingsWithoutClient += 1
            lastAdmitted = false
            return
        }
        precondition(merged == nil, "a finding added after the spilled clients were merged")
        let newRefusal = refusalMessages.isNew(finding)
        // Mutated in place through the dictionary's modify accessor: copying
        // the state out and back would copy its sets on every finding, which
        // is quadratic for a client with thousands of conversations.
        update(&clients[clientID, default: ClientState(clientID: clientID)], with: finding, newRefusal: newRefusal)
        spillIfFull()
    }

    /// The bounded list of its client's state a finding competes for.
    enum ShortList { case evidence, refusals }

    /// `nil` for a finding that can never be shown as evidence or as a
    /// refusal (a refusal the client wrote, or a second finding of one
    /// refusing message).
    static func shortList(for f: Finding, newRefusal: Bool) -> ShortList? {
        guard f.judgement == .mitigating else { return .evidence }
        return f.senderRole != .client && newRefusal ? .refusals : nil
    }

    /// Adds a partial state built elsewhere (another half, another worker).
    public func merge(_ state: ClientState) {
        precondition(merged == nil, "a state added after the spilled clients were merged")
        if clients[state.clientID] == nil {
            clients[state.clientID] = state
        } else {
            clients[state.clientID]!.merge(state, evidenceLimit: evidenceLimit, refusalLimit: refusalLimit)
        }
        spillIfFull()
    }

    private func spillIfFull() {
        guard let spill, spillError == nil, clients.count > spill.options.clientsInMemory else { return }
        do {
            try spill.write(clients)
            clients.removeAll(keepingCapacity: true)
        } catch {
            takeBack(error)
        }
    }

    /// After a run failed to be written: its states come back into memory
    /// and spilling stops (the runs written before are kept), so nothing is
    /// lost but memory is no longer bounded.
    private func takeBack(_ failure: ClientSpill.Failure) {
        spillError = failure.error
        for state in failure.states() { merge(state) }
    }

    /// The report's clients, ranked: from memory, or merged from the
    /// spilled runs and what memory still holds (which is then emptied).
    public func ranked(reveal: Bool, threads: Int,
                       decorate: (@Sendable (inout ScanReport.Client) -> Void)? = nil) throws -> ReportClients {
        if let merged { return ReportClients(ranking: merged, reveal: reveal, decorate: decorate) }
        do {
            try spill?.finishWriting()
        } catch {
            takeBack(error)
        }
        guard let spill, spill.runCount > 0 else {
            return ReportClients(ranking: Array(clients.values), reveal: reveal, threads: threads, decorate: decorate)
        }
        // What memory still holds joins the merge as it is, not written;
        // handed over, so that each state's memory goes once it is merged.
        var held = clients
        clients = [:]
        let merged = try spill.merge(taking: &held, evidenceLimit: evidenceLimit, refusalLimit: refusalLimit, parts: threads)
        self.merged = merged
        return ReportClients(ranking: merged, reveal: reveal, decorate: decorate)
    }

    private func update(_ state: inout ClientState, with f: Finding, newRefusal: Bool) {
        let own = f.senderRole == .client
        state.findings += 1
        state.conversations.insert(f.conversationID)
        if let ts = f.timestampMillis {
            state.firstSeen = min(state.firstSeen ?? ts, ts)
            state.lastSeen = max(state.lastSeen ?? ts, ts)
        }
        if own { state.categories[f.category, default: 0] += 1 }
        switch f.judgement {
        case .mitigating:
            if !own && newRefusal && f.answers != nil { state.refusalsReceived += 1 }
        case .exempt: state.exemptFindings += 1
        case .tolerated: state.toleratedFindings += 1
        case .violation:
            if own {
                state.violations += 1
                state.maxSeverity[f.category] = max(state.maxSeverity[f.category] ?? 0, f.severity)
                if f.category.isContact && f.contract == .unknown { state.contractUnknown += 1 }
                if f.afterRefusal { state.persistedAfterRefusal += 1 }
                if f.answers != nil { state.answeredRequests += 1 }
                if f.opensViolation { state.initiated += 1 }
                if let freelancer = f.recipientID { state.freelancersApproached.insert(freelancer) }
            }
        }
        if !own && f.judgement != .mitigating { state.partnerFindings += 1 }
        switch Self.shortList(for: f, newRefusal: newRefusal) {
        case .evidence?: lastAdmitted = ClientState.keep(f, in: &state.evidence, limit: evidenceLimit, by: ClientState.ranksBefore)
        case .refusals?: lastAdmitted = ClientState.keep(f, in: &state.refusals, limit: refusalLimit, by: ClientState.comesBefore)
        case nil: lastAdmitted = false
        }
    }
}

/// Which refusal findings start a new refusing message: a message's
/// findings arrive together, and two refusal rules on one message are one
/// refusal.
///
/// Threading: a value.
struct RefusalMessages {
    private var last: (archive: String, id: String)?

    /// Call for every finding in order; true for the first refusal finding
    /// of a message.
    mutating func isNew(_ f: Finding) -> Bool {
        guard f.category == .refusal else { return false }
        let new = last.map { $0.archive != f.archive || $0.id != f.messageID } ?? true
        last = (f.archive, f.messageID)
        return new
    }
}
