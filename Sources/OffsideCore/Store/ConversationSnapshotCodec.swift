import Foundation

/// The bytes of a stored conversation snapshot, format 4 (before zstd):
/// `ByteRecordWriter` values, so the 200k conversations of the benchmark
/// corpus encode in a fraction of the time JSON took (format 1), after a
/// run's last archive when nothing else overlaps it.
///
/// Layout: the magic `OCS4` (`OCS3`, `OCS2` in formats 3 and 2), the clock, the entry
/// count, then per entry, in key order: the key as 8 little-endian bytes, a flag byte, the
/// conversation id, message count and last touch; then, as the flags say,
/// the initiator (id, role name), the open request (message id, sender key,
/// message, millis) and the split detail being joined (sender key, start
/// millis, start message, and its pieces as the JSON array `PartialFormat`
/// writes: pieces are rare and carry whole findings), and the categories of
/// the last two messages with findings (message, millis and category bits of
/// each; format 2 has no such field), and each side's latest move off the
/// platform (a byte saying which are there, then their message ids; format 3
/// has no such field).
///
/// Threading: stateless.
enum ConversationSnapshotCodec {
    static let magic: [UInt8] = Array("OCS4".utf8)
    static func magic(format: Int) -> [UInt8] { Array("OCS\(format)".utf8) }

    private enum Flag {
        static let initiator: UInt8 = 1, violationOpened: UInt8 = 2, clientRefused: UInt8 = 4
        static let freelancerRefused: UInt8 = 8, request: UInt8 = 16, chain: UInt8 = 32, recent: UInt8 = 64
        static let moves: UInt8 = 128
    }

    static func header(clock: Int, entries: Int, into w: inout ByteRecordWriter) {
        for byte in magic { w.byte(byte) }
        w.int(clock)
        w.count(entries)
    }

    static func encode(key: UInt64, _ e: ConversationTracker.State, into w: inout ByteRecordWriter) throws {
        w.fixed(key)
        var flags: UInt8 = 0
        if e.initiator != nil { flags |= Flag.initiator }
        if e.violationOpened { flags |= Flag.violationOpened }
        if e.clientRefused { flags |= Flag.clientRefused }
        if e.freelancerRefused { flags |= Flag.freelancerRefused }
        if e.request != nil { flags |= Flag.request }
        if e.chain != nil { flags |= Flag.chain }
        if !e.recent.isEmpty { flags |= Flag.recent }
        if e.clientMove != nil || e.freelancerMove != nil { flags |= Flag.moves }
        w.byte(flags)
        w.string(e.conversationID)
        w.int(e.messageCount)
        w.int(e.lastTouched)
        if let initiator = e.initiator {
            w.string(initiator.id)
            w.string(initiator.role.name)
        }
        if let r = e.request {
            w.string(r.messageID)
            w.fixed(r.senderKey)
            w.int(r.message)
            w.int64(r.millis)
        }
        if let c = e.chain {
            w.fixed(c.senderKey)
            w.int64(c.startMillis)
            w.int(c.startMessage)
            // Through the stored record, as a resumed run reads it back.
            w.string("[" + (try c.pieces.map { PartialFormat.pieceJSON(try PartialFormat.PieceRecord($0).fragment()) })
                .joined(separator: ",") + "]")
        }
        if !e.recent.isEmpty {
            w.int(e.recent.last.message)
            w.int64(e.recent.last.millis)
            w.int(Int(e.recent.last.mask))
            w.int(e.recent.prior.message)
            w.int64(e.recent.prior.millis)
            w.int(Int(e.recent.prior.mask))
        }
        if e.clientMove != nil || e.freelancerMove != nil {
            w.byte((e.clientMove != nil ? 1 : 0) | (e.freelancerMove != nil ? 2 : 0))
            if let id = e.clientMove { w.string(id) }
            if let id = e.freelancerMove { w.string(id) }
        }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, format: Int = ConversationSnapshot.format) throws -> ConversationSnapshot {
        var r = ByteRecordReader(bytes)
        let expected = magic(format: format)
        do {
            for byte in expected where try r.byte() != byte {
                throw StoreError("a stored conversation snapshot does not start with \(String(decoding: expected, as: UTF8.self))")
            }
            let clock = try r.int()
            let count = try r.count()
            var entries: [ConversationSnapshot.Entry] = []
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let key = try r.fixed()
                let flags = try r.byte()
                var entry = ConversationSnapshot.Entry(
                    key: PartialFormat.hex(key), conversationID: try r.string(), messageCount: try r.int(),
                    lastTouched: try r.int(), initiatorID: nil, initiatorRole: nil,
                    violationOpened: flags & Flag.violationOpened != 0, clientRefused: flags & Flag.clientRefused != 0,
                    freelancerRefused: flags & Flag.freelancerRefused != 0, request: nil, chain: nil)
                if flags & Flag.initiator != 0 {
                    entry.initiatorID = try r.string()
                    entry.initiatorRole = try r.string()
                }
                if flags & Flag.request != 0 {
                    entry.request = .init(messageID: try r.string(), senderKey: PartialFormat.hex(try r.fixed()),
                                          message: try r.int(), millis: try r.int64())
                }
                if flags & Flag.chain != 0 {
                    let senderKey = try r.fixed(), startMillis = try r.int64(), startMessage = try r.int()
                    let pieces = try JSONDecoder().decode([PartialFormat.PieceRecord].self, from: Data(try r.string().utf8))
                    entry.chain = .init(senderKey: PartialFormat.hex(senderKey), startMillis: startMillis,
                                        startMessage: startMessage, pieces: pieces)
                }
                if flags & Flag.recent != 0 {
                    entry.recent = .init(lastMessage: try r.int(), lastMillis: try r.int64(), lastMask: try r.int(),
                                         priorMessage: try r.int(), priorMillis: try r.int64(), priorMask: try r.int())
                }
                if format >= 4 && flags & Flag.moves != 0 {
                    let which = try r.byte()
                    if which & 1 != 0 { entry.clientMove = try r.string() }
                    if which & 2 != 0 { entry.freelancerMove = try r.string() }
                }
                entries.append(entry)
            }
            guard r.isAtEnd else { throw ByteRecordReader.Truncated(offset: r.offset) }
            return ConversationSnapshot(clock: clock, entries: entries)
        } catch let error as ByteRecordReader.Truncated {
            throw StoreError("a stored conversation snapshot is corrupt: \(error)")
        }
    }
}
