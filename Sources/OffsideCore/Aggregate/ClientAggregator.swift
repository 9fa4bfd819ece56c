/// Folds findings, in input order, into per-client state: counts by category,
/// conversations, freelancers approached, who initiated, refusals received,
/// first and last seen, and top evidence. A message's client is its sender
/// when a client wrote it, else its recipient (DESIGN.md).
///
/// Threading: not thread-safe; fed by the aggregator queue only.
public final class ClientAggregator {
    public private(set) var clients: [String: ClientState] = [:]
    /// Findings whose client is unknown (a freelancer's message with no recipient).
    public private(set) var findingsWithoutClient = 0
    private let evidenceLimit: Int
    /// Conversations whose first off-platform finding has been seen.
    private var conversationsWithInitiator: Set<String> = []
    /// The message of the last refusal counted: a message's findings arrive
    /// together, and two refusal rules on one message are one refusal.
    private var lastRefusalMessage: (archive: String, id: String)?

    public init(evidenceLimit: Int = 5) {
        self.evidenceLimit = evidenceLimit
    }

    public func add(_ finding: Finding) {
        let firstInConversation = finding.category != .refusal && conversationsWithInitiator.insert(finding.conversationID).inserted
        guard let clientID = finding.clientID else {
            findingsWithoutClient += 1
            return
        }
        // Mutated in place through the dictionary's modify accessor: copying
        // the state out and back would copy its sets on every finding, which
        // is quadratic for a client with thousands of conversations.
        var countsAsRefusal = false
        if finding.category == .refusal {
            countsAsRefusal = lastRefusalMessage.map { $0.archive != finding.archive || $0.id != finding.messageID } ?? true
            lastRefusalMessage = (finding.archive, finding.messageID)
        }
        update(&clients[clientID, default: ClientState(clientID: clientID)], with: finding, firstInConversation: firstInConversation,
               countsAsRefusal: countsAsRefusal)
    }

    private func update(_ state: inout ClientState, with finding: Finding, firstInConversation: Bool, countsAsRefusal: Bool) {
        state.findings += 1
        state.categories[finding.category, default: 0] += 1
        state.conversations.insert(finding.conversationID)
        if let ts = finding.timestampMillis {
            state.firstSeen = min(state.firstSeen ?? ts, ts)
            state.lastSeen = max(state.lastSeen ?? ts, ts)
        }
        let ownWords = finding.senderRole == .client
        if finding.category == .refusal {
            if !ownWords && countsAsRefusal { state.refusalsReceived += 1 }
        } else {
            let weight = finding.category.isContact ? 1.0 : 1.5
            if ownWords {
                state.ownSeverity += Double(finding.severity) * weight
                if let freelancer = finding.recipientID { state.freelancersApproached.insert(freelancer) }
                if firstInConversation { state.initiated += 1 }
            } else {
                state.partnerSeverity += Double(finding.severity)
            }
        }
        state.keepEvidence(finding, limit: evidenceLimit)
    }
}
