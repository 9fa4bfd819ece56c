#if canImport(Glibc)
import Glibc
#endif
import CZstd
import Foundation

/// Writes a file as one zstd frame, streaming: text appended in pieces is
/// compressed as it comes, so memory does not grow with the file.
/// `zstd -dc FILE` reads it back.
///
/// Threading: not thread-safe; one thread owns an instance.
public final class ZstdFileWriter {
    public let path: String
    private let handle: FileHandle
    private let cctx: OpaquePointer
    private var pending: [UInt8] = []
    private var output: [UInt8]
    private var closed = false
    /// Uncompressed bytes written so far.
    public private(set) var bytesIn: Int64 = 0

    /// - Parameter mode: permission bits of a new file (partials hold
    ///   unredacted evidence: 0600 by default).
    public init(path: String, level: Int32 = 3, mode: mode_t = 0o600) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path,
                                                                 NSLocalizedDescriptionKey: "\(path): cannot create: \(String(cString: strerror(errno)))"])
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        guard let context = ZSTD_createCCtx() else { fatalError("ZSTD_createCCtx failed: out of memory") }
        cctx = context
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)
        output = Array(repeating: 0, count: ZSTD_CStreamOutSize())
        pending.reserveCapacity(1 << 17)
    }

    deinit { ZSTD_freeCCtx(cctx) }

    public func write(_ text: String) throws {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 17 { try compress(end: false) }
    }

    /// Ends the frame and closes the file.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try compress(end: true)
        try handle.close()
    }

    private func compress(end: Bool) throws {
        bytesIn += Int64(pending.count)
        try pending.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            while true {
                let (remaining, produced) = try output.withUnsafeMutableBytes { target -> (Int, Int) in
                    var out = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                    let result = ZSTD_compressStream2(cctx, &out, &input, end ? ZSTD_e_end : ZSTD_e_continue)
                    if ZSTD_isError(result) != 0 {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(path): zstd: \(String(cString: ZSTD_getErrorName(result)))"])
                    }
                    return (result, out.pos)
                }
                if produced > 0 { try handle.write(contentsOf: output[0..<produced]) }
                let done = end ? remaining == 0 : input.pos == input.size
                if done { break }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }
}
