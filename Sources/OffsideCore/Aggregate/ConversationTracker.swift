/// The conversation stage (DESIGN.md "Aggregate"): walks every message in
/// input order and, per conversation, joins details split over consecutive
/// messages, links a detail to the other party's request it answers, names
/// the initiator (the first party to ask for or offer an off-platform move),
/// notes refusals, keeps a reply rule's match only when a message just
/// before it had a finding of a category the rule follows, and judges each
/// finding by the policy (contract, exemptions). Judged findings go to `emit`
/// in conversation order.
///
/// Only conversations with a finding or a contact piece get state, and at
/// most `maxConversations` of them are kept: the least recently active are
/// forgotten (their open split detail is judged first). A conversation that
/// comes back after that starts afresh.
///
/// Threading: not thread-safe; fed by the aggregate queue only.
public final class ConversationTracker {
    struct State {
        var conversationID: String
        /// Messages of this conversation seen since its state was made.
        var messageCount = 0
        var lastTouched = 0
        var initiator: (id: String, role: SenderRole)?
        var violationOpened = false
        var clientRefused = false
        var freelancerRefused = false
        /// Each side's latest violating move off the platform (its message
        /// id): what the other side's refusal answers.
        var clientMove: String?
        var freelancerMove: String?
        var request: (messageID: String, senderKey: UInt64, message: Int, millis: Int64)?
        var chain: FragmentChain?
        /// What the last messages with findings held, for reply rules.
        var recent = RecentCategories()
    }

    /// A reply rule's match counts when one of this many messages before it
    /// had a finding it follows: the answer, or the answer after a "?".
    static let replyWindow = 2

    public private(set) var joinedFindings = 0
    public private(set) var forgottenConversations = 0
    public private(set) var peakConversations = 0
    /// Called once per conversation when its initiator becomes known.
    public var onInitiator: ((_ conversationID: String, _ initiator: Finding) -> Void)?

    private let options: ConversationOptions
    /// The pair's exemption for a finding (the relationships file's lookup).
    let exemption: (Finding) -> ExemptReason?
    private let splitSeverity: [Category: Int]
    /// Reply rules' `follows` categories as bit masks, by rule id.
    private let replyMasks: [String: UInt16]
    /// Which findings offer a call the policy tolerates.
    private let callOffers: CallOfferRules
    /// The scorer's rule ids (`RulePack.scoredRuleIDs`).
    private let scoredRules: Set<String>
    private let emit: (Finding) -> Void
    // Internal, not private: `ConversationSnapshot` saves and restores them.
    var states: [UInt64: State] = [:]
    var clock = 0

    /// - Parameter splitSeverity: severity of a joined phone or email finding
    ///   (the pack's highest for the category).
    /// - Parameter exemption: overrides the relationships lookup; a merge of
    ///   partials passes the exemption each finding was given when scanned.
    /// - Parameter follows: each reply rule's `follows` categories, by rule
    ///   id (`RulePack.followsByRule`).
    /// - Parameter callOffers: the pack's `channel_only` and
    ///   `defers_to_contract` rules (`RulePack.callOfferRules`).
    /// - Parameter scoredRules: the scorer's rules. Their findings name an
    ///   initiator (someone moved first, by the scorer's reading) but do not
    ///   open a violation: a client is not counted as having initiated on a
    ///   reading alone.
    public init(options: ConversationOptions, relationships: RelationshipTable, splitSeverity: [Category: Int],
                follows: [String: [Category]] = [:], callOffers: CallOfferRules = CallOfferRules(),
                scoredRules: Set<String> = [], exemption: ((Finding) -> ExemptReason?)? = nil, emit: @escaping (Finding) -> Void) {
        self.options = options
        self.exemption = exemption ?? { finding in
            relationships.exemption(client: finding.clientID, freelancer: finding.freelancerID, at: finding.timestampMillis)
        }
        self.splitSeverity = splitSeverity
        self.replyMasks = follows.mapValues { RecentCategories.mask($0) }
        self.callOffers = callOffers
        self.scoredRules = scoredRules
        self.emit = emit
    }

    /// Consumes one chunk's messages, findings and pieces as the worker made
    /// them (0-based lines within the chunk); `lineBase` lines came before
    /// the chunk, and what is judged carries archive line numbers.
    public func consume(messages: [MessageTrace], findings: [Finding], fragments: [ContactFragment], lineBase: Int) {
        ChunkMessages.forEach(messages: messages, findings: findings, fragments: fragments) { trace, range, fragment in
            clock += 1
            if range.isEmpty && fragment == nil && states[trace.conversationKey] == nil { return }
            let conversationID = range.isEmpty ? fragment?.message.conversationID : findings[range.lowerBound].conversationID
            process(trace, findings: findings[range], fragment: fragment, conversationID: conversationID, lineOffset: lineBase + 1)
        }
    }

    /// One message replayed from a partial (`offside merge`): the same step
    /// `consume` takes for a message, findings in their original order.
    public func replay(_ trace: MessageTrace, findings: [Finding], fragment: ContactFragment?) {
        clock += 1
        if findings.isEmpty && fragment == nil && states[trace.conversationKey] == nil { return }
        process(trace, findings: findings[...], fragment: fragment,
                conversationID: findings.first?.conversationID ?? fragment?.message.conversationID, lineOffset: 0)
    }

    /// `count` messages of a conversation with no finding and no piece, as a
    /// partial records them: they close an open split detail and move the
    /// request and join windows on, exactly as `count` such messages would.
    public func advance(conversationKey key: UInt64, by count: Int) {
        guard count > 0 else { return }
        clock += count
        guard states[key] != nil else { return }
        states[key]!.messageCount += 1
        states[key]!.lastTouched = clock
        closeChain(key)
        states[key]!.messageCount += count - 1
    }

    /// Judges every open split detail; call once after the last chunk.
    public func finish() {
        closeOpenChains()
        states.removeAll()
    }

    /// Judges every open split detail but keeps what is known of each
    /// conversation: the end of a `--db` run, whose state the next run of
    /// the same night may carry on from.
    public func closeOpenChains() {
        // Sorted so that the joined findings come out in the same order in
        // every run (dictionary order is per process).
        for key in states.keys.sorted() { closeChain(key) }
    }

    /// `lineOffset` is added to the line of each finding and piece.
    private func process(_ trace: MessageTrace, findings: ArraySlice<Finding>, fragment piece: ContactFragment?, conversationID: String?,
                         lineOffset: Int) {
        var fragment = piece
        if lineOffset != 0 { fragment?.message.line += lineOffset }
        let key = trace.conversationKey
        if states[key] == nil {
            guard let conversationID else { return }
            // Nothing came before: a message whose only findings are replies
            // and which holds no piece of a detail needs no state.
            if fragment == nil && !replyMasks.isEmpty && findings.allSatisfy({ replyMasks[$0.rule] != nil }) { return }
            states[key] = State(conversationID: conversationID, lastTouched: clock)
            if states.count > options.maxConversations { forgetOldest() }
            peakConversations = max(peakConversations, states.count)
        }
        states[key]!.messageCount += 1
        states[key]!.lastTouched = clock
        // A message's findings share its writer, so a refusal among them is
        // that writer's own.
        let (deferring, refusing) = callOffers.message(findings)

        if let chain = states[key]!.chain {
            let sameSender = chain.senderKey == trace.senderKey
            let inWindow = states[key]!.messageCount - chain.startMessage < options.joinMessages
                && (trace.millis == .min || chain.startMillis == .min
                    || trace.millis - chain.startMillis <= Int64(options.joinSeconds) * 1000)
            var extended = false
            if sameSender && inWindow, let fragment { extended = states[key]!.chain!.append(fragment) }
            if !extended {
                closeChain(key)
                if let fragment { startChain(key, fragment, trace) }
            } else if let fragment, fragment.ownDetail, states[key]!.chain!.isValidThroughLastPiece {
                // `my number:` / `+1 415` / `555 0199`: the last piece was a
                // number by itself too; the joined detail replaces it.
                for finding in findings where !Self.isReplaced(finding, by: fragment) && admits(finding, key: key, trace) {
                    judge(finding, key: key, senderKey: trace.senderKey, lineOffset: lineOffset,
                          message: states[key]!.messageCount, millis: trace.millis,
                          callOffer: callOffers.isCallOffer(finding, deferring: deferring, refusing: refusing))
                }
                return
            }
        } else if let fragment {
            startChain(key, fragment, trace)
        }
        for finding in findings where admits(finding, key: key, trace) {
            judge(finding, key: key, senderKey: trace.senderKey, lineOffset: lineOffset,
                  message: states[key]!.messageCount, millis: trace.millis,
                  callOffer: callOffers.isCallOffer(finding, deferring: deferring, refusing: refusing))
        }
    }

    /// Whether `finding` counts: always, unless a reply rule made it and
    /// none of the messages just before had a category it follows.
    private func admits(_ finding: Finding, key: UInt64, _ trace: MessageTrace) -> Bool {
        guard !replyMasks.isEmpty, let mask = replyMasks[finding.rule] else { return true }
        let state = states[key]!
        return state.recent.precede(state.messageCount, millis: trace.millis, mask: mask,
                                    window: Self.replyWindow, seconds: options.answerSeconds)
    }

    /// A phone or email finding inside a piece that completed a joined detail.
    private static func isReplaced(_ finding: Finding, by fragment: ContactFragment) -> Bool {
        (finding.category == .contactPhone || finding.category == .contactEmail)
            && finding.start >= fragment.start && finding.end <= fragment.end
    }

    private func startChain(_ key: UInt64, _ fragment: ContactFragment, _ trace: MessageTrace) {
        // A message that is a whole detail by itself does not begin a chain.
        guard !fragment.ownDetail else { return }
        states[key]!.chain = FragmentChain(fragment, senderKey: trace.senderKey, millis: trace.millis,
                                           message: states[key]!.messageCount)
    }

    private func closeChain(_ key: UInt64) {
        guard let chain = states[key]?.chain else { return }
        states[key]!.chain = nil
        let category: Category = chain.validCategory ?? .contactPhone
        guard let joined = chain.finding(severity: splitSeverity[category] ?? 4) else { return }
        joinedFindings += 1
        // Noted as of the message before: the one that closes a chain is
        // always after its last piece.
        judge(joined, key: key, senderKey: chain.senderKey, message: states[key]!.messageCount - 1, millis: chain.startMillis)
    }

    private func judge(_ original: consuming Finding, key: UInt64, senderKey: UInt64, lineOffset: Int = 0,
                       message: Int, millis: Int64, callOffer: Bool = false) {
        var finding = original
        finding.line += lineOffset
        finding.exemptReason = exemption(finding)
        finding.judgement = Policy.judge(finding.category, contract: finding.contract, exemption: finding.exemptReason,
                                         callOffer: callOffer)
        // The state is changed in place (one lookup, no copy of its strings
        // out and back); the initiator hook runs after, outside the access.
        let opened = Self.note(&finding, in: &states[key]!, senderKey: senderKey, options: options,
                               scored: !scoredRules.isEmpty && scoredRules.contains(finding.rule))
        states[key]!.recent.note(finding.category, message: message, millis: millis)
        if opened, let onInitiator { onInitiator(states[key]!.conversationID, finding) }
        emit(finding)
    }

    /// Reads and updates a conversation's state for one judged finding;
    /// true when the finding names the conversation's initiator first.
    private static func note(_ finding: inout Finding, in state: inout State, senderKey: UInt64, options: ConversationOptions,
                             scored: Bool) -> Bool {
        let category = finding.category
        var opened = false
        if Policy.isOffPlatformMove(category) && state.initiator == nil {
            state.initiator = (finding.senderID, finding.senderRole)
            opened = true
        }
        finding.initiatorID = state.initiator?.id
        finding.initiatorRole = state.initiator?.role
        if category == .refusal {
            // A refusal answers the other side's latest violating move, if
            // there was one; only such a refusal counts against that side
            // (received, and persisted after). One with nothing to decline
            // ("I'll reply here on Monday", a rule stated up front, a call
            // after the contract) credits its writer and blames no one.
            let other = finding.senderRole == .client ? state.freelancerMove : state.clientMove
            finding.answers = other
            if other != nil {
                if finding.senderRole == .client { state.clientRefused = true } else { state.freelancerRefused = true }
            }
        } else {
            if Policy.isOffPlatformMove(category) && finding.judgement == .violation {
                if finding.senderRole == .client { state.clientMove = finding.messageID } else { state.freelancerMove = finding.messageID }
            }
            finding.afterRefusal = finding.senderRole == .client ? state.freelancerRefused : state.clientRefused
            if Policy.isDetail(category), let request = state.request, request.senderKey != senderKey,
               state.messageCount - request.message <= options.answerMessages,
               finding.timestampMillis.map({ request.millis == .min || $0 - request.millis <= Int64(options.answerSeconds) * 1000 }) ?? true {
                finding.answers = request.messageID
            }
            if Policy.isRequest(category) {
                state.request = (finding.messageID, senderKey, state.messageCount, finding.timestampMillis ?? .min)
            }
            if finding.judgement == .violation && Policy.isOffPlatformMove(category) && !state.violationOpened && !scored {
                state.violationOpened = true
                finding.opensViolation = true
            }
        }
        return opened
    }

    /// Forgets the least recently active half of the conversations.
    private func forgetOldest() {
        let cutoff = states.values.map(\.lastTouched).sorted()[states.count / 2]
        for (key, state) in states where state.lastTouched <= cutoff {
            closeChain(key)
            states[key] = nil
            forgottenConversations += 1
        }
    }
}
