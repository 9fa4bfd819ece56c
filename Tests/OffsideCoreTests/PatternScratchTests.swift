import CVectorscan
import Foundation
import Testing
@testable import OffsideCore

/// The matcher finds ends with one database and starts with one database per
/// pattern; together they must give what one database with leftmost
/// start-of-match gives over each message alone.
@Suite struct PatternScratchTests {
    struct Match: Hashable, CustomStringConvertible {
        var pattern: UInt32
        var from: UInt32
        var to: UInt32
        var description: String { "p\(pattern) \(from)..<\(to)" }
    }

    /// `texts` as one chunk: normalised, as the scan path does, or as written.
    static func chunk(_ texts: [String], normalize: Bool) -> (bytes: [UInt8], spans: [NormalizedSpan]) {
        let text = NormalizedText()
        let normalizer = TextNormalizer()
        var spans: [NormalizedSpan] = []
        for message in texts {
            if normalize {
                spans.append(Array(message.utf8).withUnsafeBytes { normalizer.append($0, to: text) })
            } else {
                let start = Int32(text.bytes.count)
                for byte in message.utf8 { text.bytes.append(byte) }
                spans.append(NormalizedSpan(start: start, end: Int32(text.bytes.count), originBase: -1))
            }
            text.bytes.append(0x0A)
        }
        return (Array(text.bytes.bytes), spans)
    }

    static func scan(_ compiled: CompiledRulePack, _ texts: [String], normalize: Bool) -> Set<Match> {
        let (bytes, spans) = chunk(texts, normalize: normalize)
        let scratch = PatternScratch(database: compiled.database)
        bytes.withUnsafeBytes { raw in spans.withUnsafeBufferPointer { scratch.scan(raw, messages: $0) } }
        return Set((0..<scratch.matches.count).map { k in
            let m = scratch.matches[k]
            return Match(pattern: m.pattern, from: m.from, to: m.to)
        })
    }

    /// Every pattern of the pack in one database with leftmost
    /// start-of-match (the `single` layout), scanned over each message on
    /// its own.
    static func reference(_ compiled: CompiledRulePack, _ texts: [String], normalize: Bool) throws -> Set<Match> {
        let single = try CompiledRulePack(compiled.pack, layout: .single)
        let scratch = PatternScratch(database: single.database)
        let (bytes, spans) = chunk(texts, normalize: normalize)
        var matches = Set<Match>()
        for span in spans where span.count > 0 {
            Array(bytes[Int(span.start)..<Int(span.end)]).withUnsafeBytes { scratch.scan($0) }
            for k in 0..<scratch.matches.count {
                let m = scratch.matches[k]
                matches.insert(Match(pattern: m.pattern, from: UInt32(span.start) + m.from, to: UInt32(span.start) + m.to))
            }
        }
        return matches
    }

    static let yaml = """
    pack: scratch-test
    version: 1
    rules:
      - id: payment.method.paypal
        category: payment.method
        severity: 3
        patterns: [{literal: paypal}, {regex: 'paypal\\.me/\\w+'}]
      - id: contact.phone.number
        category: contact.phone
        severity: 5
        patterns: [{regex: '\\d([ -]?\\d){6,}'}]
    """

    /// Whether the linked engine can be trusted without start-of-match.
    static let engineIsTrusted = MatcherLayout.trusted(engineVersion: String(cString: hs_version())) == .split

    @Test func theLayoutFollowsTheEngineVersion() {
        #expect(MatcherLayout.trusted(engineVersion: "5.4.0 2021-01-26") == .split)   // Intel Hyperscan
        #expect(MatcherLayout.trusted(engineVersion: "5.4.2 2021-05-06") == .split)
        #expect(MatcherLayout.trusted(engineVersion: "5.4.9 2023-03-23") == .single)  // Debian's Vectorscan
        #expect(MatcherLayout.trusted(engineVersion: "5.4.11 2023-11-17") == .single)
        #expect(MatcherLayout.trusted(engineVersion: "5.4.12 2025-06-30") == .split)
        #expect(MatcherLayout.trusted(engineVersion: "6.0.0") == .split)
        #expect(MatcherLayout.trusted(engineVersion: "unknown") == .single)
    }

    @Test(arguments: MatcherLayout.allCases)
    func fixedAndVariableWidthPatternsGiveWholeMatches(layout: MatcherLayout) throws {
        let compiled = try CompiledRulePack(RulePackLoader.load(yaml: Self.yaml, source: "test.yaml"), layout: layout)
        if layout == .split {
            // The literal has one width; the link and the digit run do not.
            #expect(compiled.database.fixedWidths == [6, -1, -1])
            #expect(compiled.database.startFinders.map { $0 != nil } == [false, true, true])
        } else {
            #expect(compiled.database.startFinderCount == 0)
        }
        let texts = ["pay by paypal", "paypal.me/maria or 0612 345 678", "nothing here", "", "call 555 0199 123"]
        // Offsets are in the chunk: messages are joined by `\n`.
        let expected: Set<Match> = [
            Match(pattern: 0, from: 7, to: 13),                        // paypal
            Match(pattern: 0, from: 14, to: 20),                       // paypal (of the link)
            // The link: one match per end, each from the leftmost start.
            Match(pattern: 1, from: 14, to: 25), Match(pattern: 1, from: 14, to: 26),
            Match(pattern: 1, from: 14, to: 27), Match(pattern: 1, from: 14, to: 28), Match(pattern: 1, from: 14, to: 29),
        ]
        let found = Self.scan(compiled, texts, normalize: false)
        #expect(found.filter { $0.pattern < 2 } == expected)
        // The digit runs end at every digit from the seventh on, in both messages.
        let runs = found.filter { $0.pattern == 2 }.sorted { $0.to < $1.to }
        #expect(runs.map(\.from) == [33, 33, 33, 33, 65, 65, 65, 65])
        #expect(runs.map(\.to) == [41, 43, 44, 45, 73, 75, 76, 77])
        #expect(found == (try Self.reference(compiled, texts, normalize: false)))
    }

    /// The message that showed the engine bug: the layout the engine is
    /// given must still find it.
    @Test func theMessageThatShowedTheEngineBugIsFound() {
        let text = "sure, no worries, i'll fund milestone 3 here."
        let entries = MatchExplanation.entries(for: text, compiled: TestSupport.defaultPack, foundRules: [])
        #expect(entries.contains { $0.rule == "refusal.keep_on_platform_multilingual" && $0.matched == "fund milestone 3 here" })
    }

    /// On an engine with the bug `MatcherLayout` describes, `split` misses
    /// matches here, which is why such an engine gets `single`.
    @Test(.enabled(if: engineIsTrusted, "the linked engine misses matches without start-of-match (VectorCamp/vectorscan#317)"))
    func theDefaultPackMatchesAsOneStartOfMatchDatabase() throws {
        let eval = EvaluationTests.root.appendingPathComponent("Data/eval")
        var texts: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: eval.path).sorted() where name.hasSuffix(".jsonl") {
            for line in try String(contentsOf: eval.appendingPathComponent(name), encoding: .utf8).split(separator: "\n") {
                if let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                   let text = object["text"] as? String { texts.append(text) }
            }
        }
        try #require(texts.count > 1000)
        let compiled = try CompiledRulePack(RulePackLoader.loadDefault(), layout: .split)
        let found = Self.scan(compiled, texts, normalize: true)
        let expected = try Self.reference(compiled, texts, normalize: true)
        #expect(found.count > 1000)
        // Both kinds of pattern are exercised.
        #expect(found.contains { compiled.database.fixedWidths[Int($0.pattern)] >= 0 })
        #expect(found.contains { compiled.database.fixedWidths[Int($0.pattern)] < 0 })
        #expect(found.subtracting(expected).isEmpty, "\(found.subtracting(expected).prefix(5))")
        #expect(expected.subtracting(found).isEmpty, "\(expected.subtracting(found).prefix(5))")
    }
}
