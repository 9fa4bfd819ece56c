import Foundation

/// Counters a progress display reads while a scan runs: the reader adds
/// bytes, the aggregate stage adds records and findings.
///
/// Threading: thread-safe (one lock; updated once per chunk, not per
/// message).
public final class ScanProgress: @unchecked Sendable {
    public struct Counts: Sendable {
        /// Compressed bytes of every input to read in this run (0 for stdin).
        public var totalCompressedBytes: Int64 = 0
        /// Compressed (file) bytes read, over all inputs.
        public var compressedBytes: Int64 = 0
        /// Uncompressed bytes read.
        public var bytes: Int64 = 0
        public var records = 0
        public var findings = 0
        public var inputsDone = 0
        public var inputs = 0
    }

    private let lock = NSLock()
    private var counts = Counts()

    public init(totalCompressedBytes: Int64 = 0, inputs: Int = 0) {
        counts.totalCompressedBytes = totalCompressedBytes
        counts.inputs = inputs
    }

    public var current: Counts {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    public func update(_ change: (inout Counts) -> Void) {
        lock.lock()
        change(&counts)
        lock.unlock()
    }
}
