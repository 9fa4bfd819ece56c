/// What is known about one client after some findings: the counts the report
/// shows and a bounded list of the strongest evidence.
public struct ClientState: Sendable {
    public let clientID: String
    public var categories: [Category: Int] = [:]
    public var conversations: Set<String> = []
    /// Distinct freelancers this client wrote a (non-refusal) finding to.
    public var freelancersApproached: Set<String> = []
    /// Conversations where the client wrote the first off-platform finding.
    public var initiated = 0
    public var refusalsReceived = 0
    public var exemptFindings = 0
    public var findings = 0
    public var firstSeen: Int64?
    public var lastSeen: Int64?
    /// Σ severity of the client's own findings, payment and scam ×1.5.
    public var ownSeverity = 0.0
    /// Σ severity of the other party's findings in the client's conversations.
    public var partnerSeverity = 0.0
    public var evidence: [Finding] = []

    public init(clientID: String) { self.clientID = clientID }

    /// Evidence order: stronger first, the client's own words before the
    /// other party's, then earlier, then position in the input — a total order,
    /// so the top-k is deterministic.
    public static func ranksBefore(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        let aOwn = a.senderRole == .client, bOwn = b.senderRole == .client
        if aOwn != bOwn { return aOwn }
        if (a.timestampMillis ?? .max) != (b.timestampMillis ?? .max) { return (a.timestampMillis ?? .max) < (b.timestampMillis ?? .max) }
        if a.archive != b.archive { return a.archive < b.archive }
        if a.line != b.line { return a.line < b.line }
        if a.start != b.start { return a.start < b.start }
        return a.rule < b.rule
    }

    mutating func keepEvidence(_ finding: Finding, limit: Int) {
        guard limit > 0 else { return }
        if evidence.count == limit, let last = evidence.last, !Self.ranksBefore(finding, last) { return }
        let index = evidence.firstIndex { Self.ranksBefore(finding, $0) } ?? evidence.count
        evidence.insert(finding, at: index)
        if evidence.count > limit { evidence.removeLast() }
    }
}
