/// The normalised text of one chunk: every message's text folded and laid end
/// to end (separated by `\n`) so the matcher scans a chunk in one call, plus a
/// map from each normalised byte back to the original text.
///
/// Threading: owned by one worker; reset per chunk.
public final class NormalizedText {
    /// Normalised bytes of all messages in the chunk.
    public let bytes = GrowableBuffer<UInt8>(capacity: 1 << 20)
    /// For messages that are not identity-mapped: the original byte range
    /// (within the message's text) that produced each normalised byte, as
    /// parallel start and end arrays. A fold of several characters into one
    /// (`five` → `5`, `(at)` → `@`) gives its byte the whole range.
    public let origins = GrowableBuffer<Int32>(capacity: 1 << 16)
    public let originEnds = GrowableBuffer<Int32>(capacity: 1 << 16)

    /// Scratch copy of one message that an obfuscation fold reads while it
    /// rewrites the message in place.
    let foldBytes = GrowableBuffer<UInt8>(capacity: 1 << 12)
    let foldStarts = GrowableBuffer<Int32>(capacity: 1 << 12)
    let foldEnds = GrowableBuffer<Int32>(capacity: 1 << 12)

    public init() {}

    public func removeAll() {
        bytes.removeAll()
        origins.removeAll()
        originEnds.removeAll()
    }
}

/// Where one message's text sits in a `NormalizedText`.
public struct NormalizedSpan: Sendable, Equatable, BitwiseCopyable {
    public var start: Int32
    public var end: Int32
    /// Index into `origins` of the first byte, or -1 when normalised byte i
    /// came from original byte i (the pure-ASCII fast path).
    public var originBase: Int32

    public var count: Int { Int(end - start) }
}

extension NormalizedText {
    /// Maps a match `from..<to` in the normalised bytes of `span` back to a
    /// byte range of the message's original (decoded) text.
    public func originalRange(from: Int, to: Int, span: NormalizedSpan) -> Range<Int> {
        let first = from - Int(span.start)
        let last = to - 1 - Int(span.start)
        guard span.originBase >= 0 else { return first..<(last + 1) }
        return Int(origins[Int(span.originBase) + first])..<Int(originEnds[Int(span.originBase) + last])
    }
}

/// UTF-8 helpers shared by the normaliser and the validators.
public enum UTF8Sequence {
    /// Bytes in the sequence led by `leadByte`; 1 for ASCII and invalid bytes.
    @inline(__always)
    public static func length(leadByte: UInt8) -> Int {
        switch leadByte {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 1
        }
    }
}
