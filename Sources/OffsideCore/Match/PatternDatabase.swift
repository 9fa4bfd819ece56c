#if canImport(Glibc)
import Glibc
#endif
import CVectorscan

/// One Vectorscan block-mode database holding every pattern of a rule pack,
/// compiled once per run. Patterns are compiled caseless and multi-line with
/// leftmost start-of-match, over bytes (not UTF-8 mode: the normaliser has already
/// folded what matters, and invalid UTF-8 in messages must not be undefined
/// behaviour).
///
/// Threading: immutable after init and shared by all workers (Hyperscan's
/// databases are read-only during scans); each worker scans with its own
/// `PatternScratch`.
public final class PatternDatabase: @unchecked Sendable {
    let database: OpaquePointer
    /// For each engine pattern id: the index of its rule in the pack.
    public let ruleIndexOfPattern: [Int32]
    public let patternCount: Int

    /// Whether the database came from `cache` instead of being compiled.
    public let wasCached: Bool

    public init(pack: RulePack, cache: PatternDatabaseCache? = nil) throws(RulePackError) {
        var expressions: [String] = []
        var ruleIndex: [Int32] = []
        for (index, rule) in pack.rules.enumerated() {
            for pattern in rule.patterns {
                expressions.append(pattern.expression)
                ruleIndex.append(Int32(index))
            }
        }
        // MULTILINE: `^` and `$` match at the `\n` that separates messages
        // in a scanned chunk (no message contains one after normalising), so
        // anchors mean the start and end of a message.
        let flag = UInt32(HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST | HS_FLAG_MULTILINE)
        let cacheKey = cache.map { _ in PatternDatabaseCache.key(expressions: expressions, flags: flag, mode: UInt32(HS_MODE_BLOCK)) }
        if let cache, let cacheKey, let cached = cache.load(key: cacheKey) {
            self.database = cached
            self.ruleIndexOfPattern = ruleIndex
            self.patternCount = expressions.count
            self.wasCached = true
            return
        }
        let flags = [UInt32](repeating: flag, count: expressions.count)
        let ids = (0..<UInt32(expressions.count)).map { $0 }
        var database: OpaquePointer?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        let cStrings = expressions.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let status = cStrings.withUnsafeBufferPointer { strings in
            strings.withMemoryRebound(to: UnsafePointer<CChar>?.self) { pointers in
                hs_compile_multi(pointers.baseAddress, flags, ids, UInt32(expressions.count),
                                 UInt32(HS_MODE_BLOCK), nil, &database, &compileError)
            }
        }
        guard status == HS_SUCCESS, let database else {
            let message = compileError.map { String(cString: $0.pointee.message) } ?? "error code \(status)"
            let which = compileError.map { Int($0.pointee.expression) } ?? -1
            if let compileError { hs_free_compile_error(compileError) }
            if which >= 0 && which < ruleIndex.count {
                let rule = pack.rules[Int(ruleIndex[which])]
                let patternNumber = which - (ruleIndex.firstIndex(of: ruleIndex[which]) ?? 0) + 1
                throw RulePackError(source: pack.source, ruleID: rule.id,
                                    message: "pattern \(patternNumber) (\(PatternDatabase.describe(rule.patterns[patternNumber - 1]))) does not compile: \(message)")
            }
            throw RulePackError(source: pack.source, message: "the pattern database does not compile: \(message)")
        }
        self.database = database
        self.ruleIndexOfPattern = ruleIndex
        self.patternCount = expressions.count
        self.wasCached = false
        if let cache, let cacheKey { cache.store(database, key: cacheKey) }
    }

    deinit { hs_free_database(database) }

    static func describe(_ pattern: RulePattern) -> String {
        switch pattern {
        case .literal(let text): return "literal '\(text)'"
        case .regex(let text): return "regex '\(text)'"
        }
    }

    /// The compiled database's size in bytes, for the summary and benchmarks.
    public var byteSize: Int {
        var size = 0
        hs_database_size(database, &size)
        return size
    }
}

/// One engine match: the pattern and its span in the scanned buffer.
public struct RawMatch: Sendable, BitwiseCopyable {
    public var pattern: UInt32
    public var from: UInt32
    public var to: UInt32
}

/// A worker's Vectorscan scratch space plus the buffer its matches land in.
///
/// Threading: not thread-safe; exactly one worker owns an instance.
public final class PatternScratch {
    private var scratch: OpaquePointer?
    let database: PatternDatabase
    public let matches = GrowableBuffer<RawMatch>(capacity: 1 << 14)

    public init(database: PatternDatabase) {
        self.database = database
        let status = hs_alloc_scratch(database.database, &scratch)
        precondition(status == HS_SUCCESS, "hs_alloc_scratch failed (\(status)); out of memory?")
    }

    deinit { hs_free_scratch(scratch) }

    /// Scans `bytes` and leaves every match in `matches` (cleared first).
    public func scan(_ bytes: UnsafeRawBufferPointer) {
        matches.removeAll()
        guard bytes.count > 0 else { return }
        // Hyperscan takes a 32-bit length; chunks are a few MB.
        precondition(bytes.count < Int(UInt32.max), "scan buffer larger than 4 GiB")
        let context = Unmanaged.passUnretained(matches).toOpaque()
        let status = hs_scan(database.database, bytes.baseAddress!.assumingMemoryBound(to: CChar.self),
                             UInt32(bytes.count), 0, scratch, { id, from, to, _, context in
                                 let sink = Unmanaged<GrowableBuffer<RawMatch>>.fromOpaque(context!).takeUnretainedValue()
                                 sink.append(RawMatch(pattern: id, from: UInt32(from), to: UInt32(to)))
                                 return 0
                             }, context)
        precondition(status == HS_SUCCESS, "hs_scan failed (\(status))")
    }
}
