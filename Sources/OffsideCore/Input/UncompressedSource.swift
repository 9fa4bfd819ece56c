/// An input's uncompressed bytes, in order: what `LineChunker` cuts into
/// lines. `ArchiveReader` decodes on the calling thread; `DecodedInput`
/// hands out what `DecodeAhead`'s threads decoded.
public protocol UncompressedSource: AnyObject {
    /// Fills the start of `buffer`; returns how many bytes were written, 0
    /// only at the end of the input. Bytes decoded before an error are
    /// returned first; the error comes on the next call.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
}

extension ArchiveReader: UncompressedSource {}
