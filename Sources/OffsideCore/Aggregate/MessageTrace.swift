/// The little the conversation stage needs of every message, findings or
/// not: whose turn it was in which conversation, and when. Hashes, not
/// strings, so a chunk's traces are one flat array and the worker allocates
/// nothing per message.
public struct MessageTrace: Sendable, Equatable {
    /// 0-based line within the chunk (the key findings and fragments share).
    public var lineInChunk: Int32
    public var role: SenderRole
    public var conversationKey: UInt64
    public var senderKey: UInt64
    /// Epoch milliseconds, or `Int64.min` when the record had no usable `ts`.
    public var millis: Int64

    /// FNV-1a: conversation and sender ids are short; collisions among 64-bit
    /// hashes of a night's ids are vanishingly rare and only merge two
    /// conversations' turn-taking.
    @inline(__always)
    public static func key(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    public static func key(_ string: String) -> UInt64 {
        var copy = string
        return copy.withUTF8 { key(UnsafeRawBufferPointer($0)) }
    }
}

/// A piece of a contact detail split over messages (see
/// `ContactFragmentDetector`), with the message it came from.
public struct ContactFragment: Sendable, Equatable {
    public var lineInChunk: Int32
    public var kind: ContactFragmentDetector.Kind
    public var phoneCue: Bool
    public var emailCue: Bool
    /// The message also has a phone or email finding of its own (`555 0199`
    /// can be a whole local number): the piece may only finish a detail
    /// begun earlier, and then replaces that finding.
    public var ownDetail: Bool
    /// The piece as normalised (what is joined and validated).
    public var normalized: String
    /// The piece as written, and its byte range in the message's text.
    public var original: String
    public var start: Int
    public var end: Int
    /// The message, as a finding would name it (rule and category unset).
    public var message: Finding
}

/// A chunk's messages with their findings and piece: the one walk the
/// conversation stage and the partial recorder both take.
enum ChunkMessages {
    /// Calls `body` for every message in order with the range of its findings
    /// and its piece, if any. Findings and pieces are the worker's: sorted,
    /// with 0-based lines within the chunk.
    @inline(__always)
    static func forEach(messages: [MessageTrace], findings: [Finding], fragments: [ContactFragment],
                        _ body: (MessageTrace, Range<Int>, ContactFragment?) -> Void) {
        var nextFinding = 0
        var nextFragment = 0
        for trace in messages {
            let line = Int(trace.lineInChunk)
            let findingsStart = nextFinding
            while nextFinding < findings.count, findings[nextFinding].line == line { nextFinding += 1 }
            var fragment: ContactFragment?
            if nextFragment < fragments.count, fragments[nextFragment].lineInChunk == trace.lineInChunk {
                fragment = fragments[nextFragment]
                nextFragment += 1
            }
            body(trace, findingsStart..<nextFinding, fragment)
        }
    }
}
