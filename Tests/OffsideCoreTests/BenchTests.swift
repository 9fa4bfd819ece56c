import Foundation
import Testing
@testable import OffsideCore

/// `offside bench`: what it counts and compares (never how fast: timings
/// are not asserted).
@Suite struct BenchTests {
    static func pack(version: Int, _ rules: String) throws -> RulePack {
        try RulePackLoader.load(yaml: "pack: bench-test\nversion: \(version)\nrules:\n" + rules, source: "v\(version).yaml")
    }

    static let paypal = """
      - id: payment.method.paypal
        category: payment.method
        severity: 3
        patterns: [{literal: paypal}]

    """
    static let venmo = """
      - id: payment.method.venmo
        category: payment.method
        severity: 3
        patterns: [{regex: '\\bvenmo\\b'}]

    """
    static let venmoWide = """
      - id: payment.method.venmo
        category: payment.method
        severity: 3
        description: now also inside words
        patterns: [{regex: 'venmo'}]

    """
    static let zelle = """
      - id: payment.method.zelle
        category: payment.method
        severity: 3
        patterns: [{literal: zelle}]

    """

    static let texts = ["pay me on paypal", "venmo works", "myvenmo account", "zelle or paypal", "hello there", "paypal paypal"]

    func corpus() -> [InputFile] {
        let lines = Self.texts.enumerated().map { TestSupport.record(id: "m\($0.offset + 1)", text: $0.element) }
        let path = TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "corpus.jsonl",
                                     in: TestSupport.temporaryDirectory())
        return [InputFile(path: path)]
    }

    @Test func measuresFindingsPerRuleInCorpusOrder() throws {
        let compiled = try CompiledRulePack(Self.pack(version: 1, Self.paypal + Self.venmo))
        let m = try PackBenchmark.measure(compiled, compileSeconds: 0, inputs: corpus(), pipeline: PipelineOptions(threads: 2), runs: 2)
        #expect(m.runSeconds.count == 2)
        #expect(m.records == 6)
        #expect(m.byRule["payment.method.paypal"]?.messages == ["m1", "m4", "m6"])
        #expect(m.byRule["payment.method.paypal"]?.findings == 4)  // m6 twice
        #expect(m.byRule["payment.method.venmo"]?.messages == ["m2"])
        #expect(m.findings == 5)
    }

    @Test func diffNamesAddedRemovedChangedAndTheMessagesGainedAndLost() throws {
        let old = try Self.pack(version: 1, Self.paypal + Self.venmo)
        let new = try Self.pack(version: 2, Self.venmoWide + Self.zelle)
        let inputs = corpus()
        let before = try PackBenchmark.measure(CompiledRulePack(old), compileSeconds: 0, inputs: inputs, pipeline: PipelineOptions(threads: 1), runs: 1)
        let after = try PackBenchmark.measure(CompiledRulePack(new), compileSeconds: 0, inputs: inputs, pipeline: PipelineOptions(threads: 1), runs: 1)
        let diff = PackDiff(baseline: old, new: new, baselineFindings: before.byRule, newFindings: after.byRule, examples: 1)
        #expect(diff.added == ["payment.method.zelle"])
        #expect(diff.removed == ["payment.method.paypal"])
        #expect(diff.changed == ["payment.method.venmo"])
        let venmo = try #require(diff.rules.first { $0.rule == "payment.method.venmo" })
        #expect(venmo.fields == ["patterns"])  // the description is not a change
        #expect((venmo.baselineMessages, venmo.newMessages, venmo.gained, venmo.lost) == (1, 2, 1, 0))
        #expect(venmo.gainedExamples == ["m3"])
        let paypal = try #require(diff.rules.first { $0.rule == "payment.method.paypal" })
        #expect((paypal.status, paypal.lost, paypal.lostExamples) == (.removed, 3, ["m1"]))
        let zelle = try #require(diff.rules.first { $0.rule == "payment.method.zelle" })
        #expect((zelle.status, zelle.gained, zelle.gainedExamples) == (.added, 1, ["m4"]))
    }

    @Test func costProfileHasOneEntryPerProfiledRuleWithItsSampleFindings() throws {
        let compiled = try CompiledRulePack(Self.pack(version: 1, Self.paypal + Self.venmo + Self.zelle))
        let sample = try CorpusSample.read(corpus(), bytes: 1 << 20)
        #expect(sample.bytes > 0)
        let profile = try RuleCostProfiler.profile(compiled, sample: sample, rules: ["payment.method.paypal", "payment.method.zelle"],
                                                   repeats: 2, threads: 2)
        #expect(profile.repeats == 2)
        #expect(Set(profile.entries.map(\.rule)) == ["payment.method.paypal", "payment.method.zelle"])
        #expect(profile.entries.first { $0.rule == "payment.method.paypal" }?.sampleFindings == 4)
        #expect(profile.entries.first { $0.rule == "payment.method.zelle" }?.sampleFindings == 1)
        #expect(profile.fullSeconds > 0)
        // Sorted by cost, most expensive first.
        #expect(profile.entries.map(\.costSeconds) == profile.entries.map(\.costSeconds).sorted(by: >))
    }

    @Test func aOneRulePackIsProfiledAgainstNothing() throws {
        let compiled = try CompiledRulePack(Self.pack(version: 1, Self.paypal))
        let profile = try RuleCostProfiler.profile(compiled, sample: CorpusSample.read(corpus(), bytes: 1 << 20),
                                                   rules: ["payment.method.paypal"], repeats: 1, threads: 1)
        #expect(profile.entries.count == 1)
        #expect(profile.entries[0].costSeconds > 0)
    }

    @Test func anEmptyCorpusHasNoSample() {
        let path = TestSupport.write([], name: "empty.jsonl", in: TestSupport.temporaryDirectory())
        #expect(throws: BenchError.self) { try CorpusSample.read([InputFile(path: path)], bytes: 1 << 20) }
    }

    @Test func sizesParse() {
        #expect(ByteSize.parse("4MiB") == 4 << 20)
        #expect(ByteSize.parse("512KiB") == 512 << 10)
        #expect(ByteSize.parse("1.5GB") == 3 << 29)
        #expect(ByteSize.parse("65536") == 65536)
        #expect(ByteSize.parse("0") == nil)
        #expect(ByteSize.parse("four MiB") == nil)
        #expect(ByteSize.parse("-1MiB") == nil)
    }

    @Test func tableGroupsThousandsAndAlignsColumns() {
        #expect(BenchTable.group(1234567) == "1,234,567")
        #expect(BenchTable.group(-1000) == "-1,000")
        #expect(BenchTable.group(999) == "999")
        #expect(BenchTable.row(["rule", "12"], widths: [-6, 4]) == "rule     12")
    }
}
