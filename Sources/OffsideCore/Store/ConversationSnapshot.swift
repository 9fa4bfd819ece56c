import Foundation

/// The conversation stage's state between two archives, as `scan --db`
/// stores it with each archive: who initiated, who refused, the open request
/// and any split detail still being joined, per conversation. A run killed
/// after archive k resumes from k's snapshot and judges archive k+1 exactly
/// as the uninterrupted run did.
///
/// Threading: a value.
public struct ConversationSnapshot: Codable, Sendable, Equatable {
    /// Bumped when the encoding changes; an older snapshot is then ignored
    /// (the run starts that archive with no carried state, and says so).
    public static let format = 1

    struct Request: Codable, Equatable {
        var messageID: String
        var senderKey: String
        var message: Int
        var millis: Int64
    }

    struct Chain: Codable, Equatable {
        var senderKey: String
        var startMillis: Int64
        var startMessage: Int
        var pieces: [PartialFormat.PieceRecord]
    }

    struct Entry: Codable, Equatable {
        var key: String
        var conversationID: String
        var messageCount: Int
        var lastTouched: Int
        var initiatorID: String?
        var initiatorRole: String?
        var violationOpened: Bool
        var clientRefused: Bool
        var freelancerRefused: Bool
        var request: Request?
        var chain: Chain?

        init(key: String, conversationID: String, messageCount: Int, lastTouched: Int, initiatorID: String?,
             initiatorRole: String?, violationOpened: Bool, clientRefused: Bool, freelancerRefused: Bool,
             request: Request?, chain: Chain?) {
            self.key = key
            self.conversationID = conversationID
            self.messageCount = messageCount
            self.lastTouched = lastTouched
            self.initiatorID = initiatorID
            self.initiatorRole = initiatorRole
            self.violationOpened = violationOpened
            self.clientRefused = clientRefused
            self.freelancerRefused = freelancerRefused
            self.request = request
            self.chain = chain
        }

        /// `compressed()` leaves out false flags and absent fields, most of
        /// each entry (snapshots written before it have them all).
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(String.self, forKey: .key)
            conversationID = try c.decode(String.self, forKey: .conversationID)
            messageCount = try c.decode(Int.self, forKey: .messageCount)
            lastTouched = try c.decode(Int.self, forKey: .lastTouched)
            initiatorID = try c.decodeIfPresent(String.self, forKey: .initiatorID)
            initiatorRole = try c.decodeIfPresent(String.self, forKey: .initiatorRole)
            violationOpened = try c.decodeIfPresent(Bool.self, forKey: .violationOpened) ?? false
            clientRefused = try c.decodeIfPresent(Bool.self, forKey: .clientRefused) ?? false
            freelancerRefused = try c.decodeIfPresent(Bool.self, forKey: .freelancerRefused) ?? false
            request = try c.decodeIfPresent(Request.self, forKey: .request)
            chain = try c.decodeIfPresent(Chain.self, forKey: .chain)
        }
    }

    var clock: Int
    var entries: [Entry]

    public var conversations: Int { entries.count }

    /// JSON written by hand into bytes: JSONEncoder took two seconds for the
    /// 200k conversations of the benchmark corpus at the end of every
    /// archive, string interpolation most of one. False flags and absent
    /// fields are left out. Decoding (only when a run resumes) stays with
    /// JSONDecoder.
    public func compressed() throws -> Data {
        var out = JSONBytes(capacity: 64 + entries.count * 160)
        out.raw("{\"clock\":")
        out.int(clock)
        out.raw(",\"entries\":[")
        for (index, e) in entries.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{\"key\":"); out.string(e.key)
            out.raw(",\"conversationID\":"); out.string(e.conversationID)
            out.raw(",\"messageCount\":"); out.int(e.messageCount)
            out.raw(",\"lastTouched\":"); out.int(e.lastTouched)
            if let id = e.initiatorID { out.raw(",\"initiatorID\":"); out.string(id) }
            if let role = e.initiatorRole { out.raw(",\"initiatorRole\":"); out.string(role) }
            if e.violationOpened { out.raw(",\"violationOpened\":true") }
            if e.clientRefused { out.raw(",\"clientRefused\":true") }
            if e.freelancerRefused { out.raw(",\"freelancerRefused\":true") }
            if let r = e.request {
                out.raw(",\"request\":{\"messageID\":"); out.string(r.messageID)
                out.raw(",\"senderKey\":"); out.string(r.senderKey)
                out.raw(",\"message\":"); out.int(r.message)
                out.raw(",\"millis\":"); out.int(r.millis)
                out.raw("}")
            }
            if let c = e.chain {
                out.raw(",\"chain\":{\"senderKey\":"); out.string(c.senderKey)
                out.raw(",\"startMillis\":"); out.int(c.startMillis)
                out.raw(",\"startMessage\":"); out.int(c.startMessage)
                out.raw(",\"pieces\":[")
                out.raw((try c.pieces.map { PartialFormat.pieceJSON(try $0.fragment()) }).joined(separator: ","))
                out.raw("]}")
            }
            out.raw("}")
        }
        out.raw("]}")
        return out.bytes.withUnsafeBytes { ZstdBlock.compress($0, level: 1) }
    }

    public static func decode(compressed data: Data) throws -> ConversationSnapshot {
        guard let json = ZstdBlock.decompress(data) else { throw StoreError("a stored conversation snapshot is not valid zstd") }
        return try JSONDecoder().decode(ConversationSnapshot.self, from: json)
    }
}

extension ConversationTracker {
    /// The state to carry into the next archive. Entries are sorted by key so
    /// that equal states encode to equal bytes.
    public func snapshot() -> ConversationSnapshot {
        let entries = states.sorted { $0.key < $1.key }.map { key, state in
            ConversationSnapshot.Entry(
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

    /// Replaces the state with a snapshot's. Split details are rebuilt by
    /// appending their pieces again, which gives the same chain.
    public func restore(_ snapshot: ConversationSnapshot) throws {
        var restored: [UInt64: State] = [:]
        do {
            for entry in snapshot.entries {
                var state = State(conversationID: entry.conversationID, messageCount: entry.messageCount,
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
                restored[try PartialFormat.key(entry.key)] = state
            }
        } catch {
            throw StoreError("a stored conversation snapshot has a bad field: \(error)")
        }
        states = restored
        clock = snapshot.clock
    }
}
