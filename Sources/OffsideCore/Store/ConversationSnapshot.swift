import Foundation

/// The conversation stage's state between two archives, as `scan --db`
/// stores it with each archive: who initiated, who refused, the open request
/// and any split detail still being joined, per conversation. A run killed
/// after archive k resumes from k's snapshot and judges archive k+1 exactly
/// as the uninterrupted run did.
///
/// Threading: a value.
public struct ConversationSnapshot: Codable, Sendable, Equatable {
    /// The encoding written now: 4, binary (`ConversationSnapshotCodec`;
    /// format 3 is the same without each side's latest move, format 2 also
    /// without the categories of recent messages).
    /// Format 1, JSON, is still read. A format this build does not know is
    /// ignored (the run starts that archive with no carried state, and
    /// says so).
    public static let format = 4
    static let readable: Set<Int> = [1, 2, 3, 4]

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

    struct Recent: Codable, Equatable {
        var lastMessage: Int
        var lastMillis: Int64
        var lastMask: Int
        var priorMessage: Int
        var priorMillis: Int64
        var priorMask: Int
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
        /// The categories of the last two messages with findings, for reply
        /// rules; nil in formats 1 and 2 and when there were none.
        var recent: Recent? = nil
        /// Each side's latest violating move off the platform (message
        /// ids), which a refusal answers; nil before format 4 and when there
        /// was none.
        var clientMove: String? = nil
        var freelancerMove: String? = nil

        init(key: String, conversationID: String, messageCount: Int, lastTouched: Int, initiatorID: String?,
             initiatorRole: String?, violationOpened: Bool, clientRefused: Bool, freelancerRefused: Bool,
             request: Request?, chain: Chain?, recent: Recent? = nil, clientMove: String? = nil,
             freelancerMove: String? = nil) {
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
            self.recent = recent
            self.clientMove = clientMove
            self.freelancerMove = freelancerMove
        }

        /// Format 1 snapshots of later builds left out false flags and
        /// absent fields, most of each entry (earlier ones have them all).
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
            recent = try c.decodeIfPresent(Recent.self, forKey: .recent)
            clientMove = try c.decodeIfPresent(String.self, forKey: .clientMove)
            freelancerMove = try c.decodeIfPresent(String.self, forKey: .freelancerMove)
        }
    }

    var clock: Int
    var entries: [Entry]

    public var conversations: Int { entries.count }

    /// The snapshot's stored form (`ConversationCapture.compressed`).
    public func compressed() throws -> Data {
        try ConversationCapture(self).compressed()
    }

    public static func decode(compressed data: Data, format: Int = format) throws -> ConversationSnapshot {
        guard let bytes = ZstdBlock.decompress(data) else { throw StoreError("a stored conversation snapshot is not valid zstd") }
        switch format {
        case 1: return try JSONDecoder().decode(ConversationSnapshot.self, from: bytes)
        case 2, 3, 4: return try bytes.withUnsafeBytes { try ConversationSnapshotCodec.decode($0, format: format) }
        default: throw StoreError("a stored conversation snapshot has format \(format), which this build does not read")
        }
    }
}

extension ConversationTracker {
    /// The state to carry into the next archive (`capture` holds it until
    /// it is encoded).
    public func snapshot() -> ConversationSnapshot {
        capture().snapshot
    }

    /// The state as it is now, for the database writer to encode: copying
    /// the states is deferred until the tracker next changes them.
    func capture() -> ConversationCapture {
        ConversationCapture(clock: clock, states: states)
    }

    /// Replaces the state with a snapshot's.
    public func restore(_ snapshot: ConversationSnapshot) throws {
        let captured = try ConversationCapture(snapshot)
        states = captured.states
        clock = captured.clock
    }
}
