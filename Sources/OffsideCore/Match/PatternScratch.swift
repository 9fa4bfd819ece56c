#if canImport(Glibc)
import Glibc
#endif
import CVectorscan

/// One engine match: the pattern and its span in the scanned buffer.
public struct RawMatch: Sendable, BitwiseCopyable {
    public var pattern: UInt32
    public var from: UInt32
    public var to: UInt32
}

/// A worker's Vectorscan scratch space plus the buffers its matches land in.
/// A scan runs the trigger database over the whole buffer, then each start
/// finder over the messages in which its pattern ended (see
/// `PatternDatabase`); in the `single` layout the trigger database's
/// matches are the matches.
///
/// Threading: not thread-safe; exactly one worker owns an instance.
public final class PatternScratch {
    private var scratch: OpaquePointer?
    let database: PatternDatabase
    /// Every match of the last scan, in no particular order.
    public let matches = GrowableBuffer<RawMatch>(capacity: 1 << 14)
    /// Where the trigger database saw patterns end (`from` is 0).
    private let ends = GrowableBuffer<RawMatch>(capacity: 1 << 14)
    /// Messages a start finder must scan, as `message << 32 | pattern`.
    private var pending: [UInt64] = []
    /// Per pattern: the span of the message last queued for it, so that its
    /// other ends there (a digit run ends at every digit) are skipped at once.
    private var queuedFrom: [Int32]
    private var queuedTo: [Int32]
    /// Where the message a start finder is scanning starts in the buffer.
    fileprivate var messageStart: UInt32 = 0

    public init(database: PatternDatabase) {
        self.database = database
        queuedFrom = Array(repeating: -1, count: database.patternCount)
        queuedTo = Array(repeating: -1, count: database.patternCount)
        pending.reserveCapacity(1 << 12)
        // One scratch serves every database once allocated for each.
        var status = hs_alloc_scratch(database.triggers, &scratch)
        for finder in database.startFinders where status == HS_SUCCESS {
            if let finder { status = hs_alloc_scratch(finder, &scratch) }
        }
        precondition(status == HS_SUCCESS, "hs_alloc_scratch failed (\(status)); out of memory?")
    }

    deinit { hs_free_scratch(scratch) }

    /// Scans `bytes`, whose messages are `messages` (in order, separated by
    /// bytes no pattern spans), and leaves every match in `matches`.
    public func scan(_ bytes: UnsafeRawBufferPointer, messages: UnsafeBufferPointer<NormalizedSpan>) {
        matches.removeAll()
        ends.removeAll()
        pending.removeAll(keepingCapacity: true)
        guard bytes.count > 0 else { return }
        // Hyperscan takes a 32-bit length; chunks are a few MB.
        precondition(bytes.count < Int(UInt32.max), "scan buffer larger than 4 GiB")
        let base = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
        let isSingle = database.layout == .single
        let status = hs_scan(database.triggers, base, UInt32(bytes.count), 0, scratch, { id, from, to, _, context in
            let sink = Unmanaged<GrowableBuffer<RawMatch>>.fromOpaque(context!).takeUnretainedValue()
            sink.append(RawMatch(pattern: id, from: UInt32(from), to: UInt32(to)))
            return 0
        }, Unmanaged.passUnretained(isSingle ? matches : ends).toOpaque())
        precondition(status == HS_SUCCESS, "hs_scan failed (\(status))")
        if isSingle { return }

        for k in 0..<queuedFrom.count {
            queuedFrom[k] = -1
            queuedTo[k] = -1
        }
        let widths = database.fixedWidths
        for k in 0..<ends.count {
            let end = ends[k]
            let pattern = Int(end.pattern)
            let width = widths[pattern]
            if width >= 0 {
                matches.append(RawMatch(pattern: end.pattern, from: end.to - UInt32(width), to: end.to))
                continue
            }
            let last = Int32(end.to) - 1
            if last >= queuedFrom[pattern] && last < queuedTo[pattern] { continue }
            guard let message = MatchResolver.message(containing: Int(last), spans: messages) else { continue }
            queuedFrom[pattern] = messages[message].start
            queuedTo[pattern] = messages[message].end
            pending.append(UInt64(message) << 32 | UInt64(pattern))
        }
        guard !pending.isEmpty else { return }
        // Ends may come out of order, so a pair can be queued twice.
        pending.sort()
        var previous = UInt64.max
        let context = Unmanaged.passUnretained(self).toOpaque()
        for pair in pending where pair != previous {
            previous = pair
            let span = messages[Int(pair >> 32)]
            messageStart = UInt32(span.start)
            let status = hs_scan(database.startFinders[Int(pair & 0xFFFF_FFFF)]!, base + Int(span.start), UInt32(span.count),
                                 0, scratch, { id, from, to, _, context in
                                     let owner = Unmanaged<PatternScratch>.fromOpaque(context!).takeUnretainedValue()
                                     owner.matches.append(RawMatch(pattern: id, from: owner.messageStart + UInt32(from),
                                                                   to: owner.messageStart + UInt32(to)))
                                     return 0
                                 }, context)
            precondition(status == HS_SUCCESS, "hs_scan failed (\(status))")
        }
    }

    /// Scans `bytes` taking each line as a message (for tests, benchmarks
    /// and single messages; the scan path passes its spans).
    public func scan(_ bytes: UnsafeRawBufferPointer) {
        var spans: [NormalizedSpan] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0x0A {
            spans.append(NormalizedSpan(start: Int32(start), end: Int32(index), originBase: -1))
            start = index + 1
        }
        spans.append(NormalizedSpan(start: Int32(start), end: Int32(bytes.count), originBase: -1))
        spans.withUnsafeBufferPointer { scan(bytes, messages: $0) }
    }
}
