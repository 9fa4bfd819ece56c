import Foundation

/// The conversation stage's state at the end of an archive, as `scan --db`
/// stores it (`ConversationSnapshot` is its decoded form). Taking it costs
/// nothing on the aggregate queue: the tracker's dictionary is shared until
/// the tracker next changes it. The database writer encodes it, straight
/// from the states into JSON bytes: building the snapshot's entries first
/// (sorted, with hex strings) and then encoding them took 0.3 s of the scan's
/// serial tail for the benchmark corpus's 200k conversations.
///
/// Threading: an immutable value, safe to hand to another thread; the
/// tracker's later changes copy its own storage, never this one's.
struct ConversationCapture: @unchecked Sendable {
    let clock: Int
    let states: [UInt64: ConversationTracker.State]

    init(clock: Int, states: [UInt64: ConversationTracker.State]) {
        self.clock = clock
        self.states = states
    }

    /// The states a stored snapshot describes. Split details are rebuilt by
    /// appending their pieces again, which gives the same chain.
    init(_ snapshot: ConversationSnapshot) throws {
        var states: [UInt64: ConversationTracker.State] = [:]
        do {
            for entry in snapshot.entries {
                var state = ConversationTracker.State(conversationID: entry.conversationID, messageCount: entry.messageCount,
                                                      lastTouched: entry.lastTouched)
                if let id = entry.initiatorID, let name = entry.initiatorRole {
                    guard let role = SenderRole(name: name) else { throw PartialError.Field("initiator_role '\(name)'") }
                    state.initiator = (id, role)
                }
                state.violationOpened = entry.violationOpened
                state.clientRefused = entry.clientRefused
                state.freelancerRefused = entry.freelancerRefused
                if let r = entry.request {
                    state.request = (r.messageID, try PartialFormat.key(r.senderKey), r.message, r.millis)
                }
                if let c = entry.chain, let first = c.pieces.first {
                    var chain = FragmentChain(try first.fragment(), senderKey: try PartialFormat.key(c.senderKey),
                                              millis: c.startMillis, message: c.startMessage)
                    for piece in c.pieces.dropFirst() { _ = chain?.append(try piece.fragment()) }
                    state.chain = chain
                }
                states[try PartialFormat.key(entry.key)] = state
            }
        } catch {
            throw StoreError("a stored conversation snapshot has a bad field: \(error)")
        }
        self.init(clock: snapshot.clock, states: states)
    }

    /// Each key with its state's place, in key order, so that equal states
    /// encode to equal bytes; the places spare a hash lookup per state.
    private var sorted: [(key: UInt64, index: Dictionary<UInt64, ConversationTracker.State>.Index)] {
        zip(states.keys, states.indices).map { (key: $0, index: $1) }.sorted { $0.key < $1.key }
    }

    var snapshot: ConversationSnapshot {
        let entries = sorted.map { key, index in
            let state = states.values[index]
            return ConversationSnapshot.Entry(
                key: PartialFormat.hex(key), conversationID: state.conversationID, messageCount: state.messageCount,
                lastTouched: state.lastTouched, initiatorID: state.initiator?.id, initiatorRole: state.initiator?.role.name,
                violationOpened: state.violationOpened, clientRefused: state.clientRefused,
                freelancerRefused: state.freelancerRefused,
                request: state.request.map {
                    .init(messageID: $0.messageID, senderKey: PartialFormat.hex($0.senderKey), message: $0.message, millis: $0.millis)
                },
                chain: state.chain.map {
                    .init(senderKey: PartialFormat.hex($0.senderKey), startMillis: $0.startMillis, startMessage: $0.startMessage,
                          pieces: $0.pieces.map(PartialFormat.PieceRecord.init))
                })
        }
        return ConversationSnapshot(clock: clock, entries: entries)
    }

    /// The JSON of `snapshot`, zstd-compressed. False flags and absent
    /// fields are left out. Decoding (only when a run resumes) stays with
    /// JSONDecoder.
    /// - Parameter parts: ranges of entries encoded at once; by default
    ///   one per core for a large state (after a run's last archive this is
    ///   its serial tail, and the cores are free).
    func compressed(parts: Int? = nil) throws -> Data {
        let sorted = self.sorted
        let parts = max(1, min(parts ?? (sorted.count < 1 << 14 ? 1 : ProcessInfo.processInfo.activeProcessorCount),
                               max(1, sorted.count)))
        let results = PartResults<Result<JSONBytes, Error>>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (sorted.count * part / parts)..<(sorted.count * (part + 1) / parts)
            results.set(part, Result { try encode(sorted[range], first: part == 0) })
        }
        let encoded = try results.values.map { try $0.get() }
        var out = JSONBytes(capacity: 64 + encoded.reduce(0) { $0 + $1.bytes.count })
        out.raw("{\"clock\":")
        out.int(clock)
        out.raw(",\"entries\":[")
        for part in encoded { out.append(part) }
        out.raw("]}")
        return out.bytes.withUnsafeBytes {
            ZstdBlock.compress($0, level: 1, workers: parts > 1 ? parts : 0)
        }
    }

    /// Entries, comma-separated (and preceded by one unless `first`).
    private func encode(_ entries: ArraySlice<(key: UInt64, index: Dictionary<UInt64, ConversationTracker.State>.Index)>,
                        first: Bool) throws -> JSONBytes {
        var out = JSONBytes(capacity: entries.count * 200)
        for (position, (key, index)) in zip(entries.indices, entries) {
            let e = states.values[index]
            if position > entries.startIndex || !first { out.raw(",") }
            out.raw("{\"key\":"); out.hex(key)
            out.raw(",\"conversationID\":"); out.string(e.conversationID)
            out.raw(",\"messageCount\":"); out.int(e.messageCount)
            out.raw(",\"lastTouched\":"); out.int(e.lastTouched)
            if let initiator = e.initiator {
                out.raw(",\"initiatorID\":"); out.string(initiator.id)
                out.raw(",\"initiatorRole\":"); out.string(initiator.role.name)
            }
            if e.violationOpened { out.raw(",\"violationOpened\":true") }
            if e.clientRefused { out.raw(",\"clientRefused\":true") }
            if e.freelancerRefused { out.raw(",\"freelancerRefused\":true") }
            if let r = e.request {
                out.raw(",\"request\":{\"messageID\":"); out.string(r.messageID)
                out.raw(",\"senderKey\":"); out.hex(r.senderKey)
                out.raw(",\"message\":"); out.int(r.message)
                out.raw(",\"millis\":"); out.int(r.millis)
                out.raw("}")
            }
            if let c = e.chain {
                out.raw(",\"chain\":{\"senderKey\":"); out.hex(c.senderKey)
                out.raw(",\"startMillis\":"); out.int(c.startMillis)
                out.raw(",\"startMessage\":"); out.int(c.startMessage)
                out.raw(",\"pieces\":[")
                // Through the stored record, as a resumed run reads it back.
                out.raw((try c.pieces.map { PartialFormat.pieceJSON(try PartialFormat.PieceRecord($0).fragment()) })
                    .joined(separator: ","))
                out.raw("]}")
            }
            out.raw("}")
        }
        return out
    }
}
