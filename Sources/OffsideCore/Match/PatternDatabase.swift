import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import CVectorscan

/// A rule pack's patterns compiled for Vectorscan's block mode, in two parts:
///
/// - **Triggers**: one database of every pattern, without start-of-match.
///   It finds where each pattern's matches end, in one pass over a chunk.
/// - **Start finders**: for each pattern whose matches can have different
///   lengths, a database of that pattern alone, with leftmost
///   start-of-match. It is run only over a message in which the trigger
///   database saw the pattern end. A pattern of fixed width needs none:
///   its matches start `width` bytes before they end.
///
/// Why: leftmost start-of-match over the whole database made the engine
/// about twice as slow on the default pack (it tracks starts for every
/// pattern at every byte), while most messages match nothing and the rest
/// match a few patterns. The matches are those of one database with
/// leftmost start-of-match scanned over each message alone. Variable-width
/// patterns are triggers in prefilter mode: the engine may simplify them
/// (bounded repeats, say) because their start finder confirms every match,
/// and one that opens with a repeated class is found by a cheaper
/// expression with the same ends (`TriggerExpression`).
///
/// That is the `split` layout. With `single` (see `MatcherLayout`), the
/// trigger database itself has leftmost start-of-match and there are no
/// start finders.
///
/// Patterns are caseless and multi-line, over bytes (not UTF-8 mode: the
/// normaliser has already folded what matters, and invalid UTF-8 in
/// messages must not be undefined behaviour).
///
/// Threading: immutable after init and shared by all workers (Hyperscan's
/// databases are read-only during scans); each worker scans with its own
/// `PatternScratch`.
public final class PatternDatabase: @unchecked Sendable {
    let triggers: OpaquePointer
    /// By engine pattern id: the pattern alone with start-of-match, or nil
    /// when `fixedWidths` gives its start.
    let startFinders: [OpaquePointer?]
    /// By engine pattern id: the width of every match, or -1 when it varies.
    let fixedWidths: [Int32]
    /// For each engine pattern id: the index of its rule in the pack.
    public let ruleIndexOfPattern: [Int32]
    public let patternCount: Int

    /// Whether the databases came from `cache` instead of being compiled.
    public let wasCached: Bool
    public let layout: MatcherLayout

    // MULTILINE: `^` and `$` match at the `\n` that separates messages in a
    // scanned chunk (no message contains one after normalising), so anchors
    // mean the start and end of a message, in a chunk as in one message.
    static let triggerFlags = UInt32(HS_FLAG_CASELESS | HS_FLAG_MULTILINE)
    static let startFlags = UInt32(HS_FLAG_CASELESS | HS_FLAG_MULTILINE | HS_FLAG_SOM_LEFTMOST)
    /// Names the layout in cache keys, so an entry is never read as another
    /// layout (or an older form of this one).
    static func cacheName(_ layout: MatcherLayout) -> String {
        switch layout {
        case .split: return "triggers(prefilter, reduced)+start-finders/2"
        case .single: return "single/1"
        }
    }

    public init(pack: RulePack, cache: PatternDatabaseCache? = nil, layout: MatcherLayout = .preferred) throws(RulePackError) {
        var expressions: [String] = []
        var ruleIndex: [Int32] = []
        for (index, rule) in pack.rules.enumerated() {
            for pattern in rule.patterns {
                expressions.append(pattern.expression)
                ruleIndex.append(Int32(index))
            }
        }
        self.ruleIndexOfPattern = ruleIndex
        self.patternCount = expressions.count
        self.layout = layout
        let databaseCount = layout == .single ? 1 : 1 + expressions.count
        let cacheKey = cache.map { _ in
            PatternDatabaseCache.key(expressions: expressions, flags: Self.startFlags, mode: UInt32(HS_MODE_BLOCK),
                                     layout: Self.cacheName(layout))
        }
        // A cached entry brings the widths too: working them out asks the
        // engine about every pattern, which was 40% of a cached start-up.
        if let cache, let cacheKey, let cached = cache.load(key: cacheKey, count: databaseCount) {
            if let first = cached.databases[0], cached.widths.count == expressions.count,
               layout == .single || zip(cached.databases.dropFirst(), cached.widths).allSatisfy({ ($0 == nil) == ($1 >= 0) }) {
                self.fixedWidths = cached.widths
                self.triggers = first
                self.startFinders = Array(cached.databases.dropFirst())
                self.wasCached = true
                return
            }
            for case let database? in cached.databases { hs_free_database(database) }
        }
        let widths = layout == .single ? [Int32](repeating: -1, count: expressions.count)
            : expressions.map { Self.fixedWidth($0, flags: Self.triggerFlags) ?? -1 }
        self.fixedWidths = widths

        let fail = { (failure: CompileFailure) -> RulePackError in
            guard failure.pattern >= 0 && failure.pattern < ruleIndex.count else {
                return RulePackError(source: pack.source, message: "the pattern database does not compile: \(failure.message)")
            }
            let rule = pack.rules[Int(ruleIndex[failure.pattern])]
            let patternNumber = failure.pattern - (ruleIndex.firstIndex(of: ruleIndex[failure.pattern]) ?? 0) + 1
            return RulePackError(source: pack.source, ruleID: rule.id,
                                 message: "pattern \(patternNumber) (\(Self.describe(rule.patterns[patternNumber - 1]))) does not compile: \(failure.message)")
        }
        let triggers: OpaquePointer
        do {
            let flags = layout == .single ? [UInt32](repeating: Self.startFlags, count: expressions.count)
                : widths.map { $0 < 0 ? Self.triggerFlags | UInt32(HS_FLAG_PREFILTER) : Self.triggerFlags }
            let triggerExpressions = layout == .single ? expressions
                : zip(expressions, widths).map { expression, width in width < 0 ? Self.trigger(for: expression) : expression }
            triggers = try Self.compile(triggerExpressions, ids: Array(0..<UInt32(expressions.count)), flags: flags)
        } catch { throw fail(error) }

        // Each start finder compiles on its own, so they compile on every core.
        let variable = layout == .single ? [] : widths.indices.filter { widths[$0] < 0 }
        let sources = expressions
        let compiled = PartResults<Result<OpaquePointer, CompileFailure>>(count: variable.count)
        DispatchQueue.concurrentPerform(iterations: variable.count) { k in
            let id = variable[k]
            compiled.set(k, Result { () throws(CompileFailure) in
                try Self.compile([sources[id]], ids: [UInt32(id)], flags: [Self.startFlags])
            })
        }
        var finders = [OpaquePointer?](repeating: nil, count: layout == .single ? 0 : expressions.count)
        var firstFailure: CompileFailure?
        for (k, outcome) in compiled.values.enumerated() {
            switch outcome {
            case .success(let database): finders[variable[k]] = database
            case .failure(let failure): firstFailure = firstFailure ?? failure
            }
        }
        if let firstFailure {
            hs_free_database(triggers)
            for case let finder? in finders { hs_free_database(finder) }
            throw fail(firstFailure)
        }
        self.triggers = triggers
        self.startFinders = finders
        self.wasCached = false
        if let cache, let cacheKey { cache.store([triggers] + finders, widths: widths, key: cacheKey) }
    }

    deinit {
        hs_free_database(triggers)
        for case let finder? in startFinders { hs_free_database(finder) }
    }

    struct CompileFailure: Error {
        /// The engine pattern id, or -1 when the engine did not say.
        var pattern: Int
        var message: String
    }

    private static func compile(_ expressions: [String], ids: [UInt32], flags allFlags: [UInt32]) throws(CompileFailure) -> OpaquePointer {
        var database: OpaquePointer?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        let cStrings = expressions.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let status = cStrings.withUnsafeBufferPointer { strings in
            strings.withMemoryRebound(to: UnsafePointer<CChar>?.self) { pointers in
                hs_compile_multi(pointers.baseAddress, allFlags, ids, UInt32(expressions.count),
                                 UInt32(HS_MODE_BLOCK), nil, &database, &compileError)
            }
        }
        guard status == HS_SUCCESS, let database else {
            let message = compileError.map { String(cString: $0.pointee.message) } ?? "error code \(status)"
            let which = compileError.map { Int($0.pointee.expression) } ?? -1
            if let compileError { hs_free_compile_error(compileError) }
            throw CompileFailure(pattern: which >= 0 && which < ids.count ? Int(ids[which]) : -1, message: message)
        }
        return database
    }

    /// What the trigger database finds a variable-width pattern by: its
    /// `TriggerExpression` reduction when the engine takes that as a pattern
    /// that never matches empty, else the pattern itself.
    static func trigger(for expression: String) -> String {
        guard let reduced = TriggerExpression.reduced(expression) else { return expression }
        var info: UnsafeMutablePointer<hs_expr_info_t>?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        guard hs_expression_info(reduced, triggerFlags | UInt32(HS_FLAG_PREFILTER), &info, &compileError) == HS_SUCCESS,
              let info else {
            if let compileError { hs_free_compile_error(compileError) }
            return expression
        }
        defer { free(info) }
        return info.pointee.min_width > 0 ? reduced : expression
    }

    /// The width of every match of `expression`, when it is fixed.
    static func fixedWidth(_ expression: String, flags: UInt32) -> Int32? {
        var info: UnsafeMutablePointer<hs_expr_info_t>?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        guard hs_expression_info(expression, flags, &info, &compileError) == HS_SUCCESS, let info else {
            if let compileError { hs_free_compile_error(compileError) }
            return nil  // the compile that follows reports the error
        }
        defer { free(info) }
        let width = info.pointee.min_width
        return width == info.pointee.max_width && width > 0 && width < UInt32(Int32.max) ? Int32(width) : nil
    }

    static func describe(_ pattern: RulePattern) -> String {
        switch pattern {
        case .literal(let text): return "literal '\(text)'"
        case .regex(let text): return "regex '\(text)'"
        }
    }

    /// The compiled databases' size in bytes, for the summary and benchmarks.
    public var byteSize: Int {
        ([triggers] + startFinders.compactMap { $0 }).reduce(0) { total, database in
            var size = 0
            hs_database_size(database, &size)
            return total + size
        }
    }

    /// How many patterns have a start finder (their matches vary in width).
    public var startFinderCount: Int { startFinders.count { $0 != nil } }

    /// For the debug log: the engine, the layout and where the databases came from.
    public var summary: String {
        let engine = String(cString: hs_version()).split(separator: " ").first.map(String.init) ?? "?"
        let parts = layout == .split ? "a trigger database and \(startFinderCount) start finders" : "one start-of-match database"
        return "matcher: hs \(engine), \(layout.rawValue) layout, \(patternCount) patterns in \(parts)"
            + (wasCached ? ", loaded from the cache" : ", compiled")
    }
}
