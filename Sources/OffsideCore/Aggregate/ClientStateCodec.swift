/// Client state as bytes, for spilling it to disk (`ClientSpill`): every
/// field, so a state read back equals the one written.
///
/// Threading: stateless.
enum ClientStateCodec {
    struct Corrupt: Error, CustomStringConvertible {
        var what: String
        var description: String { "spilled client state is corrupt: \(what)" }
    }

    static func encode(_ state: ClientState, into w: inout ByteRecordWriter) {
        w.string(state.clientID)
        w.count(state.categories.count)
        for (category, count) in state.categories.sorted(by: { $0.key < $1.key }) {
            w.byte(categoryCode(category))
            w.int(count)
        }
        w.count(state.conversations.count)
        for id in state.conversations { w.string(id) }
        w.count(state.freelancersApproached.count)
        for id in state.freelancersApproached { w.string(id) }
        for value in [state.initiated, state.refusalsReceived, state.persistedAfterRefusal, state.exemptFindings,
                      state.toleratedFindings, state.violations, state.contractUnknown, state.answeredRequests,
                      state.partnerFindings, state.findings] {
            w.int(value)
        }
        w.count(state.maxSeverity.count)
        for (category, severity) in state.maxSeverity.sorted(by: { $0.key < $1.key }) {
            w.byte(categoryCode(category))
            w.int(severity)
        }
        w.optionalInt64(state.firstSeen)
        w.optionalInt64(state.lastSeen)
        w.count(state.evidence.count)
        for f in state.evidence { encode(f, into: &w) }
        w.count(state.refusals.count)
        for f in state.refusals { encode(f, into: &w) }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> ClientState {
        var r = ByteRecordReader(bytes)
        var state = ClientState(clientID: try r.string())
        for _ in 0..<(try r.count()) {
            let category = try category(r.byte())
            state.categories[category] = try r.int()
        }
        let conversations = try r.count()
        state.conversations.reserveCapacity(conversations)
        for _ in 0..<conversations { state.conversations.insert(try r.string()) }
        let freelancers = try r.count()
        state.freelancersApproached.reserveCapacity(freelancers)
        for _ in 0..<freelancers { state.freelancersApproached.insert(try r.string()) }
        state.initiated = try r.int()
        state.refusalsReceived = try r.int()
        state.persistedAfterRefusal = try r.int()
        state.exemptFindings = try r.int()
        state.toleratedFindings = try r.int()
        state.violations = try r.int()
        state.contractUnknown = try r.int()
        state.answeredRequests = try r.int()
        state.partnerFindings = try r.int()
        state.findings = try r.int()
        for _ in 0..<(try r.count()) {
            let category = try category(r.byte())
            state.maxSeverity[category] = try r.int()
        }
        state.firstSeen = try r.optionalInt64()
        state.lastSeen = try r.optionalInt64()
        let evidence = try r.count()
        state.evidence.reserveCapacity(evidence)
        for _ in 0..<evidence { state.evidence.append(try decodeFinding(&r)) }
        let refusals = try r.count()
        state.refusals.reserveCapacity(refusals)
        for _ in 0..<refusals { state.refusals.append(try decodeFinding(&r)) }
        guard r.isAtEnd else { throw Corrupt(what: "\(bytes.count - r.offset) bytes after the state of \(state.clientID)") }
        return state
    }

    /// The client id alone: a record starts with it.
    static func clientID(_ bytes: UnsafeRawBufferPointer) throws -> String {
        var r = ByteRecordReader(bytes)
        return try r.string()
    }

    private static func encode(_ f: Finding, into w: inout ByteRecordWriter) {
        w.string(f.archive)
        w.int(f.line)
        w.string(f.messageID)
        w.string(f.conversationID)
        w.string(f.senderID)
        w.byte(f.senderRole.rawValue)
        w.optionalString(f.recipientID)
        w.optionalString(f.timestamp)
        w.optionalInt64(f.timestampMillis)
        w.string(f.rule)
        w.byte(categoryCode(f.category))
        w.int(f.severity)
        w.int(f.start)
        w.int(f.end)
        w.string(f.evidence)
        w.count(f.messageIDs.count)
        for id in f.messageIDs { w.string(id) }
        w.byte(f.contract.rawValue)
        w.string(f.excerpt)
        w.int(f.excerptStart)
        w.byte(UInt8(Judgement.allCases.firstIndex(of: f.judgement)!))
        w.optionalString(f.exemptReason?.rawValue)
        w.optionalString(f.answers)
        w.optionalString(f.initiatorID)
        w.byte(f.initiatorRole?.rawValue ?? 0)
        w.bool(f.afterRefusal)
        w.bool(f.opensViolation)
    }

    private static func decodeFinding(_ r: inout ByteRecordReader) throws -> Finding {
        let archive = try r.string(), line = try r.int(), messageID = try r.string()
        let conversationID = try r.string(), senderID = try r.string()
        let senderRole = try role(r.byte())
        let recipientID = try r.optionalString(), timestamp = try r.optionalString()
        let millis = try r.optionalInt64(), rule = try r.string(), category = try category(r.byte())
        let severity = try r.int(), start = try r.int(), end = try r.int(), evidence = try r.string()
        var messageIDs: [String] = []
        let ids = try r.count()
        messageIDs.reserveCapacity(ids)
        for _ in 0..<ids { messageIDs.append(try r.string()) }
        guard let contract = ContractState(rawValue: try r.byte()) else { throw Corrupt(what: "contract state") }
        var f = Finding(archive: archive, line: line, messageID: messageID, conversationID: conversationID,
                        senderID: senderID, senderRole: senderRole, recipientID: recipientID, timestamp: timestamp,
                        timestampMillis: millis, rule: rule, category: category, severity: severity, start: start,
                        end: end, evidence: evidence, messageIDs: messageIDs, contract: contract)
        f.excerpt = try r.string()
        f.excerptStart = try r.int()
        let judgement = Int(try r.byte())
        guard judgement < Judgement.allCases.count else { throw Corrupt(what: "judgement \(judgement)") }
        f.judgement = Judgement.allCases[judgement]
        if let reason = try r.optionalString() {
            guard let exempt = ExemptReason(rawValue: reason) else { throw Corrupt(what: "exempt reason '\(reason)'") }
            f.exemptReason = exempt
        }
        f.answers = try r.optionalString()
        f.initiatorID = try r.optionalString()
        let initiatorRole = try r.byte()
        f.initiatorRole = initiatorRole == 0 ? nil : try role(initiatorRole)
        f.afterRefusal = try r.bool()
        f.opensViolation = try r.bool()
        return f
    }

    private static func categoryCode(_ category: Category) -> UInt8 {
        UInt8(Category.allCases.firstIndex(of: category)!)
    }

    private static func category(_ code: UInt8) throws -> Category {
        guard Int(code) < Category.allCases.count else { throw Corrupt(what: "category \(code)") }
        return Category.allCases[Int(code)]
    }

    private static func role(_ raw: UInt8) throws -> SenderRole {
        guard let role = SenderRole(rawValue: raw) else { throw Corrupt(what: "sender role \(raw)") }
        return role
    }
}
