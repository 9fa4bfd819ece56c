import Foundation
import Testing
@testable import OffsideCore

@Suite struct PatternDatabaseCacheTests {
    static let yaml = """
    pack: cache-test
    version: 1
    rules:
      - id: payment.method.paypal
        category: payment.method
        severity: 3
        patterns: [{literal: paypal}, {regex: 'pay\\s*pal\\.me/\\w+'}]
    """

    func matches(_ compiled: CompiledRulePack, _ text: String) -> [RawMatch] {
        let scratch = PatternScratch(database: compiled.database)
        Array(text.utf8).withUnsafeBytes { scratch.scan($0) }
        return Array(scratch.matches.elements)
    }

    @Test func aSecondCompileLoadsTheSameDatabase() throws {
        let cache = PatternDatabaseCache(directory: TestSupport.temporaryDirectory().path + "/cache")
        let pack = try RulePackLoader.load(yaml: Self.yaml, source: "p.yaml")
        let first = try CompiledRulePack(pack, cache: cache)
        #expect(!first.database.wasCached)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.directory)
        #expect(files.count == 1 && files[0].hasSuffix(".hsdb"))
        let second = try CompiledRulePack(pack, cache: cache)
        #expect(second.database.wasCached)
        // The widths come back from the entry, not from asking the engine.
        #expect(second.database.fixedWidths == first.database.fixedWidths && first.database.fixedWidths.contains(6))
        let text = "send it to paypal.me/maria or my paypal"
        #expect(matches(first, text).map { [$0.pattern, $0.from, $0.to] } == matches(second, text).map { [$0.pattern, $0.from, $0.to] })
        #expect(Set(matches(second, text).map(\.pattern)) == [0, 1])  // both patterns matched
    }

    @Test func aChangedPatternIsADifferentEntry() throws {
        let cache = PatternDatabaseCache(directory: TestSupport.temporaryDirectory().path + "/cache")
        _ = try CompiledRulePack(RulePackLoader.load(yaml: Self.yaml, source: "p.yaml"), cache: cache)
        let changed = try CompiledRulePack(RulePackLoader.load(yaml: Self.yaml.replacingOccurrences(of: "literal: paypal", with: "literal: venmo"),
                                                               source: "p.yaml"), cache: cache)
        #expect(!changed.database.wasCached)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).count == 2)
    }

    @Test func aCorruptEntryIsCompiledAgainAndReplaced() throws {
        let cache = PatternDatabaseCache(directory: TestSupport.temporaryDirectory().path + "/cache")
        let pack = try RulePackLoader.load(yaml: Self.yaml, source: "p.yaml")
        _ = try CompiledRulePack(pack, cache: cache)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.directory).first)
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: cache.directory + "/" + name))
        let again = try CompiledRulePack(pack, cache: cache)
        #expect(!again.database.wasCached)
        #expect(matches(again, "my paypal").count == 1)
        #expect(try CompiledRulePack(pack, cache: cache).database.wasCached)
    }

    @Test func oldEntriesAreTrimmed() throws {
        var cache = PatternDatabaseCache(directory: TestSupport.temporaryDirectory().path + "/cache")
        cache.maxEntries = 2
        for word in ["alpha", "bravo", "charlie"] {
            _ = try CompiledRulePack(RulePackLoader.load(yaml: Self.yaml.replacingOccurrences(of: "literal: paypal", with: "literal: \(word)"),
                                                         source: "p.yaml"), cache: cache)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter { $0.hasSuffix(".hsdb") }.count == 2)
    }

    @Test func theDirectoryComesFromTheEnvironment() {
        #expect(PatternDatabaseCache.standard(environment: ["OFFSIDE_CACHE_DIR": "/x", "HOME": "/h"])?.directory == "/x")
        #expect(PatternDatabaseCache.standard(environment: ["OFFSIDE_CACHE_DIR": "", "HOME": "/h"]) == nil)
        #expect(PatternDatabaseCache.standard(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"])?.directory == "/c/offside")
        #expect(PatternDatabaseCache.standard(environment: ["HOME": "/h"])?.directory == "/h/.cache/offside")
        #expect(PatternDatabaseCache.standard(environment: [:]) == nil)
    }
}
