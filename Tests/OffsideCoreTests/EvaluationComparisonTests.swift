import Foundation
import Testing
@testable import OffsideCore

/// `offside eval --baseline`: two packs on the same labelled messages, and
/// the calls that differ between them.
@Suite struct EvaluationComparisonTests {
    // The two one-rule packs of the bench tests.
    static func pack(_ rules: String) throws -> CompiledRulePack { try CompiledRulePack(BenchTests.pack(version: 1, rules)) }
    static let paypal = BenchTests.paypal
    static let venmo = BenchTests.venmo

    func labelledSet() -> [InputFile] {
        func labelled(_ id: String, _ text: String, _ labels: [String], hard: Bool = false) -> String {
            let list = labels.map { "\"\($0)\"" }.joined(separator: ",")
            return TestSupport.record(id: id, text: text).dropLast() + ",\"labels\":[\(list)],\"obfuscation\":[],\"hard_negative\":\(hard)}"
        }
        let lines = [
            labelled("paid", "pay me on paypal", ["payment.method"]),
            labelled("venmo", "venmo works for me", ["payment.method"]),
            labelled("docs", "the venmo api docs are out of date", [], hard: true),
            labelled("hello", "hello there", []),
            labelled("both", "paypal or venmo, your pick", ["payment.method"]),
        ]
        let path = TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "set.jsonl",
                                     in: TestSupport.temporaryDirectory())
        return [InputFile(path: path)]
    }

    @Test func listsTheCallsThatDifferWithTheRulesBehindThem() throws {
        let comparison = try Evaluation.compare(inputs: labelledSet(), compiled: Self.pack(Self.paypal + Self.venmo),
                                                baseline: Self.pack(Self.paypal), threads: 1)
        let before = try #require(comparison.baseline.categories.first { $0.category == "payment.method" })
        let after = try #require(comparison.new.categories.first { $0.category == "payment.method" })
        #expect(before.truePositives == 2 && before.falsePositives == 0 && before.falseNegatives == 1)
        #expect(after.truePositives == 3 && after.falsePositives == 1 && after.falseNegatives == 0)
        #expect(comparison.changes == [
            .init(messageID: "venmo", category: "payment.method", kind: .nowFound, rules: ["payment.method.venmo"], text: "venmo works for me"),
            .init(messageID: "docs", category: "payment.method", kind: .newFalsePositive, rules: ["payment.method.venmo"],
                  text: "the venmo api docs are out of date"),
        ])
        #expect(comparison.new.hardNegativeFalsePositives == 1 && comparison.baseline.hardNegativeFalsePositives == 0)
    }

    @Test func aCallTheNewPackNoLongerMakesNamesTheBaselinesRule() throws {
        let comparison = try Evaluation.compare(inputs: labelledSet(), compiled: Self.pack(Self.paypal),
                                                baseline: Self.pack(Self.paypal + Self.venmo), threads: 1)
        #expect(comparison.changes.map(\.kind) == [.nowMissed, .falsePositiveGone])
        #expect(comparison.changes.allSatisfy { $0.rules == ["payment.method.venmo"] })
    }

    @Test func blindOutputLeavesTheTextsOut() throws {
        let comparison = try Evaluation.compare(inputs: labelledSet(), compiled: Self.pack(Self.paypal + Self.venmo),
                                                baseline: Self.pack(Self.paypal), threads: 1)
        let blind = comparison.table(blind: true)
        #expect(blind.contains("FOUND   payment.method venmo [payment.method.venmo]"))
        #expect(blind.contains("NEW FP  payment.method docs [payment.method.venmo]"))
        #expect(!blind.contains("venmo works") && !blind.contains("api docs"))
        #expect(comparison.table(blind: false).contains("venmo works for me"))
        #expect(comparison.withoutTexts.changes.allSatisfy { $0.text.isEmpty })
    }

    @Test func unchangedPacksChangeNoCall() throws {
        let comparison = try Evaluation.compare(inputs: labelledSet(), compiled: Self.pack(Self.paypal),
                                                baseline: Self.pack(Self.paypal), threads: 1)
        #expect(comparison.changeCount == 0)
        #expect(comparison.table(blind: false).contains("no call changed"))
    }

    /// `--per-rule`: what each rule found, and what only it found.
    @Test func perRuleScoresCountTheMessagesOnlyARuleFound() throws {
        let report = try Evaluation.run(inputs: labelledSet(), compiled: Self.pack(Self.paypal + Self.venmo), threads: 1)
        let byRule = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.rule, $0) })
        let paypal = try #require(byRule["payment.method.paypal"])
        let venmo = try #require(byRule["payment.method.venmo"])
        #expect((paypal.messages, paypal.truePositives, paypal.falsePositives, paypal.onlyFinder) == (2, 2, 0, 1))
        #expect((venmo.messages, venmo.truePositives, venmo.falsePositives, venmo.onlyFinder) == (3, 2, 1, 1))
        #expect(report.ruleTable.contains("payment.method.venmo"))
    }
}
