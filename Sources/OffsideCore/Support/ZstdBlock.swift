import CZstd
import Foundation

/// One-shot zstd of a small in-memory value (a conversation snapshot): the
/// frame records its size, so decompression allocates once.
///
/// Threading: stateless.
public enum ZstdBlock {
    public static func compress(_ data: Data, level: Int32 = 3) -> Data {
        data.withUnsafeBytes { compress($0, level: level) }
    }

    /// - Parameter workers: threads of zstd's own that compress beside the
    ///   caller (one frame all the same); ignored by a libzstd built
    ///   without them.
    public static func compress(_ source: UnsafeRawBufferPointer, level: Int32 = 3, workers: Int = 0) -> Data {
        let bound = ZSTD_compressBound(source.count)
        var output = Data(count: bound)
        let context = ZSTD_createCCtx()
        defer { ZSTD_freeCCtx(context) }
        _ = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        if workers > 0 { _ = ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, Int32(workers)) }
        let written = output.withUnsafeMutableBytes { target in
            ZSTD_compress2(context, target.baseAddress, bound, source.baseAddress, source.count)
        }
        precondition(ZSTD_isError(written) == 0, "ZSTD_compress: \(String(cString: ZSTD_getErrorName(written)))")
        output.count = written
        return output
    }

    /// Nil when `data` is not one whole zstd frame that records its size.
    public static func decompress(_ data: Data) -> Data? {
        let size = data.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 34 else { return nil }
        var output = Data(count: Int(size))
        let written = output.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
            }
        }
        guard ZSTD_isError(written) == 0, written == Int(size) else { return nil }
        return output
    }
}
