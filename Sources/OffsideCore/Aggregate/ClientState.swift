/// What is known about one client after some judged findings: the counts the
/// report shows, the terms the score is made of, and bounded lists of the
/// strongest evidence and of the refusals the client received.
///
/// A mergeable value: `merge` is associative and commutative (sums, set
/// unions, minima and maxima, and top-k lists under a total order), so
/// partial states from disjoint sets of whole conversations — two halves of
/// an archive, or a cluster's partitions — combine into the state a single
/// scan would have built.
public struct ClientState: Sendable, Equatable {
    public let clientID: String
    /// The client's own findings, by category, whatever their judgement.
    public var categories: [Category: Int] = [:]
    /// Conversations with any finding involving the client.
    public var conversations: Set<String> = []
    /// Distinct freelancers the client wrote a violation to.
    public var freelancersApproached: Set<String> = []
    /// Conversations where the client wrote the first violating move a
    /// phrase rule found (a scorer rule's reading opens none).
    public var initiated = 0
    /// Messages in which a freelancer refused the client.
    public var refusalsReceived = 0
    /// The client's own violations written after the freelancer had refused.
    public var persistedAfterRefusal = 0
    /// Findings (either party's) in exempt pairs, and contact after a contract.
    public var exemptFindings = 0
    public var toleratedFindings = 0
    /// The client's own violations, and those of them that were contact with
    /// the contract state unknown (judged as before a contract).
    public var violations = 0
    public var contractUnknown = 0
    /// The client's own violations that answered the freelancer's request.
    public var answeredRequests = 0
    /// The freelancers' findings (not refusals) in the client's conversations.
    public var partnerFindings = 0
    /// Every finding attributed to the client, either party's.
    public var findings = 0
    /// Highest severity of the client's own violations, per category.
    public var maxSeverity: [Category: Int] = [:]
    public var firstSeen: Int64?
    public var lastSeen: Int64?
    public var evidence: [Finding] = []
    public var refusals: [Finding] = []

    public init(clientID: String) { self.clientID = clientID }

    /// Evidence order: the client's own violations first, then the
    /// freelancer's violations, then tolerated and exempt findings; within a
    /// tier stronger first, then earlier, then position in the input — a
    /// total order, so a top-k is deterministic and merges exactly.
    public static func ranksBefore<A: ShortListRanked, B: ShortListRanked>(_ a: A, _ b: B) -> Bool {
        let ta = tier(a.judgement, a.senderRole), tb = tier(b.judgement, b.senderRole)
        if ta != tb { return ta < tb }
        if a.severity != b.severity { return a.severity > b.severity }
        return comesBefore(a, b)
    }

    /// Input order, for refusals: the first ones a reviewer should read.
    public static func comesBefore<A: ShortListRanked, B: ShortListRanked>(_ a: A, _ b: B) -> Bool {
        if (a.timestampMillis ?? .max) != (b.timestampMillis ?? .max) { return (a.timestampMillis ?? .max) < (b.timestampMillis ?? .max) }
        if a.archive != b.archive { return a.archive < b.archive }
        if a.line != b.line { return a.line < b.line }
        if a.start != b.start { return a.start < b.start }
        if a.rule != b.rule { return a.rule < b.rule }
        return a.messageIDCount < b.messageIDCount
    }

    private static func tier(_ judgement: Judgement, _ role: SenderRole) -> Int {
        switch judgement {
        case .violation: return role == .client ? 0 : 1
        case .tolerated, .exempt, .mitigating: return 2
        }
    }

    /// Offers an entry to a top-`limit` list kept sorted by `order`; true
    /// when it was admitted.
    @discardableResult
    static func keep<Entry>(_ entry: Entry, in list: inout [Entry], limit: Int, by order: (Entry, Entry) -> Bool) -> Bool {
        guard limit > 0 else { return false }
        // Compared in place: binding `list.last` copied a whole finding (a
        // dozen retains) for every finding offered.
        if list.count >= limit, !order(entry, list[list.count - 1]) { return false }
        // Grown to `limit + 1` at most, not by doubling: these lists are
        // most of a client's memory, and a 5-entry list doubled to 8.
        if list.count == list.capacity { list.reserveCapacity(Swift.min(limit + 1, Swift.max(1, 2 * list.count))) }
        let index = list.firstIndex { order(entry, $0) } ?? list.count
        list.insert(entry, at: index)
        if list.count > limit { list.removeLast() }
        return true
    }

    /// Folds another partial state of the same client into this one.
    /// `evidenceLimit` and `refusalLimit` must be those both were built with.
    public mutating func merge(_ other: ClientState, evidenceLimit: Int, refusalLimit: Int) {
        precondition(other.clientID == clientID, "merging states of different clients")
        categories.merge(other.categories, uniquingKeysWith: +)
        conversations.formUnion(other.conversations)
        freelancersApproached.formUnion(other.freelancersApproached)
        initiated += other.initiated
        refusalsReceived += other.refusalsReceived
        persistedAfterRefusal += other.persistedAfterRefusal
        exemptFindings += other.exemptFindings
        toleratedFindings += other.toleratedFindings
        violations += other.violations
        contractUnknown += other.contractUnknown
        answeredRequests += other.answeredRequests
        partnerFindings += other.partnerFindings
        findings += other.findings
        maxSeverity.merge(other.maxSeverity, uniquingKeysWith: max)
        firstSeen = [firstSeen, other.firstSeen].compactMap { $0 }.min()
        lastSeen = [lastSeen, other.lastSeen].compactMap { $0 }.max()
        for f in other.evidence { Self.keep(f, in: &evidence, limit: evidenceLimit, by: Self.ranksBefore) }
        for f in other.refusals { Self.keep(f, in: &refusals, limit: refusalLimit, by: Self.comesBefore) }
    }
}

/// What the short lists' orders read of a finding (`ClientState.ranksBefore`,
/// `comesBefore`), so that the database writer can rank compact keys the same
/// way the client stage ranks findings.
public protocol ShortListRanked {
    var judgement: Judgement { get }
    var senderRole: SenderRole { get }
    var severity: Int { get }
    var timestampMillis: Int64? { get }
    var archive: String { get }
    var line: Int { get }
    var start: Int { get }
    var rule: String { get }
    var messageIDCount: Int { get }
}

extension Finding: ShortListRanked {
    public var messageIDCount: Int { messageIDs.count }
}
