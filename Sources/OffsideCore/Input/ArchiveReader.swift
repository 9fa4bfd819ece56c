#if canImport(Glibc)
import Glibc
#endif
import CZstd

/// Reads one input as a stream of uncompressed bytes. Compression is detected
/// by the zstd magic bytes (ordinary and skippable frames), not by the name.
/// zstd goes through libzstd's streaming API: any number of frames, skippable
/// frames, windows up to 2 GiB (`--long=31` archives). Buffers are allocated
/// once per reader, so memory does not depend on the archive's size. A reader
/// may cover only a byte range of a file that starts at a frame boundary
/// (`DecodeAhead` decodes a multi-frame archive's frames in parallel this
/// way); errors still name offsets in the whole file.
///
/// Threading: not thread-safe; one reader thread owns an instance.
public final class ArchiveReader {
    public let input: InputFile
    public private(set) var isCompressed = false
    /// Compressed (on-disk) bytes consumed so far, from the range's start.
    public private(set) var compressedBytesRead: Int64 = 0
    /// Where the range starts in the file (0 for a whole input).
    public let rangeStart: Int64

    private let fd: Int32
    private let ownsDescriptor: Bool
    private var raw: UnsafeMutableRawBufferPointer
    private var rawStart = 0
    private var rawEnd = 0
    private var sawEOF = false
    private var dctx: OpaquePointer?
    /// libzstd's last return: 0 when the last frame was fully decoded.
    private var frameRemainder = 0
    /// Bytes of the range not yet read from the descriptor (whole inputs: max).
    private var rangeLeft: Int64
    /// An error met after some bytes were decoded in the same call: those
    /// bytes are returned first, the error on the next call.
    private var pendingError: InputError?

    /// - Parameter range: bytes of the file to read, starting at a frame
    ///   boundary; nil reads the whole input. Standard input has no ranges.
    public init(input: InputFile, range: Range<Int64>? = nil) throws(InputError) {
        self.input = input
        rangeStart = range?.lowerBound ?? 0
        rangeLeft = range.map { $0.upperBound - $0.lowerBound } ?? .max
        if let path = input.path {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor < 0 {
                throw .cannotOpen(path: input.name, reason: String(cString: strerror(errno)))
            }
            var info = stat()
            if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(descriptor)
                throw .cannotOpen(path: input.name, reason: "is a directory")
            }
            if let range, lseek(descriptor, off_t(range.lowerBound), SEEK_SET) < 0 {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .readFailed(path: input.name, offset: range.lowerBound, reason: reason)
            }
            fd = descriptor
            ownsDescriptor = true
        } else {
            precondition(range == nil, "standard input cannot be read by ranges")
            fd = 0
            ownsDescriptor = false
        }
        raw = .allocate(byteCount: max(ZSTD_DStreamInSize(), 1 << 17), alignment: 64)
        try detectFormat()
    }

    /// A whole (small) input's uncompressed bytes: partials, tests.
    public static func readWhole(_ input: InputFile) throws(InputError) -> [UInt8] {
        let reader = try ArchiveReader(input: input)
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try reader.read(into: buffer)
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    deinit {
        if let dctx { ZSTD_freeDCtx(dctx) }
        raw.deallocate()
        if ownsDescriptor { close(fd) }
    }

    private func detectFormat() throws(InputError) {
        while rawEnd < 4 && !sawEOF { try refill() }
        guard rawEnd >= 4 else { return }
        let magic = raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian
        let isFrame = magic == 0xFD2F_B528
        let isSkippable = (magic & 0xFFFF_FFF0) == 0x184D_2A50
        guard isFrame || isSkippable else { return }
        isCompressed = true
        guard let context = ZSTD_createDCtx() else {
            throw .readFailed(path: input.name, offset: rangeStart, reason: "cannot allocate a zstd context")
        }
        dctx = context
        // Archives written with --long=31 need a 2 GiB window; the default
        // limit (128 MiB) would reject them.
        let status = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, 31)
        if ZSTD_isError(status) != 0 {
            throw .readFailed(path: input.name, offset: rangeStart, reason: String(cString: ZSTD_getErrorName(status)))
        }
    }

    /// Moves unread raw bytes to the front and reads more from the descriptor.
    private func refill() throws(InputError) {
        if rawStart > 0 {
            let unread = rawEnd - rawStart
            if unread > 0 {
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + rawStart, byteCount: unread)
            }
            rawStart = 0
            rawEnd = unread
        }
        while rawEnd < raw.count {
            let wanted = Int(min(Int64(raw.count - rawEnd), rangeLeft))
            if wanted == 0 { sawEOF = true; return }
            let n = Glibc.read(fd, raw.baseAddress! + rawEnd, wanted)
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: input.name, offset: rangeStart + compressedBytesRead + Int64(rawEnd),
                                  reason: String(cString: strerror(errno)))
            }
            if n == 0 { sawEOF = true; return }
            rawEnd += n
            rangeLeft -= Int64(n)
            return
        }
    }

    /// Fills `buffer` with uncompressed bytes; returns how many were written,
    /// 0 only at the end of the input.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let error = pendingError { throw error }
        guard buffer.count > 0 else { return 0 }
        return isCompressed ? try readCompressed(into: buffer) : try readPlain(into: buffer)
    }

    private func readPlain(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var written = 0
        while written < buffer.count {
            if rawStart == rawEnd {
                if sawEOF { break }
                do { try refill() } catch {
                    guard written > 0 else { throw error }
                    pendingError = error
                    break
                }
                continue
            }
            let n = min(buffer.count - written, rawEnd - rawStart)
            (buffer.baseAddress! + written).copyMemory(from: raw.baseAddress! + rawStart, byteCount: n)
            rawStart += n
            compressedBytesRead += Int64(n)
            written += n
        }
        return written
    }

    private func readCompressed(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
        do {
            try decompress(into: &output)
        } catch {
            // What was decoded before the error is still scanned.
            guard output.pos > 0 else { throw error }
            pendingError = error
        }
        return output.pos
    }

    private func decompress(into output: inout ZSTD_outBuffer) throws(InputError) {
        while output.pos < output.size {
            if rawStart == rawEnd && !sawEOF {
                try refill()
                continue
            }
            if sawEOF && rawStart == rawEnd && frameRemainder == 0 { break }
            // Called with empty input too: libzstd may still hold decoded
            // bytes that did not fit in the previous output buffer. (After a
            // finished frame it returns a non-zero size hint for the next
            // frame's header, hence the check above.)
            let outputBefore = output.pos
            var inBuffer = ZSTD_inBuffer(src: raw.baseAddress! + rawStart, size: rawEnd - rawStart, pos: 0)
            let result = ZSTD_decompressStream(dctx, &output, &inBuffer)
            if ZSTD_isError(result) != 0 {
                throw .corrupt(path: input.name, offset: rangeStart + compressedBytesRead + Int64(inBuffer.pos),
                               reason: String(cString: ZSTD_getErrorName(result)))
            }
            rawStart += inBuffer.pos
            compressedBytesRead += Int64(inBuffer.pos)
            frameRemainder = result
            let inputDone = sawEOF && rawStart == rawEnd
            if inputDone && output.pos == outputBefore {
                if frameRemainder != 0 { throw .truncated(path: input.name, offset: rangeStart + compressedBytesRead) }
                break
            }
        }
    }
}
