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
                state.clientMove = entry.clientMove
                state.freelancerMove = entry.freelancerMove
                if let r = entry.request {
                    state.request = (r.messageID, try PartialFormat.key(r.senderKey), r.message, r.millis)
                }
                if let c = entry.chain, let first = c.pieces.first {
                    var chain = FragmentChain(try first.fragment(), senderKey: try PartialFormat.key(c.senderKey),
                                              millis: c.startMillis, message: c.startMessage)
                    for piece in c.pieces.dropFirst() { _ = chain?.append(try piece.fragment()) }
                    state.chain = chain
                }
                if let r = entry.recent {
                    state.recent.last = .init(message: r.lastMessage, millis: r.lastMillis, mask: UInt16(truncatingIfNeeded: r.lastMask))
                    state.recent.prior = .init(message: r.priorMessage, millis: r.priorMillis,
                                               mask: UInt16(truncatingIfNeeded: r.priorMask))
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
                },
                recent: state.recent.isEmpty ? nil : .init(
                    lastMessage: state.recent.last.message, lastMillis: state.recent.last.millis, lastMask: Int(state.recent.last.mask),
                    priorMessage: state.recent.prior.message, priorMillis: state.recent.prior.millis,
                    priorMask: Int(state.recent.prior.mask)),
                clientMove: state.clientMove, freelancerMove: state.freelancerMove)
        }
        return ConversationSnapshot(clock: clock, entries: entries)
    }

    /// The stored form of `snapshot`: `ConversationSnapshotCodec`'s bytes
    /// (format 2), zstd-compressed.
    /// - Parameter parts: ranges of entries encoded at once; by default
    ///   one per core for a large state (after a run's last archive this is
    ///   its serial tail, and the cores are free).
    func compressed(parts: Int? = nil) throws -> Data {
        let sorted = self.sorted
        let parts = max(1, min(parts ?? (sorted.count < 1 << 14 ? 1 : ProcessInfo.processInfo.activeProcessorCount),
                               max(1, sorted.count)))
        let results = PartResults<Result<ByteRecordWriter, Error>>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (sorted.count * part / parts)..<(sorted.count * (part + 1) / parts)
            results.set(part, Result {
                var w = ByteRecordWriter(capacity: range.count * 64)
                for (key, index) in sorted[range] {
                    try ConversationSnapshotCodec.encode(key: key, states.values[index], into: &w)
                }
                return w
            })
        }
        let encoded = try results.values.map { try $0.get() }
        var out = ByteRecordWriter(capacity: 32 + encoded.reduce(0) { $0 + $1.bytes.count })
        ConversationSnapshotCodec.header(clock: clock, entries: sorted.count, into: &out)
        for part in encoded { out.append(part) }
        return out.bytes.withUnsafeBytes {
            ZstdBlock.compress($0, level: 1, workers: parts > 1 ? parts : 0)
        }
    }
}
