#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The n-gram scorer's weights, as scripts/train-scorer writes them
/// (Data/rules/default-scorer.tsv): per category a logistic regression over
/// the grams `NgramFeatures` reads. Held as an open-addressing table whose
/// slot carries the gram's hash and its row (`weight × idf` per category,
/// then `idf²`) together, so a gram costs one cache line: profiling showed
/// scoring waiting on memory, first for the key, then again for the row.
///
/// Threading: immutable after init; shared by all workers (hence
/// `@unchecked Sendable`: the table is raw memory nobody writes after init).
public final class ScorerModel: @unchecked Sendable {
    public let categories: [Category]
    public let charGrams: ClosedRange<Int>
    /// Added to each group's norm, so that a message of few grams is pulled
    /// only part of the way from the bias (the file's `damping` line).
    let damping: Double
    let bias: [Double]
    /// `slotBytes` per slot: the gram's hash (0 = empty; a gram hashing to 0
    /// is stored as 1), then `categories.count + 1` floats.
    let table: UnsafeMutableRawPointer
    let slotBytes: Int
    let slotMask: Int
    /// Per slot, where the gram's text is in `text` (for explanations).
    private let gramRanges: [Range<Int32>]
    private let text: [UInt8]
    public let gramCount: Int
    /// Where it came from (a path, or `built-in:…`) and the SHA-256 of its text.
    public let source: String
    public let sha256: String

    public init(tsv: String, source: String) throws(RulePackError) {
        let bytes = Array(tsv.utf8)
        let parsed = try Parsed(bytes, source: source)
        let count = parsed.categories.count
        var capacity = 16
        // Load at most 0.6: linear probing stays within a line or two.
        while capacity * 3 < parsed.grams.count * 5 { capacity *= 2 }
        var slotBytes = 8
        while slotBytes < 8 + 4 * (count + 1) { slotBytes *= 2 }
        let table = UnsafeMutableRawPointer.allocate(byteCount: capacity * slotBytes, alignment: 64)
        table.initializeMemory(as: UInt8.self, repeating: 0, count: capacity * slotBytes)
        var ranges = [Range<Int32>](repeating: 0..<0, count: capacity)
        for gram in parsed.grams {
            let key = gram.hash == 0 ? 1 : gram.hash
            var slot = Self.home(key, mask: capacity - 1)
            while case let found = table.load(fromByteOffset: slot * slotBytes, as: UInt64.self), found != 0 {
                guard found != key else {
                    table.deallocate()
                    let name = String(decoding: bytes[Int(gram.range.lowerBound)..<Int(gram.range.upperBound)], as: UTF8.self)
                    throw RulePackError(source: source, line: gram.line, message: "gram '\(name)' is listed twice, or its hash collides with another's")
                }
                slot = (slot + 1) & (capacity - 1)
            }
            let base = table + slot * slotBytes
            base.storeBytes(of: key, as: UInt64.self)
            for c in 0..<count { base.storeBytes(of: Float(gram.weights[c] * gram.idf), toByteOffset: 8 + 4 * c, as: Float.self) }
            base.storeBytes(of: Float(gram.idf * gram.idf), toByteOffset: 8 + 4 * count, as: Float.self)
            ranges[slot] = gram.range
        }
        self.categories = parsed.categories
        self.charGrams = parsed.charGrams
        self.damping = parsed.damping
        self.bias = parsed.bias
        self.table = table
        self.slotBytes = slotBytes
        self.slotMask = capacity - 1
        self.gramRanges = ranges
        self.text = bytes
        self.gramCount = parsed.grams.count
        self.source = source
        self.sha256 = SHA256.hex(of: bytes)
    }

    deinit { table.deallocate() }

    /// The scorer compiled into the binary (Data/rules/default-scorer.tsv).
    public static let builtIn: ScorerModel = {
        do { return try ScorerModel(tsv: DefaultScorer.tsv, source: "built-in:\(DefaultScorer.path)") } catch {
            fatalError("the built-in scorer does not load: \(error)")
        }
    }()

    public static func load(path: String) throws(RulePackError) -> ScorerModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RulePackError(source: path, message: "cannot read the scorer file the pack's 'scorer:' names (missing, or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RulePackError(source: path, message: "the scorer file is not UTF-8 text")
        }
        return try ScorerModel(tsv: text, source: path)
    }

    /// The row of the gram with this hash (its floats), or nil when the gram
    /// is not in the model.
    @inline(__always)
    func row(of hash: UInt64) -> UnsafePointer<Float>? {
        let key = hash == 0 ? 1 : hash
        var slot = Self.home(key, mask: slotMask)
        while true {
            let base = table + slot * slotBytes
            let found = base.load(as: UInt64.self)
            if found == key { return UnsafePointer((base + 8).assumingMemoryBound(to: Float.self)) }
            if found == 0 { return nil }
            slot = (slot + 1) & slotMask
        }
    }

    /// The gram whose row this is, as the file writes it ("w" or "c", then the gram).
    func gram(ofRow row: UnsafePointer<Float>) -> String {
        let slot = (UnsafeRawPointer(row) - 8 - UnsafeRawPointer(table)) / slotBytes
        // The line's kind letter, then (past the tab) the gram.
        let range = gramRanges[slot]
        let kind = text[Int(range.lowerBound)]
        return String(decoding: [kind] + text[(Int(range.lowerBound) + 2)..<Int(range.upperBound)], as: UTF8.self)
    }

    @inline(__always)
    private static func home(_ key: UInt64, mask: Int) -> Int {
        // FNV's low bits are weak for short inputs; fold the high half in.
        Int(truncatingIfNeeded: ((key ^ (key >> 29)) &* 0xbf58_476d_1ce4_e5b9) >> 32) & mask
    }
}

/// The model file read line by line from its bytes: the header lines, and
/// per gram its hash (kind letter, then the gram), idf and weights. Bytes,
/// not Strings: the default file has tens of thousands of lines and every
/// scan loads it.
private struct Parsed {
    struct Gram {
        var hash: UInt64
        /// From the kind letter to the gram's end, in the file's bytes (a tab between them).
        var range: Range<Int32>
        var line: Int
        var idf: Double
        var weights: [Double]
    }

    var categories: [Category] = []
    var charGrams: ClosedRange<Int> = 3...4
    var damping = 0.0
    var bias: [Double] = []
    var grams: [Gram] = []

    init(_ bytes: [UInt8], source: String) throws(RulePackError) {
        var terminated = bytes
        terminated.append(0)  // strtod stops at the tab or newline; the 0 ends the last line
        var result = Parsed()
        var failure: RulePackError?
        terminated.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            var start = 0
            var line = 0
            while start < bytes.count, failure == nil {
                line += 1
                var end = start
                while end < bytes.count, base[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                guard end > start, base[start] != UInt8(ascii: "#") else { continue }
                var tabs: [Int] = []
                for i in start..<end where base[i] == 0x09 { tabs.append(i) }
                let kind = String(decoding: UnsafeBufferPointer(start: base + start, count: (tabs.first ?? end) - start), as: UTF8.self)
                func fail(_ message: String) { failure = RulePackError(source: source, line: line, message: message) }
                func field(_ k: Int) -> String {
                    let from = tabs[k - 1] + 1, to = k < tabs.count ? tabs[k] : end
                    return String(decoding: UnsafeBufferPointer(start: base + from, count: to - from), as: UTF8.self)
                }
                /// Field k as a number; nil unless the whole field is one.
                func number(_ k: Int) -> Double? {
                    let from = tabs[k - 1] + 1, to = k < tabs.count ? tabs[k] : end
                    var consumed = 0
                    let value = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars -> Double in
                        var stop: UnsafeMutablePointer<CChar>?
                        let value = strtod(chars + from, &stop)
                        consumed = stop.map { UnsafePointer($0) - (chars + from) } ?? 0
                        return value
                    }
                    guard to > from, consumed == to - from else { return nil }
                    return value
                }
                switch kind {
                case "char_grams":
                    guard tabs.count == 2, let low = Int(field(1)), let high = Int(field(2)), 1 <= low, low <= high else {
                        return fail("char_grams is two lengths, like 3 and 4")
                    }
                    result.charGrams = low...high
                case "damping":
                    guard tabs.count == 1, let value = number(1), value >= 0 else { return fail("damping is one number, 0 or more") }
                    result.damping = value
                case "categories":
                    for k in 1...max(1, tabs.count) where k <= tabs.count {
                        guard let category = Category(rawValue: field(k)) else { return fail("unknown category '\(field(k))'") }
                        result.categories.append(category)
                    }
                case "bias":
                    result.bias = tabs.indices.compactMap { number($0 + 1) }
                    guard result.bias.count == result.categories.count, !result.categories.isEmpty else {
                        return fail("bias needs one number per category, after the categories line")
                    }
                case "w", "c":
                    let count = result.categories.count
                    guard !result.bias.isEmpty, tabs.count == 2 + count, let idf = number(2) else {
                        return fail("a gram line is kind, gram, idf and one weight per category (\(count)), after the bias line")
                    }
                    var weights: [Double] = []
                    weights.reserveCapacity(count)
                    for k in 3..<(3 + count) {
                        guard let weight = number(k) else { return fail("weight \(k - 2) is not a number") }
                        weights.append(weight)
                    }
                    var hash = FNV1a.feed(FNV1a.offset, base[start])
                    for i in (tabs[0] + 1)..<tabs[1] { hash = FNV1a.feed(hash, base[i]) }
                    result.grams.append(Gram(hash: hash, range: Int32(start)..<Int32(tabs[1]), line: line, idf: idf, weights: weights))
                default:
                    fail("unknown line kind '\(kind)'; expected char_grams, damping, categories, bias, w or c")
                }
            }
        }
        if let failure { throw failure }
        guard !result.grams.isEmpty else { throw RulePackError(source: source, message: "the scorer has no grams") }
        self = result
    }

    private init() {}
}
