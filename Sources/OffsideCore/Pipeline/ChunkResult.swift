/// A line that was not a usable record.
public struct MalformedLine: Sendable {
    /// 0-based line index within the chunk; the aggregator makes it absolute.
    public var lineInChunk: Int
    public var reason: String
    /// The raw line, kept only when `--rejects` asked for it.
    public var raw: [UInt8]?
}

/// What a worker found in one chunk. Line numbers are relative to the chunk
/// because only the in-order aggregator knows how many lines came before.
public struct ChunkResult: Sendable {
    public var sequence: Int
    public var inputIndex: Int
    /// Lines in the chunk (including blank and malformed ones).
    public var lineCount: Int
    public var records: Int
    /// Uncompressed bytes of the chunk.
    public var bytes: Int
    /// `line` holds the 0-based line index within the chunk.
    public var findings: [Finding]
    public var malformed: [MalformedLine]
    /// Every record's turn, in input order, for the conversation stage.
    public var messages: [MessageTrace] = []
    /// Pieces of contact details in short messages, in input order.
    public var fragments: [ContactFragment] = []
}
