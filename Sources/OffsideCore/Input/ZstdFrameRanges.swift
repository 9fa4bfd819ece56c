#if canImport(Glibc)
import Glibc
#endif
import CZstd

/// Cuts a zstd file into byte ranges of whole frames, each decodable on its
/// own, so that `DecodeAhead` can decode them in parallel: archives written
/// by `pzstd`, in the seekable format, or by concatenating `.zst` files.
/// Frames are found by libzstd (`ZSTD_findFrameCompressedSize`, which reads
/// only frame and block headers) over a read-only mapping of the file, one
/// range at a time as decoders ask, so a scan starts before the walk ends.
///
/// A range gathers consecutive frames (skippable ones included) up to
/// `rangeTarget` compressed bytes. A frame that does not end within
/// `searchLimit` bytes, or that libzstd cannot size (cut, corrupt, not
/// zstd), ends the walk: the rest of the file becomes one range, decoded as
/// a stream, which names the exact byte of any error. A single-frame archive
/// is therefore one range, read as before.
///
/// Threading: not thread-safe; `DecodeAhead` calls it under its lock.
final class ZstdFrameRanges {
    private let base: UnsafeRawPointer
    private let size: Int
    private let rangeTarget: Int
    private let searchLimit: Int
    private var cursor = 0
    /// Bytes before this (page-aligned) have been dropped from the mapping.
    private var released = 0

    /// nil when the file cannot be mapped (not a regular file, empty) or
    /// does not start with a zstd frame: it is then read whole, as a stream.
    init?(path: String, rangeTarget: Int = 2 << 20, searchLimit: Int = 64 << 20) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size >= 4 else { return nil }
        let size = Int(info.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else { return nil }
        let magic = mapped.loadUnaligned(as: UInt32.self).littleEndian
        guard magic == 0xFD2F_B528 || (magic & 0xFFFF_FFF0) == 0x184D_2A50 else {
            munmap(mapped, size)
            return nil
        }
        self.base = UnsafeRawPointer(mapped)
        self.size = size
        self.rangeTarget = max(1, rangeTarget)
        self.searchLimit = max(1, searchLimit)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// The next range, or nil once the file is covered.
    func next() -> Range<Int64>? {
        guard cursor < size else { return nil }
        let start = cursor
        var end = cursor
        while end < size && end - start < rangeTarget {
            let frame = ZSTD_findFrameCompressedSize(base + end, min(size - end, searchLimit))
            if ZSTD_isError(frame) != 0 || frame == 0 {
                end = size
                break
            }
            end += frame
        }
        cursor = end
        // Walked headers leave the mapping, so that resident memory does
        // not grow with the file (mapped pages count towards RSS).
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let walked = min(end, size) / page * page
        if walked > released {
            madvise(UnsafeMutableRawPointer(mutating: base + released), walked - released, MADV_DONTNEED)
            released = walked
        }
        return Int64(start)..<Int64(end)
    }
}
